import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { RuntimeInfo } from '../../../shared/contract/models.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';

const refreshMs = 5000;

/** Backend, GPU, memory and what is loaded; refreshed on model changes and, while on screen, every few seconds. */
export function useRuntime(scope: RefObject<HTMLElement | null>): { runtime: RuntimeInfo | undefined; error: string | undefined } {
  const api = useApi();
  const [runtime, setRuntime] = useState<RuntimeInfo>();
  const [error, setError] = useState<string>();
  const inFlight = useRef(false);

  const reload = useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    api.models
      .runtime({})
      .then(
        (info) => {
          setRuntime(info);
          setError(undefined);
        },
        (reason: unknown) => setError(describeError(reason)),
      )
      .finally(() => {
        inFlight.current = false;
      });
  }, [api]);

  useEffect(() => {
    reload();
    const timer = setInterval(() => {
      // Free memory moves on its own; only worth asking while someone can see it.
      if (document.visibilityState === 'visible' && scope.current?.offsetParent) reload();
    }, refreshMs);
    return () => clearInterval(timer);
  }, [reload, scope]);
  useEvent('models.changed', reload);
  useReconnected(reload);
  return { runtime, error };
}
