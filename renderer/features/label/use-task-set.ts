import { useEffect, useState } from 'react';
import type { TaskSetSummary } from '../../../shared/contract/labeling.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';

/** A task set from the list when it is there (kept fresh by events), else read on its own. */
export function useTaskSet(id: string | undefined, listed: TaskSetSummary[] | undefined): { set: TaskSetSummary | undefined; error: string | undefined } {
  const api = useApi();
  const fromList = id ? listed?.find((candidate) => candidate.id === id) : undefined;
  const [fetched, setFetched] = useState<TaskSetSummary>();
  const [error, setError] = useState<string>();
  const needed = id !== undefined && listed !== undefined && !fromList;
  useEffect(() => {
    if (!needed || !id) return;
    let live = true;
    api.labeling.getTaskSet({ id }).then(
      (set) => {
        if (!live) return;
        setFetched(set);
        setError(undefined);
      },
      (reason: unknown) => {
        if (live) setError(describeError(reason));
      },
    );
    return () => {
      live = false;
    };
  }, [api, id, needed]);
  return { set: fromList ?? (fetched?.id === id ? fetched : undefined), error: needed ? error : undefined };
}
