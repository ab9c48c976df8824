import { GgufInsights, type GgufFileInfo, type Llama } from 'node-llama-cpp';
import type { LocalSettings } from '../../../../shared/contract/models.js';
import { loadPlan } from '../../local-inference/load-plan.js';
import { readGguf } from './inspect-gguf.js';

export interface MemoryEstimate {
  /** Model weights and context (KV cache, buffers) in RAM. */
  ramBytes: number;
  /** The same on the GPU. */
  vramBytes: number;
  totalBytes: number;
  /** The layers the estimate assumes on the GPU, and the context size actually used. */
  gpuLayers: number;
  contextSize: number;
}

export interface EstimateOptions {
  /**
   * The worker's Llama, which knows the GPU. Without one node-llama-cpp uses a backend-less
   * instance (the native addon loads, no model does), which assumes no GPU.
   */
  llama?: Llama;
  /** Parallel sequences the context will hold (each has its own KV cache). Default 1. */
  sequences?: number;
}

/** Estimated bytes to load the model with these settings (model + context), or null when the header allows no estimate. */
export async function estimateMemory(source: string | GgufFileInfo, settings: LocalSettings, options: EstimateOptions = {}): Promise<number | null> {
  return (await estimateMemoryUsage(source, settings, options))?.totalBytes ?? null;
}

/**
 * node-llama-cpp's arithmetic estimate from the header (GgufInsights). The newer "V2" estimate
 * simulates a load inside llama.cpp, which a malformed file can abort; this one cannot.
 */
export async function estimateMemoryUsage(source: string | GgufFileInfo, settings: LocalSettings, options: EstimateOptions = {}): Promise<MemoryEstimate | null> {
  try {
    const info = typeof source === 'string' ? (await readGguf(source)).info : source;
    const insights = await GgufInsights.from(info, options.llama);
    const plan = loadPlan(settings, { trainedContextLength: insights.trainContextSize ?? null }, 1);
    const gpu = options.llama?.gpu ?? false;
    const gpuLayers = gpu === false ? 0 : plan.gpuLayers === 'auto' ? insights.totalLayers : Math.min(plan.gpuLayers, insights.totalLayers);
    const model = insights.estimateModelResourceRequirements({ gpuLayers });
    const context = insights.estimateContextResourceRequirements({
      contextSize: plan.contextSize,
      modelGpuLayers: gpuLayers,
      batchSize: plan.batchSize,
      sequences: options.sequences ?? 1,
      flashAttention: plan.flashAttention,
    });
    const ramBytes = model.cpuRam + context.cpuRam;
    const vramBytes = model.gpuVram + context.gpuVram;
    if (!Number.isFinite(ramBytes + vramBytes)) return null;
    return { ramBytes, vramBytes, totalBytes: ramBytes + vramBytes, gpuLayers, contextSize: plan.contextSize };
  } catch {
    return null;
  }
}
