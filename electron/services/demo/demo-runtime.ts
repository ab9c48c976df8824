import type { Backend, Logger } from '../types.js';
import { readDemoMarker, updateDemoMarker } from './demo-marker.js';
import { startDemoServer, type DemoServer } from './demo-server.js';

/**
 * When `dataDir` is the demo workspace: starts its demo server (on the port its models point at
 * when that port is free, else on another one, and then repoints them) and returns the backend
 * with a close() that stops the server after the backend. Any other folder: the backend as it is.
 */
export async function attachDemoRuntime(backend: Backend, dataDir: string, logger: Logger, options: { delayScale?: number } = {}): Promise<Backend> {
  const marker = readDemoMarker(dataDir);
  if (!marker) return backend;
  let server: DemoServer;
  try {
    server = await startDemoServer({ preferredPort: marker.port ?? 0, delayScale: options.delayScale });
  } catch (error) {
    logger.warn('the demo server could not start; the demo’s remote models will not answer', { error: error instanceof Error ? error.message : String(error) });
    return backend;
  }
  if (server.port !== marker.port) {
    for (const id of marker.modelIds) {
      const envelope = await backend.dispatch('models.update', { id, baseUrl: server.baseUrl });
      // A demo model the user removed stays removed.
      if (!envelope.ok && envelope.error.code !== 'NOT_FOUND') logger.warn('could not repoint a demo model', { id, error: envelope.error.message });
    }
    updateDemoMarker(dataDir, { port: server.port });
  }
  logger.info('demo server started', { baseUrl: server.baseUrl });
  return {
    dispatch: (channel, input) => backend.dispatch(channel, input),
    onEvent: (listener) => backend.onEvent(listener),
    close: async () => {
      try {
        await backend.close();
      } finally {
        await server.close();
      }
    },
  };
}
