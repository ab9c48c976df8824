import { useCallback, useEffect, useRef, useState } from 'react';
import type { DatasetDetail } from '../../../shared/contract/datasets.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useReconnected } from '../../transport/index.js';

export interface DatasetState {
  detail: DatasetDetail | undefined;
  error: string | undefined;
}

/** One dataset with all its versions; nothing is fetched without an id. */
export function useDataset(datasetId: string | undefined, revision: number): DatasetState {
  const api = useApi();
  const [detail, setDetail] = useState<DatasetDetail>();
  const [error, setError] = useState<string>();
  const request = useRef(0);

  const reload = useCallback(() => {
    const id = ++request.current;
    if (datasetId === undefined) return;
    api.datasets.get({ id: datasetId }).then(
      (result) => {
        if (id !== request.current) return;
        setDetail(result);
        setError(undefined);
      },
      (reason: unknown) => {
        if (id === request.current) setError(describeError(reason));
      },
    );
  }, [api, datasetId]);

  useEffect(reload, [reload, revision]);
  useReconnected(reload);
  return { detail, error };
}
