import { rmSync } from 'node:fs';
import { createBackend } from '../../electron/services/bootstrap.js';
import { silentLogger } from '../../electron/services/logger.js';
import type { Backend, BackendOptions, PreferencesStorage } from '../../electron/services/types.js';
import { tempDataDir } from './start-server.js';

export function memoryPreferences(initial: unknown = {}): PreferencesStorage {
  let value = initial;
  return { read: () => value, write: (next) => (value = next) };
}

/** A real backend (real DuckDB file) in a fresh temp folder, and a typed call helper. */
export async function openTestBackend(dataDir = tempDataDir(), options: Partial<BackendOptions> = {}) {
  const backend: Backend = await createBackend({
    dataDir,
    transport: 'http',
    preferences: memoryPreferences(),
    logger: silentLogger,
    // CPU only, one llama thread: tiny models run ~20x faster that way on a 2-core machine.
    localInference: { gpu: false, physicalCores: 1 },
    ...options,
  });
  async function call<T = any>(channel: string, input: unknown = {}): Promise<T> {
    const envelope = await backend.dispatch(channel, input);
    if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
    return envelope.value as T;
  }
  return {
    backend,
    dataDir,
    call,
    close: () => backend.close(),
    destroy: async () => {
      await backend.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
