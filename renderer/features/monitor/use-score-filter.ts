import { useEffect, useState } from 'react';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';

/** '' all rows; 'fail' / 'pass' over every scorer; 'fail:<name>' one scorer failing. */
export type ScoreFilter = string;

/** The dataset row indices the filter keeps (null: no filter), read again as scores arrive. */
export function useScoreFilter(experimentId: string, filter: ScoreFilter, scoredCount: number): { indices: number[] | null; error: string | undefined } {
  const api = useApi();
  const [indices, setIndices] = useState<number[] | null>(null);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!filter) {
      setIndices(null);
      return;
    }
    let live = true;
    const [outcome, scorer] = filter.startsWith('fail:') ? (['fail', filter.slice(5)] as const) : ([filter as 'fail' | 'pass', null] as const);
    // Debounced: while a run streams scores in, the rows are read again at most every 400 ms.
    const timer = window.setTimeout(() => {
      api.scoring.rows({ experimentId, outcome, scorer }).then(
        (result) => live && (setIndices(result.rowIndices), setError(undefined)),
        (reason: unknown) => live && setError(describeError(reason)),
      );
    }, 400);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [api, experimentId, filter, scoredCount]);
  return { indices: filter ? indices : null, error };
}
