import type { GenerationRequest, GenerationResult } from '../../../shared/contract/generation.js';

export interface GenerateOptions {
  /** Aborting stops the generation at once; the result then has finishReason 'cancelled'. */
  signal?: AbortSignal;
  /** Streamed text as it arrives (chunks, not necessarily single tokens). */
  onDelta?: (text: string) => void;
}

/**
 * One interface for every backend (after promptfoo's): failures are data in `result.error`,
 * never thrown, so a runner can record them and go on.
 */
export interface Provider {
  /** Stable identity for cache keys: never includes a secret. */
  readonly id: string;
  generate(request: GenerationRequest, options?: GenerateOptions): Promise<GenerationResult>;
}
