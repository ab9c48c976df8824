import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExperimentProgress, ExperimentSummary } from '../../../shared/contract/experiments.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';

export interface ExperimentListState {
  experiments: ExperimentSummary[] | undefined;
  /** Live progress from events, newer than the list's. */
  progress: ReadonlyMap<string, ExperimentProgress>;
  error: string | undefined;
  reload(): void;
}

/** Every experiment, newest first, with live progress; `revision` bumps when this window created one. */
export function useExperimentList(revision: number): ExperimentListState {
  const api = useApi();
  const [experiments, setExperiments] = useState<ExperimentSummary[]>();
  const [progress, setProgress] = useState<ReadonlyMap<string, ExperimentProgress>>(() => new Map());
  const [error, setError] = useState<string>();
  const request = useRef(0);
  const known = useRef(new Map<string, string>());

  const reload = useCallback(() => {
    const id = ++request.current;
    api.experiments.list().then(
      (result) => {
        if (id !== request.current) return;
        setExperiments(result);
        known.current = new Map(result.map((experiment) => [experiment.id, experiment.state]));
        setProgress(new Map());
        setError(undefined);
      },
      (reason: unknown) => {
        if (id === request.current) setError(describeError(reason));
      },
    );
  }, [api]);

  useEffect(reload, [reload, revision]);
  useReconnected(reload);
  useEvent('experiment.progress', (payload) => {
    setProgress((current) => new Map(current).set(payload.experimentId, payload));
    // A new experiment (another window, the command line) or a new state: the list is read again.
    if (known.current.get(payload.experimentId) !== payload.state) {
      known.current.set(payload.experimentId, payload.state);
      reload();
    }
  });

  return { experiments, progress, error, reload };
}
