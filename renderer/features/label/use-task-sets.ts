import { useCallback, useEffect, useRef, useState } from 'react';
import type { TaskSetSummary } from '../../../shared/contract/labeling.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';
import { useCoalesced } from './use-coalesced.js';

export interface TaskSetsState {
  taskSets: TaskSetSummary[] | undefined;
  error: string | undefined;
  reload(): void;
}

const refreshDelayMs = 1000;

/** Every task set with its progress, read again (once per burst) when judgments change. */
export function useTaskSets(): TaskSetsState {
  const api = useApi();
  const [taskSets, setTaskSets] = useState<TaskSetSummary[]>();
  const [error, setError] = useState<string>();
  const request = useRef(0);

  const reload = useCallback(() => {
    const id = ++request.current;
    return api.labeling.listTaskSets({}).then(
      (list) => {
        if (id !== request.current) return;
        setTaskSets(list);
        setError(undefined);
      },
      (reason: unknown) => {
        if (id === request.current) setError(describeError(reason));
      },
    );
  }, [api]);

  useEffect(() => void reload(), [reload]);
  useReconnected(() => void reload());
  useEvent('labeling.changed', useCoalesced(reload, refreshDelayMs));

  return { taskSets, error, reload: () => void reload() };
}
