import type { GenerationError, GenerationResult } from '../../../shared/contract/generation.js';

/** A local-inference failure with the contract's error code; the provider turns it into data. */
export class LocalInferenceError extends Error {
  override name = 'LocalInferenceError';
  constructor(
    readonly code: GenerationError['code'],
    message: string,
  ) {
    super(message);
  }

  toGenerationError(): GenerationError {
    return { code: this.code, message: this.message, retryable: isRetryable(this.code) };
  }
}

// A crash or a bad file fails the same way next time; memory may be freed, a timeout may pass.
function isRetryable(code: GenerationError['code']): boolean {
  return code === 'OUT_OF_MEMORY' || code === 'TIMEOUT' || code === 'CANCELLED';
}

export function asLocalInferenceError(error: unknown): LocalInferenceError {
  if (error instanceof LocalInferenceError) return error;
  return new LocalInferenceError('UNKNOWN', error instanceof Error ? error.message : String(error));
}

export { failedResult } from '../providers/failed-result.js';
