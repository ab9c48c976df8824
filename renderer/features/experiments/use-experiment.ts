import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExperimentBudget, ExperimentProgress, ExperimentSummary } from '../../../shared/contract/experiments.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';
import { ResultsStore } from './results-store.js';

/** Generations read per `experiments.results` call when an experiment opens. */
const resultsPage = 1000;

export interface ExperimentRunState {
  summary: ExperimentSummary | undefined;
  /** The newest progress: from the summary, then from `experiment.progress` events. */
  progress: ExperimentProgress | undefined;
  error: string | undefined;
  store: ResultsStore;
  /** Stored results still being read, or null once all are in. */
  loading: { loaded: number; total: number } | null;
  action: 'start' | 'cancel' | null;
  actionError: string | undefined;
  start(options: { fresh: boolean; budget?: ExperimentBudget }): Promise<void>;
  cancel(): Promise<void>;
  clearActionError(): void;
}

/** One experiment, live: its summary and progress, its stored results, and Cancel / Resume. */
export function useExperiment(id: string): ExperimentRunState {
  const api = useApi();
  const [store] = useState(() => new ResultsStore());
  const [summary, setSummary] = useState<ExperimentSummary>();
  const [progress, setProgress] = useState<ExperimentProgress>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState<{ loaded: number; total: number } | null>({ loaded: 0, total: 0 });
  const [action, setAction] = useState<'start' | 'cancel' | null>(null);
  const [actionError, setActionError] = useState<string>();
  const generation = useRef(0);
  const lastState = useRef<string>(undefined);
  /** Counts progress events: an answer asked for before the newest event must not roll progress back. */
  const events = useRef(0);

  const accept = useCallback((next: ExperimentSummary, askedAt: number) => {
    setSummary(next);
    if (events.current !== askedAt) return;
    setProgress(next.progress);
    lastState.current = next.state;
  }, []);

  const refreshSummary = useCallback(async () => {
    const askedAt = events.current;
    try {
      accept(await api.experiments.get({ id }), askedAt);
      setError(undefined);
    } catch (reason) {
      setError(describeError(reason));
    }
  }, [api, id, accept]);

  /** Reads every stored generation, a page at a time; events that arrive meanwhile merge in. */
  const loadResults = useCallback(async () => {
    const run = ++generation.current;
    setLoading({ loaded: 0, total: 0 });
    try {
      for (let offset = 0; ; offset += resultsPage) {
        const page = await api.experiments.results({ id, offset, limit: resultsPage });
        if (run !== generation.current) return;
        store.add(page.generations);
        const loaded = offset + page.generations.length;
        if (page.generations.length < resultsPage || loaded >= page.total) break;
        setLoading({ loaded, total: page.total });
      }
      setLoading(null);
    } catch (reason) {
      if (run !== generation.current) return;
      setError(`Stored results could not be read: ${describeError(reason)}`);
      setLoading(null);
    }
  }, [api, id, store]);

  useEffect(() => {
    void refreshSummary();
    void loadResults();
    return () => {
      generation.current++;
    };
  }, [refreshSummary, loadResults]);

  useEvent('experiment.progress', (payload) => {
    if (payload.experimentId !== id) return;
    events.current++;
    setProgress(payload);
    // A state change (finished, paused, cancelled) can come with a new message or budget: read the summary again.
    if (payload.state !== lastState.current) {
      lastState.current = payload.state;
      void refreshSummary();
    }
  });
  useEvent('experiment.generation', (record) => {
    if (record.experimentId === id) store.add([record]);
  });
  // Events may have been missed while the line was down: read everything again.
  useReconnected(() => {
    void refreshSummary();
    void loadResults();
  });

  const start = useCallback(
    async ({ fresh, budget }: { fresh: boolean; budget?: ExperimentBudget }) => {
      setAction('start');
      setActionError(undefined);
      const mark = store.mark();
      const askedAt = events.current;
      try {
        const next = await api.experiments.start({ id, fresh, ...(budget ? { budget } : {}) });
        // The backend deletes failed generations to run them again.
        store.dropFailedBefore(mark);
        accept(next, askedAt);
      } catch (reason) {
        setActionError(describeError(reason));
      } finally {
        setAction(null);
      }
    },
    [api, id, store, accept],
  );

  const cancel = useCallback(async () => {
    setAction('cancel');
    setActionError(undefined);
    const askedAt = events.current;
    try {
      accept(await api.experiments.cancel({ id }), askedAt);
    } catch (reason) {
      setActionError(describeError(reason));
    } finally {
      setAction(null);
    }
  }, [api, id, accept]);

  const clearActionError = useCallback(() => setActionError(undefined), []);

  return { summary, progress, error, store, loading, action, actionError, start, cancel, clearActionError };
}
