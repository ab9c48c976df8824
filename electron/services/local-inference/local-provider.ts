import { createHash } from 'node:crypto';
import type { GenerationRequest, GenerationResult } from '../../../shared/contract/generation.js';
import type { LocalModel } from '../../../shared/contract/models.js';
import { costOf } from '../providers/cost.js';
import type { GenerateOptions, Provider } from '../providers/provider.js';
import type { LocalInferenceHost, LocalModelSpec } from './local-inference-host.js';

/** A local GGUF model entry behind the one Provider interface. */
export function createLocalProvider(host: LocalInferenceHost, model: LocalModel): Provider {
  const spec: LocalModelSpec = {
    id: model.id,
    name: model.name,
    path: model.path,
    settings: model.settings,
    trainedContextLength: model.header?.trainedContextLength ?? null,
  };
  return {
    id: providerId(model),
    async generate(request: GenerationRequest, options?: GenerateOptions): Promise<GenerationResult> {
      const result = await host.generate(spec, request, options);
      return { ...result, costUsd: result.error && result.outputTokens === 0 ? null : costOf(model.prices, result.inputTokens, result.outputTokens) };
    },
  };
}

/**
 * Identity for cache keys: the file and what changes its output (chat template, LoRA). Not
 * threads or GPU layers, which change speed only.
 */
function providerId(model: LocalModel): string {
  const { chatTemplateOverride, lora } = model.settings;
  const hash = createHash('sha256')
    .update(JSON.stringify([model.path, chatTemplateOverride ?? null, lora ?? null]))
    .digest('hex')
    .slice(0, 16);
  return `local:${hash}`;
}
