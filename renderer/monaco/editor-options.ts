import type * as Monaco from 'monaco-editor/editor/editor.api.js';
import type { Preferences } from '../../shared/preferences.js';

export const editorFontFamily = "'JetBrains Mono', 'SF Mono', 'Cascadia Mono', Menlo, Consolas, 'DejaVu Sans Mono', monospace";

/** Options shared by every editor in the app: a quiet editor for prose with template tags. */
export function baseEditorOptions(editor: Preferences['editor']): Monaco.editor.IEditorOptions {
  return {
    fontFamily: editorFontFamily,
    fontSize: editor.fontSize,
    lineHeight: Math.round(editor.fontSize * 1.55),
    wordWrap: editor.wordWrap ? 'on' : 'off',
    wrappingIndent: 'same',
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    overviewRulerLanes: 0,
    overviewRulerBorder: false,
    hideCursorInOverviewRuler: true,
    glyphMargin: false,
    folding: false,
    lineNumbersMinChars: 3,
    lineDecorationsWidth: 8,
    renderLineHighlight: 'none',
    occurrencesHighlight: 'off',
    selectionHighlight: false,
    quickSuggestions: false,
    suggestOnTriggerCharacters: false,
    parameterHints: { enabled: false },
    stickyScroll: { enabled: false },
    guides: { indentation: false },
    contextmenu: true,
    fixedOverflowWidgets: true,
    automaticLayout: false,
    unicodeHighlight: { ambiguousCharacters: false, invisibleCharacters: true },
  };
}
