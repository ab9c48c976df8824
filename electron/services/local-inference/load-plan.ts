import type { LocalSettings } from '../../../shared/contract/models.js';

/** How a model entry's settings become llama.cpp load options, decided the same way in the estimate and the load. */
export interface LoadPlan {
  /** Layers to offload: 'auto' lets node-llama-cpp fit as many as the GPU's free memory allows. */
  gpuLayers: number | 'auto';
  contextSize: number;
  threads: number;
  batchSize: number | undefined;
  flashAttention: boolean;
}

export function loadPlan(settings: LocalSettings, model: { trainedContextLength: number | null }, defaultThreads: number): LoadPlan {
  return {
    gpuLayers: settings.gpuLayers === 'off' ? 0 : settings.gpuLayers,
    // Past its trained length a model's output degrades and the KV cache only costs memory, so
    // the default of 4096 is capped for small models (the effective size is reported back).
    contextSize: model.trainedContextLength ? Math.min(settings.contextSize, model.trainedContextLength) : settings.contextSize,
    threads: settings.threads ?? defaultThreads,
    batchSize: settings.batchSize,
    flashAttention: settings.flashAttention,
  };
}
