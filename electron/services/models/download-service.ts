import { randomUUID } from 'node:crypto';
import { DownloadError, downloadModel } from '../local-inference/download-model.js';
import type { EventBus } from '../event-bus.js';
import type { ModelService } from './model-service.js';

/** Model downloads in the background: progress as events, and the finished file added to the list. */
export class DownloadService {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly models: ModelService,
    private readonly events: EventBus,
    private readonly defaultDirectory: string,
  ) {}

  start(source: string, directory: string | undefined, sha256: string | undefined): { downloadId: string } {
    const downloadId = randomUUID();
    const controller = new AbortController();
    this.running.set(downloadId, controller);
    const report = (state: 'downloading' | 'verifying' | 'done' | 'failed' | 'cancelled', receivedBytes: number, totalBytes: number | null, message: string | null, modelId: string | null = null) =>
      this.events.emit('download.progress', { downloadId, source, state, receivedBytes, totalBytes, message, modelId });

    report('downloading', 0, null, null);
    void (async () => {
      let received = 0;
      let total: number | null = null;
      try {
        const file = await downloadModel({
          source,
          directory: directory ?? this.defaultDirectory,
          sha256,
          signal: controller.signal,
          onProgress: (progress) => {
            received = progress.receivedBytes;
            total = progress.totalBytes;
            report(progress.state === 'done' ? 'verifying' : progress.state, received, total, null);
          },
        });
        const { added, skipped } = await this.models.addLocal(file.path);
        const problem = added.length === 0 ? (skipped[0]?.reason ?? 'The file could not be added.') : null;
        report(problem ? 'failed' : 'done', file.sizeBytes, file.sizeBytes, problem, added[0]?.id ?? null);
      } catch (error) {
        const cancelled = error instanceof DownloadError && error.reason === 'cancelled';
        report(cancelled ? 'cancelled' : 'failed', received, total, error instanceof Error ? error.message : String(error));
      } finally {
        this.running.delete(downloadId);
      }
    })();
    return { downloadId };
  }

  cancel(downloadId: string): boolean {
    const controller = this.running.get(downloadId);
    controller?.abort();
    return controller !== undefined;
  }

  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}
