import { useCallback, useEffect, useState } from 'react';
import type { ExperimentSummary } from '../../../shared/contract/experiments.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';

/** Experiments to make task sets from, read when the form opens. */
export function useExperiments(): { experiments: ExperimentSummary[] | undefined; error: string | undefined; reload(): void } {
  const api = useApi();
  const [experiments, setExperiments] = useState<ExperimentSummary[]>();
  const [error, setError] = useState<string>();
  const reload = useCallback(() => {
    api.experiments.list({}).then(
      (list) => {
        setExperiments(list);
        setError(undefined);
      },
      (reason: unknown) => setError(describeError(reason)),
    );
  }, [api]);
  useEffect(reload, [reload]);
  return { experiments, error, reload };
}
