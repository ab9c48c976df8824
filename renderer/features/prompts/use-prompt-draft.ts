import { useEffect, useState } from 'react';
import type { PromptDetail } from '../../../shared/contract/prompts.js';
import type { DraftStore } from './draft-store.js';
import { draftFromVersion, rebaseDraft, sameTemplate, toTemplate, type PromptDraft } from './template-draft.js';

export interface PromptDraftState {
  draft: PromptDraft;
  setDraft(update: (draft: PromptDraft) => PromptDraft): void;
  /** Differs from the newest saved version. */
  dirty: boolean;
  /** Set when a new version arrived while this draft had edits (which were kept). */
  overtakenBy: number | undefined;
  discard(): void;
}

export function usePromptDraft(detail: PromptDetail, store: DraftStore): PromptDraftState {
  const [draft, setDraftState] = useState<PromptDraft>(() => rebaseDraft(store.get(detail.id) ?? draftFromVersion(detail.head), detail.head).draft);
  const [overtakenBy, setOvertakenBy] = useState<number>();
  const dirty = !sameTemplate(toTemplate(draft.messages), detail.head.template);

  useEffect(() => {
    const { draft: next, kept } = rebaseDraft(draft, detail.head);
    if (next === draft) return;
    setDraftState(next);
    setOvertakenBy(kept ? detail.head.number : undefined);
    // Only a new head version is a reason to rebase.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [detail.head.hash]);

  useEffect(() => {
    store.set(detail.id, draft, dirty);
  }, [store, detail.id, draft, dirty]);

  return {
    draft,
    dirty,
    overtakenBy: dirty ? overtakenBy : undefined,
    setDraft: setDraftState,
    discard: () => {
      setDraftState((current) => draftFromVersion(detail.head, { ...current.samples }));
      setOvertakenBy(undefined);
    },
  };
}
