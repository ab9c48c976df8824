import { useCallback, useEffect, useRef, useState } from 'react';
import type { JudgeRun } from '../../../shared/contract/leaderboard.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';

export interface JudgeRunsState {
  /** By model id: a model judges a task set once at a time. */
  runs: ReadonlyMap<string, JudgeRun>;
  error: string | undefined;
  start(input: { modelId: string; prompt: string; maxTokens: number }): Promise<void>;
  cancel(modelId: string): Promise<void>;
}

/**
 * The judge runs of one task set, live from `judge.progress`. `onSettled` runs when one stops
 * (completed, cancelled, failed), so the statistics can be read again with its verdicts.
 */
export function useJudgeRuns(taskSetId: string, onSettled: () => void): JudgeRunsState {
  const api = useApi();
  const [runs, setRuns] = useState<ReadonlyMap<string, JudgeRun>>(() => new Map());
  const [error, setError] = useState<string>();
  const request = useRef(0);

  const put = useCallback((run: JudgeRun) => setRuns((current) => new Map(current).set(run.modelId, run)), []);
  // Models whose progress events arrived while a start or cancel call was on its way: those events are newer than its answer.
  const heard = useRef(new Set<string>());

  const reload = useCallback(() => {
    const id = ++request.current;
    api.judges.runs({ taskSetId }).then(
      (result) => {
        if (id === request.current) setRuns(new Map(result.map((run) => [run.modelId, run])));
      },
      (reason: unknown) => {
        if (id === request.current) setError(describeError(reason));
      },
    );
  }, [api, taskSetId]);

  useEffect(reload, [reload]);
  useReconnected(reload);
  useEvent('judge.progress', (run) => {
    if (run.taskSetId !== taskSetId) return;
    heard.current.add(run.modelId);
    const before = runs.get(run.modelId);
    put(run);
    if (run.state !== 'running' && before?.state === 'running') onSettled();
  });

  const start = useCallback(
    async (input: { modelId: string; prompt: string; maxTokens: number }) => {
      setError(undefined);
      heard.current.delete(input.modelId);
      try {
        const run = await api.judges.start({ taskSetId, ...input });
        if (!heard.current.has(run.modelId)) put(run);
      } catch (reason) {
        setError(describeError(reason));
      }
    },
    [api, put, taskSetId],
  );

  const cancel = useCallback(
    async (modelId: string) => {
      setError(undefined);
      heard.current.delete(modelId);
      try {
        const run = await api.judges.cancel({ taskSetId, modelId });
        if (!heard.current.has(run.modelId)) put(run);
      } catch (reason) {
        setError(describeError(reason));
      }
    },
    [api, put, taskSetId],
  );

  return { runs, error, start, cancel };
}
