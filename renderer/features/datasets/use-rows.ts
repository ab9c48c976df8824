import { useEffect, useRef, useState } from 'react';
import type { DatasetRow } from '../../../shared/contract/datasets.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';

export interface RowsPage {
  rows: DatasetRow[];
  total: number;
  offset: number;
}

export interface RowsState {
  page: RowsPage | undefined;
  loading: boolean;
  error: string | undefined;
}

/** One page of a version's rows; versions never change, so a page is fetched once per (version, offset). */
export function useRows(versionId: string, offset: number, limit: number): RowsState {
  const api = useApi();
  const [page, setPage] = useState<RowsPage>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  const request = useRef(0);

  useEffect(() => {
    const id = ++request.current;
    setLoading(true);
    api.datasets.rows({ versionId, offset, limit }).then(
      (result) => {
        if (id !== request.current) return;
        setPage({ ...result, offset });
        setError(undefined);
        setLoading(false);
      },
      (reason: unknown) => {
        if (id !== request.current) return;
        setError(describeError(reason));
        setLoading(false);
      },
    );
  }, [api, versionId, offset, limit]);

  return { page, loading, error };
}
