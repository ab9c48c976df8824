import { useCallback, useEffect, useRef, useState } from 'react';
import type { Leaderboard } from '../../../shared/contract/leaderboard.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';
import { useDebouncedCallback } from '../../ui/use-debounced.js';

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
  // One request at a time: a change while one is on its way asks again when it answers, so a
  // slow answer (a big set, a busy machine) is shown rather than thrown away for a newer request.
  const inFlight = useRef(false);
  const again = useRef(false);
  const wanted = useRef('');
  wanted.current = `${taskSetId}\u0000${includeJudges}`;

  const reload = useCallback(() => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    const asked = `${taskSetId}\u0000${includeJudges}`;
    setRefreshing(true);
    const settle = () => {
      inFlight.current = false;
      if (again.current || asked !== wanted.current) {
        again.current = false;
        reloadRef.current();
      } else {
        setRefreshing(false);
      }
    };
    api.leaderboard.get({ taskSetId, includeJudges, resamples: defaultResamples }).then(
      (result) => {
        if (asked === wanted.current) {
          setBoard(result);
          setError(undefined);
        }
        settle();
      },
      (reason: unknown) => {
        if (asked === wanted.current) setError(describeError(reason));
        settle();
      },
    );
  }, [api, taskSetId, includeJudges]);
  const reloadRef = useRef(reload);
  reloadRef.current = reload;

  useEffect(reload, [reload]);
  useReconnected(reload);
  const reloadSoon = useDebouncedCallback(reload, 400);
  useEvent('labeling.changed', (payload) => {
    if (payload.taskSetId === taskSetId) reloadSoon();
  });
  return { board, refreshing, error, reload, reloadSoon };
}
