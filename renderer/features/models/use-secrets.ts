import { useCallback, useEffect, useState } from 'react';
import type { SecretInfo } from '../../../shared/contract/models.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';

export interface SecretsState {
  secrets: SecretInfo[] | undefined;
  error: string | undefined;
  reload(): void;
}

/** API key names with masked values only: the keys themselves never reach the renderer. */
export function useSecrets(): SecretsState {
  const api = useApi();
  const [secrets, setSecrets] = useState<SecretInfo[]>();
  const [error, setError] = useState<string>();

  const reload = useCallback(() => {
    api.secrets.list({}).then(
      (result) => {
        setSecrets(result);
        setError(undefined);
      },
      (reason: unknown) => setError(describeError(reason)),
    );
  }, [api]);

  useEffect(reload, [reload]);
  // The backend announces key changes as model changes (an entry's "key set" flag moves with them).
  useEvent('models.changed', reload);
  useReconnected(reload);
  return { secrets, error, reload };
}

/** Headless mode reads keys from the environment; nothing can be written from the app. */
export function keysAreReadOnly(secrets: readonly SecretInfo[] | undefined): boolean {
  return secrets !== undefined && secrets.length > 0 && secrets.every((secret) => !secret.writable);
}
