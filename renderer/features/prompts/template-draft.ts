import type { ChatRole, ChatTemplate, PromptVersion } from '../../../shared/contract/prompts.js';

/** A message being edited; `key` keeps its editor alive while messages move around. */
export interface DraftMessage {
  readonly key: string;
  readonly role: ChatRole;
  readonly content: string;
}

export interface DraftBase {
  readonly number: number;
  readonly hash: string;
  readonly template: ChatTemplate;
}

/** Unsaved work on one prompt. Plain data, replaced on every change. */
export interface PromptDraft {
  /** The version this draft started from (or was last brought up to date with). */
  readonly base: DraftBase;
  readonly messages: readonly DraftMessage[];
  readonly note: string;
  /** Sample values for the preview, by variable name. Not part of the prompt. */
  readonly samples: Readonly<Record<string, string>>;
  /** Only for a prompt that is not created yet. */
  readonly name?: string;
}

let nextKey = 0;
const newKey = () => `m${++nextKey}`;

export function toDraftMessages(template: ChatTemplate): DraftMessage[] {
  return template.messages.map((message) => ({ key: newKey(), role: message.role, content: message.content }));
}

export function draftFromVersion(version: PromptVersion, samples: Record<string, string> = {}): PromptDraft {
  return { base: baseOf(version), messages: toDraftMessages(version.template), note: '', samples };
}

function baseOf(version: PromptVersion): DraftBase {
  return { number: version.number, hash: version.hash, template: version.template };
}

/**
 * Brings a draft up to date with a new newest version (saved here, restored, or saved in another
 * window). Untouched drafts follow the new version; edits are never thrown away (`kept`).
 */
export function rebaseDraft(draft: PromptDraft, head: PromptVersion): { draft: PromptDraft; kept: boolean } {
  if (draft.base.hash === head.hash) return { draft, kept: false };
  const content = toTemplate(draft.messages);
  if (sameTemplate(content, head.template)) return { draft: { ...draft, base: baseOf(head) }, kept: false };
  if (sameTemplate(content, draft.base.template)) {
    return { draft: { ...draft, base: baseOf(head), messages: toDraftMessages(head.template) }, kept: false };
  }
  return { draft: { ...draft, base: baseOf(head) }, kept: true };
}

export function toTemplate(messages: readonly DraftMessage[]): ChatTemplate {
  return { messages: messages.map(({ role, content }) => ({ role, content })) };
}

export function sameTemplate(a: ChatTemplate, b: ChatTemplate): boolean {
  return (
    a.messages.length === b.messages.length &&
    a.messages.every((message, index) => message.role === b.messages[index]?.role && message.content === b.messages[index]?.content)
  );
}

/** The role a new turn most likely has: conversations alternate user and assistant. */
export function nextRole(messages: readonly DraftMessage[]): ChatRole {
  const last = messages.at(-1)?.role;
  return last === 'user' ? 'assistant' : 'user';
}

export function addMessage(messages: readonly DraftMessage[]): DraftMessage[] {
  return [...messages, { key: newKey(), role: nextRole(messages), content: '' }];
}

export function removeMessage(messages: readonly DraftMessage[], key: string): DraftMessage[] {
  return messages.length > 1 ? messages.filter((message) => message.key !== key) : [...messages];
}

export function moveMessage(messages: readonly DraftMessage[], key: string, offset: -1 | 1): DraftMessage[] {
  const from = messages.findIndex((message) => message.key === key);
  const to = from + offset;
  if (from < 0 || to < 0 || to >= messages.length) return [...messages];
  const next = [...messages];
  const [moved] = next.splice(from, 1);
  if (moved) next.splice(to, 0, moved);
  return next;
}

export function updateMessage(messages: readonly DraftMessage[], key: string, change: Partial<Pick<DraftMessage, 'role' | 'content'>>): DraftMessage[] {
  return messages.map((message) => (message.key === key ? { ...message, ...change } : message));
}
