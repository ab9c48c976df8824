import { useCallback, useEffect, useRef, useState } from 'react';
import type { Leaderboard } from '../../../shared/contract/leaderboard.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';
import { useDebounced } from './use-debounced.js';

export const defaultResamples = 1000;

export interface LeaderboardState {
  board: Leaderboard | undefined;
  /** A newer answer is on its way; `board` still shows the last one. */
  refreshing: boolean;
  error: string | undefined;
  reload(): void;
  /** The same after a quiet moment: for bursts of changes. */
  reloadSoon(): void;
}

/**
 * One task set's statistics. Judgments changing (labeling.changed for this set) reads them again
 * after a quiet moment, keeping the previous numbers on screen meanwhile.
 */
export function useLeaderboard(taskSetId: string, includeJudges: boolean): LeaderboardState {
  const api = useApi();
  const [board, setBoard] = useState<Leaderboard>();
  const [refreshing, setRefreshing] = useState(true);
  const [error, setError] = useState<string>();
  const request = useRef(0);

  const reload = useCallback(() => {
    const id = ++request.current;
    setRefreshing(true);
    api.leaderboard.get({ taskSetId, includeJudges, resamples: defaultResamples }).then(
      (result) => {
        if (id !== request.current) return;
        setBoard(result);
        setError(undefined);
        setRefreshing(false);
      },
      (reason: unknown) => {
        if (id !== request.current) return;
        setError(describeError(reason));
        setRefreshing(false);
      },
    );
  }, [api, taskSetId, includeJudges]);

  useEffect(reload, [reload]);
  useReconnected(reload);
  const reloadSoon = useDebounced(reload, 400);
  useEvent('labeling.changed', (payload) => {
    if (payload.taskSetId === taskSetId) reloadSoon();
  });
  return { board, refreshing, error, reload, reloadSoon };
}
