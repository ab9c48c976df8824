import { useCallback, useEffect, useRef, useState } from 'react';
import type { ModelEntry } from '../../../shared/contract/models.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';

export interface ModelsState {
  models: ModelEntry[] | undefined;
  error: string | undefined;
  reload(): void;
  /** Puts a fresh entry from a call's answer into the list at once, before the event arrives. */
  accept(entry: ModelEntry): void;
}

/** Every model entry; follows `models.changed` (load state, edits from another window, keys set). */
export function useModels(): ModelsState {
  const api = useApi();
  const [models, setModels] = useState<ModelEntry[]>();
  const [error, setError] = useState<string>();
  const request = useRef(0);

  const reload = useCallback(() => {
    const id = ++request.current;
    api.models.list({}).then(
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

  const accept = useCallback((entry: ModelEntry) => {
    setModels((current) => {
      if (!current) return current;
      const index = current.findIndex((model) => model.id === entry.id);
      if (index === -1) return [...current, entry];
      return current.map((model) => (model.id === entry.id ? entry : model));
    });
  }, []);

  useEffect(reload, [reload]);
  useEvent('models.changed', reload);
  useReconnected(reload);
  return { models, error, reload, accept };
}
