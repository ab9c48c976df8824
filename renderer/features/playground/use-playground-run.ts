import { useCallback, useRef, useState } from 'react';
import type { GenerationRequest, GenerationResult } from '../../../shared/contract/generation.js';
import type { EventPayload } from '../../../shared/contract/index.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';

export interface ColumnRun {
  modelId: string;
  text: string;
  result: GenerationResult | null;
  /** When the first text arrived here (for the live time-to-first-token until the result says). */
  firstTextAt: number | null;
}

export interface PlaygroundRun {
  runId: string | null;
  startedAt: number;
  status: 'starting' | 'running' | 'finished' | 'failed';
  columns: ColumnRun[];
  error: string | null;
  /** The event line dropped during the run: text sent meanwhile is missing. */
  interrupted: boolean;
}

type RunEvent = { kind: 'delta'; payload: EventPayload<'generation.delta'> } | { kind: 'finished'; payload: EventPayload<'generation.finished'> };

const maxBufferedEvents = 5000;

function apply(run: PlaygroundRun, event: RunEvent, now: number): PlaygroundRun {
  const { modelId } = event.payload;
  if (!run.columns.some((column) => column.modelId === modelId)) return run;
  const columns = run.columns.map((column) => {
    if (column.modelId !== modelId || column.result) return column;
    if (event.kind === 'delta') return { ...column, text: column.text + event.payload.text, firstTextAt: column.firstTextAt ?? now };
    const { result } = event.payload;
    // The result's output is the whole text: it also covers deltas missed during a reconnect.
    return { ...column, text: result.output || column.text, result };
  });
  const done = columns.every((column) => column.result !== null);
  return { ...run, columns, status: done ? 'finished' : run.status };
}

/**
 * One playground run at a time: starts it, folds `generation.delta` / `generation.finished`
 * into columns, stops it. Events can beat the `start` answer over the wire, so events of a run
 * not yet known are held back and replayed once its id is.
 */
export function usePlaygroundRun() {
  const api = useApi();
  const [run, setRun] = useState<PlaygroundRun>();
  const currentRunId = useRef<string | null>(null);
  const starting = useRef(false);
  const stopRequested = useRef(false);
  const buffered = useRef<RunEvent[]>([]);

  const receive = (event: RunEvent) => {
    if (currentRunId.current === event.payload.runId) {
      const now = performance.now();
      setRun((current) => (current && current.runId === event.payload.runId ? apply(current, event, now) : current));
    } else if (starting.current && buffered.current.length < maxBufferedEvents) {
      buffered.current.push(event);
    }
  };
  useEvent('generation.delta', (payload) => receive({ kind: 'delta', payload }));
  useEvent('generation.finished', (payload) => receive({ kind: 'finished', payload }));
  useReconnected(() => setRun((current) => (current && current.status === 'running' ? { ...current, interrupted: true } : current)));

  const start = useCallback(
    async (modelIds: string[], request: GenerationRequest) => {
      starting.current = true;
      stopRequested.current = false;
      buffered.current = [];
      currentRunId.current = null;
      const startedAt = performance.now();
      setRun({
        runId: null,
        startedAt,
        status: 'starting',
        columns: modelIds.map((modelId) => ({ modelId, text: '', result: null, firstTextAt: null })),
        error: null,
        interrupted: false,
      });
      try {
        const { runId } = await api.playground.start({ modelIds, request });
        currentRunId.current = runId;
        const early = buffered.current.filter((event) => event.payload.runId === runId);
        buffered.current = [];
        const now = performance.now();
        setRun((current) => {
          if (!current) return current;
          const started: PlaygroundRun = { ...current, runId, status: 'running' };
          return early.reduce((state, event) => apply(state, event, now), started);
        });
        if (stopRequested.current) await api.playground.cancel({ runId });
      } catch (reason) {
        setRun((current) => (current ? { ...current, status: 'failed', error: describeError(reason) } : current));
      } finally {
        starting.current = false;
      }
    },
    [api],
  );

  const stop = useCallback(async () => {
    stopRequested.current = true;
    const runId = currentRunId.current;
    if (runId) await api.playground.cancel({ runId }).catch(() => undefined);
  }, [api]);

  const clear = useCallback(() => {
    currentRunId.current = null;
    setRun(undefined);
  }, []);

  const busy = run?.status === 'starting' || run?.status === 'running';
  return { run, busy, start, stop, clear };
}
