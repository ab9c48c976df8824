import { useCallback, useEffect, useRef, useState } from 'react';
import type { DatasetSummary } from '../../../shared/contract/datasets.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';

export interface DatasetListState {
  datasets: DatasetSummary[] | undefined;
  error: string | undefined;
}

/** Every dataset with its newest version; `revision` changes when this window imported something. */
export function useDatasetList(revision: number): DatasetListState {
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

  useEffect(reload, [reload, revision]);
  useReconnected(reload);
  // Imports from another window or `arbiter run` show up here too.
  useEvent('datasets.changed', reload);
  return { datasets, error };
}
