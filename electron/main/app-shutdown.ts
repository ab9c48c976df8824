import type { App } from 'electron';
import type { Logger } from '../services/types.js';

type QuittingApp = Pick<App, 'on' | 'exit'>;

/**
 * Runs `cleanup` (closing DuckDB, which checkpoints its WAL) once before the process ends.
 * Electron does not wait for promises in quit handlers, so the first `will-quit` is held back
 * until cleanup is done, bounded by a timeout so a stuck close can never keep the app alive.
 */
export function closeBeforeQuit(app: QuittingApp, cleanup: () => Promise<void>, logger: Logger, timeoutMs = 10_000): void {
  let closing = false;
  app.on('will-quit', (event) => {
    event.preventDefault();
    if (closing) return;
    closing = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        logger.warn('shutdown timed out', { timeoutMs });
        resolve();
      }, timeoutMs);
    });
    void Promise.race([cleanup(), timeout])
      .catch((error: unknown) => logger.error('shutdown failed', { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        clearTimeout(timer);
        app.exit(0);
      });
  });
}
