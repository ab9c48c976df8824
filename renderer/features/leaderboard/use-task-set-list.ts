import { useCallback, useEffect, useRef, useState } from 'react';
import type { TaskSetSummary } from '../../../shared/contract/labeling.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';
import { useDebouncedCallback } from '../../ui/use-debounced.js';

export interface TaskSetListState {
  taskSets: TaskSetSummary[] | undefined;
  error: string | undefined;
  reload(): Promise<void>;
}

/** Every task set with its progress; read again (debounced) when a judgment anywhere changes. */
export function useTaskSetList(): TaskSetListState {
  const api = useApi();
  const [taskSets, setTaskSets] = useState<TaskSetSummary[]>();
  const [error, setError] = useState<string>();
  const request = useRef(0);

  const reload = useCallback(() => {
    const id = ++request.current;
    return api.labeling.listTaskSets().then(
      (result) => {
        if (id !== request.current) return;
        setTaskSets(result);
        setError(undefined);
      },
      (reason: unknown) => {
        if (id === request.current) setError(describeError(reason));
      },
    );
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);
  useReconnected(() => void reload());
  const reloadSoon = useDebouncedCallback(() => void reload(), 600);
  useEvent('labeling.changed', reloadSoon);
  return { taskSets, error, reload };
}
