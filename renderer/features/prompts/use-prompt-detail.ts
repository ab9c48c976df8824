import { useCallback, useEffect, useRef, useState } from 'react';
import type { PromptDetail } from '../../../shared/contract/prompts.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';

export interface PromptDetailState {
  detail: PromptDetail | undefined;
  error: string | undefined;
  /** Fetches again; resolves when the new detail is in state. */
  reload(): Promise<void>;
  /** Takes a detail a mutation already returned, without another round trip. */
  accept(detail: PromptDetail): void;
}

export function usePromptDetail(promptId: string): PromptDetailState {
  const api = useApi();
  const [detail, setDetail] = useState<PromptDetail>();
  const [error, setError] = useState<string>();
  const request = useRef(0);

  const reload = useCallback(async () => {
    const id = ++request.current;
    try {
      const result = await api.prompts.get({ id: promptId });
      if (id !== request.current) return;
      setDetail(result);
      setError(undefined);
    } catch (reason) {
      if (id === request.current) setError(describeError(reason));
    }
  }, [api, promptId]);

  const accept = useCallback((next: PromptDetail) => {
    request.current++;
    setDetail(next);
    setError(undefined);
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  useEvent('prompts.changed', (payload) => {
    if (payload.promptId === promptId) void reload();
  });
  useReconnected(() => void reload());
  return { detail, error, reload, accept };
}
