import type { GenerationRequest, GenerationResult } from '../../../shared/contract/generation.js';

export interface GenerateOptions {
  /** Aborting stops the generation at once; the result then has finishReason 'cancelled'. */
  signal?: AbortSignal;
  /** Streamed text as it arrives (chunks, not necessarily single tokens). */
  onDelta?: (text: string) => void;
  /**
   * Longest wait for the answer to start (once the model is loaded) or for its next chunk; past
   * it the generation stops with a retryable TIMEOUT error. Absent: the provider's own default.
   */
  idleTimeoutMs?: number;
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
