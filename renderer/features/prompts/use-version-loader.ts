import { useCallback, useRef } from 'react';
import type { PromptVersion } from '../../../shared/contract/prompts.js';
import { useApi } from '../../transport/index.js';

/** Versions are immutable, so each one is fetched at most once. */
export function useVersionLoader(promptId: string): (number: number) => Promise<PromptVersion> {
  const api = useApi();
  const cache = useRef(new Map<number, Promise<PromptVersion>>());
  return useCallback(
    (number: number) => {
      let pending = cache.current.get(number);
      if (!pending) {
        pending = api.prompts.getVersion({ promptId, number });
        pending.catch(() => cache.current.delete(number));
        cache.current.set(number, pending);
      }
      return pending;
    },
    [api, promptId],
  );
}
