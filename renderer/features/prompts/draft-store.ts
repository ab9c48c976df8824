import { useSyncExternalStore } from 'react';
import type { PromptDraft } from './template-draft.js';

/**
 * Unsaved drafts by prompt id, for as long as the window lives: switching prompts or screens
 * never loses what was typed. The list subscribes to know which prompts have unsaved changes.
 */
export class DraftStore {
  private readonly drafts = new Map<string, PromptDraft>();
  private readonly listeners = new Set<() => void>();
  private dirty: ReadonlySet<string> = new Set();

  get(promptId: string): PromptDraft | undefined {
    return this.drafts.get(promptId);
  }

  set(promptId: string, draft: PromptDraft, isDirty: boolean): void {
    this.drafts.set(promptId, draft);
    if (this.dirty.has(promptId) === isDirty) return;
    const next = new Set(this.dirty);
    if (isDirty) next.add(promptId);
    else next.delete(promptId);
    this.dirty = next;
    for (const listener of this.listeners) listener();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  dirtyIds = (): ReadonlySet<string> => this.dirty;
}

export function useDirtyPromptIds(store: DraftStore): ReadonlySet<string> {
  return useSyncExternalStore(store.subscribe, store.dirtyIds);
}
