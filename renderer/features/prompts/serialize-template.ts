import type { ChatTemplate } from '../../../shared/contract/prompts.js';

/**
 * One canonical text per template, for diffs: a `### role` header line before each message's
 * content, messages separated by a blank line.
 */
export function serializeTemplate(template: ChatTemplate): string {
  return template.messages.map((message) => `### ${message.role}\n${message.content}`).join('\n\n') + '\n';
}
