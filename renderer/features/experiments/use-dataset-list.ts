import { useCallback, useEffect, useRef, useState } from 'react';
import type { DatasetSummary } from '../../../shared/contract/datasets.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';

export interface DatasetListState {
  datasets: DatasetSummary[] | undefined;
  error: string | undefined;
  reload(): void;
}

/**
 * Every dataset with its newest version. No event announces imports yet, so the list is read
 * again whenever the window regains focus and when the builder opens.
 */
export function useDatasetList(): DatasetListState {
  const api = useApi();
  const [datasets, setDatasets] = useState<DatasetSummary[]>();
  const [error, setError] = useState<string>();
  const request = useRef(0);

  const reload = useCallback(() => {
    const id = ++request.current;
    api.datasets.list().then(
      (result) => {
        if (id !== request.current) return;
        setDatasets(result);
        setError(undefined);
      },
      (reason: unknown) => {
        if (id === request.current) setError(describeError(reason));
      },
    );
  }, [api]);

  useEffect(() => {
    reload();
    window.addEventListener('focus', reload);
    return () => window.removeEventListener('focus', reload);
  }, [reload]);
  useReconnected(reload);
  useEvent('datasets.changed', reload);
  return { datasets, error, reload };
}
