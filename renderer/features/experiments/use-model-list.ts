import { useCallback, useEffect, useRef, useState } from 'react';
import type { ModelEntry } from '../../../shared/contract/models.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';

export interface ModelListState {
  models: ModelEntry[] | undefined;
  error: string | undefined;
}

/** Every model entry; follows `models.changed` so a model added on the Models screen shows up here. */
export function useModelList(): ModelListState {
  const api = useApi();
  const [models, setModels] = useState<ModelEntry[]>();
  const [error, setError] = useState<string>();
  const request = useRef(0);

  const reload = useCallback(() => {
    const id = ++request.current;
    api.models.list().then(
      (result) => {
        if (id !== request.current) return;
        setModels(result);
        setError(undefined);
      },
      (reason: unknown) => {
        if (id === request.current) setError(describeError(reason));
      },
    );
  }, [api]);

  useEffect(reload, [reload]);
  useEvent('models.changed', reload);
  useReconnected(reload);
  return { models, error };
}
