import { chatTemplateLanguageId, jinjaLanguageId } from './jinja-language.js';
import { monaco } from './monaco-setup.js';

/** A text model for one message's template, or (`chat`) for a whole serialized chat template. */
export function createTemplateModel(text: string, kind: 'message' | 'chat' = 'message') {
  const model = monaco.editor.createModel(text, kind === 'chat' ? chatTemplateLanguageId : jinjaLanguageId);
  // Parentheses keep the theme's colours too, instead of rainbow bracket pairs.
  model.updateOptions({ tabSize: 2, bracketColorizationOptions: { enabled: false, independentColorPoolPerBracketType: false } });
  return model;
}
