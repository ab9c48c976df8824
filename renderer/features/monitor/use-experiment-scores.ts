import { useCallback, useEffect, useRef, useState } from 'react';
import type { ScoringStatus } from '../../../shared/contract/scoring.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';
import { ScoreStore } from './score-store.js';

const page = 10_000;

export interface ExperimentScores {
  store: ScoreStore;
  status: ScoringStatus | undefined;
  error: string | undefined;
  /** Read everything again (after the scorers change). */
  reload(): void;
}

/** An experiment's scores, live: every stored page, then `scoring.scores` events as generations are scored. */
export function useExperimentScores(experimentId: string): ExperimentScores {
  const api = useApi();
  const [store] = useState(() => new ScoreStore());
  const [status, setStatus] = useState<ScoringStatus>();
  const [error, setError] = useState<string>();
  const generation = useRef(0);

  const load = useCallback(async () => {
    const run = ++generation.current;
    try {
      const next = await api.scoring.status({ experimentId });
      if (run !== generation.current) return;
      setStatus(next);
      store.clear();
      for (let offset = 0; ; offset += page) {
        const result = await api.scoring.scores({ experimentId, offset, limit: page });
        if (run !== generation.current) return;
        store.add(result.scores);
        if (result.scores.length < page || offset + result.scores.length >= result.total) break;
      }
      setError(undefined);
    } catch (reason) {
      if (run === generation.current) setError(describeError(reason));
    }
  }, [api, experimentId, store]);

  useEffect(() => {
    void load();
    return () => {
      generation.current++;
    };
  }, [load]);
  useReconnected(() => void load());

  // Status is read again at most every half second while scores stream in.
  const statusTimer = useRef<number | null>(null);
  useEvent('scoring.scores', (payload) => {
    if (payload.experimentId !== experimentId) return;
    store.add(payload.scores);
    statusTimer.current ??= window.setTimeout(() => {
      statusTimer.current = null;
      api.scoring.status({ experimentId }).then(setStatus, () => {});
    }, 500);
  });
  useEffect(() => () => {
    if (statusTimer.current !== null) window.clearTimeout(statusTimer.current);
  }, []);

  return { store, status, error, reload: () => void load() };
}
