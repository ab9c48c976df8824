import type { GenerationError, GenerationResult } from '../../../shared/contract/generation.js';

/** A result that carries only an error: nothing was generated. */
export function failedResult(error: GenerationError, latencyMs = 0): GenerationResult {
  return {
    output: '',
    finishReason: error.code === 'CANCELLED' ? 'cancelled' : 'error',
    inputTokens: 0,
    outputTokens: 0,
    latencyMs,
    timeToFirstTokenMs: null,
    tokensPerSecond: null,
    costUsd: null,
    error,
  };
}
