import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { quantile, type RatingInterval } from './bootstrap.js';

/**
 * The mean of `values` with a percentile bootstrap interval (values resampled with replacement
 * from a seeded generator, so the same input and seed give the same interval). Empty: zeros, so a
 * variant nobody scored still has a row (with no comparisons to say so).
 */
export function bootstrapMean(values: readonly number[], options: { resamples?: number; seed?: number; level?: number } = {}): RatingInterval {
  const n = values.length;
  if (n === 0) return { rating: 0, low: 0, high: 0 };
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  const resamples = options.resamples ?? 1000;
  if (resamples === 0 || n === 1) return { rating: mean, low: mean, high: mean };
  const rng = xoroshiro128plus(options.seed ?? 42);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[uniformInt(rng, 0, n - 1)]!;
    means[r] = sum / n;
  }
  means.sort();
  // The same percentile interval as bootstrapBradleyTerry's, so both kinds of leaderboard read alike.
  const tail = (1 - (options.level ?? 0.95)) / 2;
  return { rating: mean, low: quantile(means, tail), high: quantile(means, 1 - tail) };
}
