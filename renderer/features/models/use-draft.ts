import { useState } from 'react';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A form's draft of `source`. When the source changes underneath (a save, another window) an
 * untouched draft follows it; a draft with edits keeps them, and `dirty` compares with the new source.
 */
export function useDraft<T>(source: T): { draft: T; setDraft(update: (current: T) => T): void; dirty: boolean; reset(): void } {
  const [state, setState] = useState({ base: source, draft: source });
  let current = state;
  if (!same(state.base, source)) {
    current = { base: source, draft: same(state.draft, state.base) ? source : state.draft };
    setState(current);
  }
  return {
    draft: current.draft,
    setDraft: (update) => setState((previous) => ({ ...previous, draft: update(previous.draft) })),
    dirty: !same(current.draft, current.base),
    reset: () => setState((previous) => ({ ...previous, draft: previous.base })),
  };
}
