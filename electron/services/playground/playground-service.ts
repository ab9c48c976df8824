import { randomUUID } from 'node:crypto';
import type { GenerationRequest, GenerationResult } from '../../../shared/contract/generation.js';
import type { EventBus } from '../event-bus.js';
import type { ModelService } from '../models/model-service.js';
import { failedResult } from '../providers/failed-result.js';

/** Side-by-side generations for the Models screen: each model streams its own deltas as events. */
export class PlaygroundService {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly models: ModelService,
    private readonly events: EventBus,
  ) {}

  async start(modelIds: string[], request: GenerationRequest): Promise<{ runId: string }> {
    // Resolve every model first, so an unknown id fails the call instead of a silent column.
    const providers = await Promise.all(modelIds.map(async (modelId) => ({ modelId, provider: await this.models.provider(modelId) })));
    const runId = randomUUID();
    const controller = new AbortController();
    this.running.set(runId, controller);
    void Promise.all(
      providers.map(async ({ modelId, provider }) => {
        let result: GenerationResult;
        try {
          result = await provider.generate(request, {
            signal: controller.signal,
            onDelta: (text) => this.events.emit('generation.delta', { runId, modelId, text }),
          });
        } catch (error) {
          // Providers return failures as data; this is a bug guard so one column never hangs.
          result = failedResult({ code: 'UNKNOWN', message: error instanceof Error ? error.message : String(error), retryable: false });
        }
        this.events.emit('generation.finished', { runId, modelId, result });
      }),
    ).finally(() => this.running.delete(runId));
    return { runId };
  }

  cancel(runId: string): boolean {
    const controller = this.running.get(runId);
    controller?.abort();
    return controller !== undefined;
  }

  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}
