import { useCallback, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract/index.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';

export type ConnectionResult = MethodOutput<'models', 'testConnection'>;
export type ConnectionTest = { state: 'running' } | { state: 'done'; result: ConnectionResult; at: number };

/** The last "Test connection" per model, kept for the session so the list can show it too. */
export function useConnectionTests(): { tests: ReadonlyMap<string, ConnectionTest>; run(modelId: string): Promise<void> } {
  const api = useApi();
  const [tests, setTests] = useState<ReadonlyMap<string, ConnectionTest>>(() => new Map());

  const set = (modelId: string, test: ConnectionTest) => setTests((current) => new Map(current).set(modelId, test));

  const run = useCallback(
    async (modelId: string) => {
      set(modelId, { state: 'running' });
      let result: ConnectionResult;
      try {
        result = await api.models.testConnection({ id: modelId });
      } catch (reason) {
        result = { ok: false, latencyMs: null, message: describeError(reason) };
      }
      set(modelId, { state: 'done', result, at: Date.now() });
    },
    [api],
  );

  return { tests, run };
}
