import { useEffect, useRef, useState } from 'react';
import type { ExperimentConfigInput, ExperimentEstimate } from '../../../shared/contract/experiments.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent } from '../../transport/index.js';

export interface EstimateState {
  /** The answer for the config as it is now; undefined while the first one is on its way. */
  estimate: ExperimentEstimate | undefined;
  /** The config changed and a new answer is on its way (the previous one is still shown). */
  pending: boolean;
  error: string | undefined;
  /** Which config `estimate` answers, so a button never acts on a stale answer. */
  key: string | undefined;
}

const debounceMs = 220;

/** `experiments.estimate` for the draft, live: asked again as choices change (debounced), and when prices change. */
export function useEstimate(config: ExperimentConfigInput | null): EstimateState {
  const api = useApi();
  const key = config ? JSON.stringify(config) : undefined;
  const [state, setState] = useState<Omit<EstimateState, 'pending'>>({ estimate: undefined, error: undefined, key: undefined });
  const [revision, setRevision] = useState(0);
  const request = useRef(0);

  useEffect(() => {
    const id = ++request.current;
    if (!key) {
      setState({ estimate: undefined, error: undefined, key: undefined });
      return;
    }
    const timer = setTimeout(() => {
      api.experiments.estimate(JSON.parse(key) as ExperimentConfigInput).then(
        (estimate) => {
          if (id === request.current) setState({ estimate, error: undefined, key });
        },
        (reason: unknown) => {
          if (id === request.current) setState({ estimate: undefined, error: describeError(reason), key });
        },
      );
    }, debounceMs);
    return () => clearTimeout(timer);
  }, [api, key, revision]);

  // Prices and prompt templates feed the estimate too.
  useEvent('models.changed', () => setRevision((n) => n + 1));
  useEvent('prompts.changed', () => setRevision((n) => n + 1));

  return { ...state, pending: key !== undefined && state.key !== key };
}
