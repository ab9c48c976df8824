/**
 * Monaco, bundled locally: the editor API plus only the features a prompt editor needs (no
 * language services). Every other module imports `monaco` from here, so this runs first.
 */
import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/editor/browser/coreCommands.js';
import 'monaco-editor/features/codeEditor/register.js';
import 'monaco-editor/features/diffEditor/register.js';
import 'monaco-editor/features/codicon/register.js';
import 'monaco-editor/features/bracketMatching/register.js';
import 'monaco-editor/features/clipboard/register.js';
import 'monaco-editor/features/comment/register.js';
import 'monaco-editor/features/contextmenu/register.js';
import 'monaco-editor/features/cursorUndo/register.js';
import 'monaco-editor/features/find/register.js';
import 'monaco-editor/features/gotoError/register.js';
import 'monaco-editor/features/hover/register.js';
import 'monaco-editor/features/linesOperations/register.js';
import 'monaco-editor/features/multicursor/register.js';
import 'monaco-editor/features/placeholderText/register.js';
import 'monaco-editor/features/toggleTabFocusMode/register.js';
import 'monaco-editor/features/unicodeHighlighter/register.js';
import 'monaco-editor/features/wordOperations/register.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import { registerJinjaLanguage } from './jinja-language.js';
import { defineArbiterThemes } from './monaco-themes.js';

// The editor worker computes diffs and word ranges; it is a same-origin module worker (CSP: worker-src 'self').
self.MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

registerJinjaLanguage(monaco);
defineArbiterThemes(monaco);

export { monaco };
export type Monaco = typeof monaco;
