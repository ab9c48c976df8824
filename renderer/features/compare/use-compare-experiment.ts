import { useCallback, useEffect, useRef, useState } from 'react';
import type { CompareExperiment } from '../../../shared/contract/compare.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';

export interface CompareExperimentState {
  experiment: CompareExperiment | undefined;
  error: string | undefined;
  /** Bumps whenever a running experiment stored more results: rows and counts are read again. */
  revision: number;
}

/** How often a running experiment's columns and rows are read again: often enough to watch, not per generation. */
const refreshMs = 1500;

/** The experiment's columns and dataset; kept current while it runs. */
export function useCompareExperiment(experimentId: string): CompareExperimentState {
  const api = useApi();
  const [experiment, setExperiment] = useState<CompareExperiment>();
  const [error, setError] = useState<string>();
  const [revision, setRevision] = useState(0);
  const request = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const load = useCallback(() => {
    const id = ++request.current;
    api.compare.experiment({ experimentId }).then(
      (result) => {
        if (id !== request.current) return;
        setExperiment(result);
        setError(undefined);
      },
      (reason: unknown) => {
        if (id === request.current) setError(describeError(reason));
      },
    );
  }, [api, experimentId]);

  useEffect(() => {
    setExperiment(undefined);
    setError(undefined);
    load();
    return () => {
      request.current++;
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [load]);
  useReconnected(() => {
    load();
    setRevision((n) => n + 1);
  });
  useEvent('experiment.progress', (progress) => {
    if (progress.experimentId !== experimentId || timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      load();
      setRevision((n) => n + 1);
    }, refreshMs);
  });

  return { experiment, error, revision };
}
