import { useCallback, useEffect, useRef, useState } from 'react';
import type { PromptSummary } from '../../../shared/contract/prompts.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';

export interface PromptListState {
  prompts: PromptSummary[] | undefined;
  error: string | undefined;
  reload(): void;
}

/** Prompts matching a search; follows `prompts.changed` so other windows' edits show up. */
export function usePromptList(query: string, includeArchived: boolean): PromptListState {
  const api = useApi();
  const [prompts, setPrompts] = useState<PromptSummary[]>();
  const [error, setError] = useState<string>();
  const request = useRef(0);

  const reload = useCallback(() => {
    const id = ++request.current;
    api.prompts.list({ query, includeArchived }).then(
      (result) => {
        if (id !== request.current) return;
        setPrompts(result);
        setError(undefined);
      },
      (reason: unknown) => {
        if (id === request.current) setError(describeError(reason));
      },
    );
  }, [api, query, includeArchived]);

  useEffect(() => {
    const timer = setTimeout(reload, query ? 120 : 0);
    return () => clearTimeout(timer);
  }, [reload, query]);

  useEvent('prompts.changed', reload);
  useReconnected(reload);
  return { prompts, error, reload };
}
