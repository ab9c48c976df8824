import type { GenerationError } from '../../../../shared/contract/generation.js';

export interface RetryDelayOptions {
  /** The first retry waits around this long; each next one doubles it. Default 1 s. */
  baseMs?: number;
  /** Longest backoff of our own choosing. Default 60 s. */
  maxMs?: number;
  /** Longest Retry-After we honour; past it the runner should rather give up. Default 10 min. */
  maxRetryAfterMs?: number;
  /** For tests: a source of numbers in [0, 1). */
  random?: () => number;
}

/**
 * How long to wait before retry number `attempt` (1 for the first retry), or null when the error
 * is not worth retrying. Exponential backoff with "equal jitter" (half fixed, half random, so
 * parallel requests spread out yet never retry at once), and never sooner than the provider's
 * Retry-After (plus up to a quarter second). The runner owns the loop; the SDK's own retries are off.
 *
 * Seven lines of arithmetic: the backoff libraries on npm (p-retry, exponential-backoff, retry)
 * wrap the call itself and do not read Retry-After, which is the part that matters here.
 */
export function retryDelay(error: GenerationError, attempt: number, options: RetryDelayOptions = {}): number | null {
  if (!error.retryable) return null;
  const { baseMs = 1000, maxMs = 60_000, maxRetryAfterMs = 600_000, random = Math.random } = options;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  const backoff = ceiling / 2 + (random() * ceiling) / 2;
  const asked = error.retryAfterSeconds === undefined ? 0 : Math.min(error.retryAfterSeconds * 1000, maxRetryAfterMs);
  // A little spread past Retry-After too, so requests told the same time do not return together.
  return Math.round(asked > backoff ? asked + (random() * Math.min(baseMs, 1000)) / 4 : backoff);
}
