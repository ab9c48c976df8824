import type * as Monaco from 'monaco-editor/editor/editor.api.js';
import type { ResolvedTheme } from '../app/theme.js';

/** Editor colours follow the app's tokens (styles/tokens.css); Monaco needs them as hex. */
const palettes = {
  light: {
    base: 'vs',
    background: '#ffffff',
    foreground: '#1c1c21',
    lineNumber: '#b4b4bc',
    lineNumberActive: '#55555f',
    selection: '#dfe2fb',
    delimiter: '#5560d8',
    variable: '#0b6f8a',
    keyword: '#8a3fb8',
    filter: '#0f7b7b',
    string: '#a3461c',
    number: '#0f7b55',
    comment: '#8a8a94',
    constant: '#0f7b55',
    diffInserted: '#23794b22',
    diffRemoved: '#c2382f1f',
  },
  dark: {
    base: 'vs-dark',
    background: '#1b1b1f',
    foreground: '#e4e4e9',
    lineNumber: '#4c4c55',
    lineNumberActive: '#a4a4ae',
    selection: '#3a4080',
    delimiter: '#8d96f7',
    variable: '#5fd3e6',
    keyword: '#d09cf5',
    filter: '#5fd0c8',
    string: '#e7a37a',
    number: '#7dd3a4',
    comment: '#74747e',
    constant: '#7dd3a4',
    diffInserted: '#5cc48c26',
    diffRemoved: '#f0706a26',
  },
} as const;

export const monacoThemeName = (theme: ResolvedTheme) => `arbiter-${theme}`;

export function defineArbiterThemes(monaco: typeof Monaco): void {
  for (const theme of ['light', 'dark'] as const) {
    const p = palettes[theme];
    const strip = (hex: string) => hex.slice(1);
    monaco.editor.defineTheme(monacoThemeName(theme), {
      base: p.base,
      inherit: true,
      rules: [
        { token: '', foreground: strip(p.foreground) },
        { token: 'delimiter.output.jinja', foreground: strip(p.delimiter) },
        { token: 'delimiter.tag.jinja', foreground: strip(p.keyword) },
        { token: 'keyword.jinja', foreground: strip(p.keyword) },
        { token: 'variable.jinja', foreground: strip(p.variable), fontStyle: 'bold' },
        { token: 'function.jinja', foreground: strip(p.filter) },
        { token: 'filter.jinja', foreground: strip(p.filter), fontStyle: 'italic' },
        { token: 'operator.jinja', foreground: strip(p.comment) },
        { token: 'string.jinja', foreground: strip(p.string) },
        { token: 'string.escape.jinja', foreground: strip(p.keyword) },
        { token: 'number.jinja', foreground: strip(p.number) },
        { token: 'constant.jinja', foreground: strip(p.constant) },
        { token: 'comment.jinja', foreground: strip(p.comment), fontStyle: 'italic' },
        { token: 'role-header', foreground: strip(p.keyword), fontStyle: 'bold' },
      ],
      colors: {
        'editor.background': p.background,
        'editor.foreground': p.foreground,
        'editorLineNumber.foreground': p.lineNumber,
        'editorLineNumber.activeForeground': p.lineNumberActive,
        'editor.selectionBackground': p.selection,
        'editor.lineHighlightBackground': '#00000000',
        'editor.lineHighlightBorder': '#00000000',
        'editorGutter.background': p.background,
        'diffEditor.insertedTextBackground': p.diffInserted,
        'diffEditor.removedTextBackground': p.diffRemoved,
        'diffEditor.insertedLineBackground': p.diffInserted,
        'diffEditor.removedLineBackground': p.diffRemoved,
        focusBorder: '#00000000',
      },
    });
  }
}
