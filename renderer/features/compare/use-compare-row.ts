import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract/index.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';

export type CompareRowDetail = MethodOutput<'compare', 'row'>;

export interface CompareRowState {
  /** The row shown: the one asked for once it is in (the previous one stays until then). */
  detail: CompareRowDetail | undefined;
  loading: boolean;
  error: string | undefined;
}

/** One row's values, outputs and prompts; read again when `revision` says more results were stored. */
export function useCompareRow(experimentId: string, rowId: string | undefined, revision: number): CompareRowState {
  const api = useApi();
  const [detail, setDetail] = useState<CompareRowDetail>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const request = useRef(0);

  const load = useCallback(() => {
    const id = ++request.current;
    if (!rowId) {
      setDetail(undefined);
      setLoading(false);
      return;
    }
    setLoading(true);
    api.compare.row({ experimentId, rowId }).then(
      (result) => {
        if (id !== request.current) return;
        setDetail(result);
        setLoading(false);
        setError(undefined);
      },
      (reason: unknown) => {
        if (id !== request.current) return;
        setLoading(false);
        setError(describeError(reason));
      },
    );
  }, [api, experimentId, rowId]);

  useEffect(load, [load, revision]);
  return { detail, loading, error };
}
