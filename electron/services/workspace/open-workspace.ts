import { createBackend } from '../bootstrap.js';
import { attachDemoRuntime } from '../demo/demo-runtime.js';
import { consoleLogger } from '../logger.js';
import type { Backend, BackendOptions } from '../types.js';

/**
 * Opens a workspace folder the way every transport does: the backend, plus whatever the folder
 * asks for (the demo workspace's own server). What `serve`, `arbiter run`, `arbiter demo` and the
 * desktop app call instead of createBackend directly.
 */
export async function openWorkspace(options: BackendOptions): Promise<Backend> {
  const backend = await createBackend(options);
  try {
    return await attachDemoRuntime(backend, options.dataDir, options.logger ?? consoleLogger);
  } catch (error) {
    await backend.close();
    throw error;
  }
}
