import type { Prices } from '../../../shared/contract/models.js';

/** US dollars for one generation, or null when the model has no prices. */
export function costOf(prices: Prices, inputTokens: number, outputTokens: number): number | null {
  if (prices.inputPerMillion === null && prices.outputPerMillion === null) return null;
  return ((prices.inputPerMillion ?? 0) * inputTokens + (prices.outputPerMillion ?? 0) * outputTokens) / 1_000_000;
}
