import type * as Monaco from 'monaco-editor/editor/editor.api.js';

export const jinjaLanguageId = 'jinja';

const keywords = [
  'if', 'elif', 'else', 'endif', 'for', 'endfor', 'in', 'not', 'and', 'or', 'is', 'set', 'endset', 'macro',
  'endmacro', 'call', 'endcall', 'filter', 'endfilter', 'with', 'endwith', 'include', 'import', 'from', 'as',
  'block', 'endblock', 'extends', 'recursive', 'break', 'continue', 'generation', 'endgeneration',
];

/** Monarch grammar for Jinja inside plain text: `{{ }}`, `{% %}`, `{# #}`, filters, strings. */
const grammar: Monaco.languages.IMonarchLanguage = {
  defaultToken: '',
  keywords,
  constants: ['true', 'false', 'none', 'True', 'False', 'None'],
  tokenizer: {
    root: [
      [/\{#/, { token: 'comment.jinja', next: '@comment' }],
      [/\{%-?\s*raw\s*-?%\}/, { token: 'delimiter.tag.jinja', next: '@raw' }],
      [/\{%[-+]?/, { token: 'delimiter.tag.jinja', next: '@statement' }],
      [/\{\{-?/, { token: 'delimiter.output.jinja', next: '@expression' }],
      [/[^{]+/, ''],
      [/\{/, ''],
    ],
    comment: [
      [/#\}/, { token: 'comment.jinja', next: '@pop' }],
      [/[^#]+/, 'comment.jinja'],
      [/#/, 'comment.jinja'],
    ],
    raw: [
      [/\{%-?\s*endraw\s*-?%\}/, { token: 'delimiter.tag.jinja', next: '@pop' }],
      [/[^{]+/, ''],
      [/\{/, ''],
    ],
    statement: [
      [/[-+]?%\}/, { token: 'delimiter.tag.jinja', next: '@pop' }],
      { include: '@code' },
    ],
    expression: [
      [/-?\}\}/, { token: 'delimiter.output.jinja', next: '@pop' }],
      { include: '@code' },
    ],
    code: [
      [/\s+/, ''],
      [/(\|)(\s*)([A-Za-z_]\w*)/, ['operator.jinja', '', 'filter.jinja']],
      [/[A-Za-z_]\w*(?=\s*\()/, { cases: { '@keywords': 'keyword.jinja', '@default': 'function.jinja' } }],
      [/[A-Za-z_]\w*/, { cases: { '@keywords': 'keyword.jinja', '@constants': 'constant.jinja', '@default': 'variable.jinja' } }],
      [/\d+(\.\d+)?/, 'number.jinja'],
      [/"/, { token: 'string.jinja', next: '@doubleString' }],
      [/'/, { token: 'string.jinja', next: '@singleString' }],
      [/[()[\]{}]/, '@brackets'],
      [/[=<>!~+\-*/%.,:|]+/, 'operator.jinja'],
      [/./, ''],
    ],
    doubleString: [
      [/[^\\"]+/, 'string.jinja'],
      [/\\./, 'string.escape.jinja'],
      [/"/, { token: 'string.jinja', next: '@pop' }],
    ],
    singleString: [
      [/[^\\']+/, 'string.jinja'],
      [/\\./, 'string.escape.jinja'],
      [/'/, { token: 'string.jinja', next: '@pop' }],
    ],
  },
};

const configuration: Monaco.languages.LanguageConfiguration = {
  comments: { blockComment: ['{#', '#}'] },
  // Jinja delimiters are tokens, not brackets: bracket-pair colours would paint over their theme colour.
  brackets: [
    ['(', ')'],
    ['[', ']'],
  ],
  // Prompts are prose: only braces auto-close, so "don't" and (asides) type as written.
  autoClosingPairs: [{ open: '{', close: '}' }],
  surroundingPairs: [
    { open: '{', close: '}' },
    { open: '(', close: ')' },
    { open: '[', close: ']' },
    { open: '"', close: '"' },
  ],
};

/** A whole chat template as one text (`### role` lines before each message), as diffs show it. */
export const chatTemplateLanguageId = 'jinja-chat';

const chatGrammar: Monaco.languages.IMonarchLanguage = {
  ...grammar,
  tokenizer: { ...grammar.tokenizer, root: [[/^### (system|user|assistant)$/, 'role-header'], ...(grammar.tokenizer.root ?? [])] },
};

export function registerJinjaLanguage(monaco: typeof Monaco): void {
  if (monaco.languages.getLanguages().some((language) => language.id === jinjaLanguageId)) return;
  monaco.languages.register({ id: jinjaLanguageId, aliases: ['Jinja', 'jinja2'] });
  monaco.languages.setMonarchTokensProvider(jinjaLanguageId, grammar);
  monaco.languages.setLanguageConfiguration(jinjaLanguageId, configuration);
  monaco.languages.register({ id: chatTemplateLanguageId, aliases: ['Chat template'] });
  monaco.languages.setMonarchTokensProvider(chatTemplateLanguageId, chatGrammar);
  monaco.languages.setLanguageConfiguration(chatTemplateLanguageId, configuration);
}
