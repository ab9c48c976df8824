import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReviewItem } from '../../../shared/contract/labeling.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';
import { useCoalesced } from './use-coalesced.js';

export type ReviewFilter = 'all' | 'disagreement' | 'flagged';

const refreshDelayMs = 1000;

/** Items in review (disagreement or flagged), fully revealed; read again when judgments change. */
export function useReview(taskSetId: string, filter: ReviewFilter): { items: ReviewItem[] | undefined; error: string | undefined; reload(): void } {
  const api = useApi();
  const [items, setItems] = useState<ReviewItem[]>();
  const [error, setError] = useState<string>();
  const request = useRef(0);

  const reload = useCallback(() => {
    const id = ++request.current;
    return api.labeling.review({ taskSetId, filter }).then(
      (list) => {
        if (id !== request.current) return;
        setItems(list);
        setError(undefined);
      },
      (reason: unknown) => {
        if (id === request.current) setError(describeError(reason));
      },
    );
  }, [api, taskSetId, filter]);

  useEffect(() => void reload(), [reload]);
  useReconnected(() => void reload());
  const later = useCoalesced(reload, refreshDelayMs);
  useEvent('labeling.changed', (payload) => {
    if (payload.taskSetId === taskSetId) later();
  });

  return { items, error, reload: () => void reload() };
}
