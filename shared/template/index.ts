/**
 * Jinja-style chat templates: variables and positioned problems for the editor, and rendering for
 * previews and runs, on top of @huggingface/jinja (an interpreter: no eval, no JS prototypes).
 */
export type { ChatTemplateAnalysis, ChatTemplateIssue, TemplateAnalysis, TemplateIssue } from './types.js';
export { analyzeTemplate } from './analyze.js';
export { analyzeChatTemplate, describeIssue } from './chat.js';
export { compileChatTemplate, renderChatTemplate, TemplateRenderError, type CompiledChatTemplate } from './render.js';
export { knownFilters, knownTests } from './builtins.js';
