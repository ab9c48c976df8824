import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Comparison } from '../../../shared/stats/index.js';

/**
 * `total` seeded comparisons between random pairs, outcomes drawn from Bradley-Terry with these
 * natural-log strengths, a share `ties` of them ties.
 */
export function simulate(strengths: readonly number[], total: number, seed: number, ties = 0): Comparison[] {
  const rng = xoroshiro128plus(seed);
  const count = strengths.length;
  return Array.from({ length: total }, () => {
    const a = uniformInt(rng, 0, count - 1);
    const b = (a + uniformInt(rng, 1, count - 1)) % count;
    const win = 1 / (1 + Math.exp(strengths[b]! - strengths[a]!));
    const u = uniformFloat64(rng);
    const score = u < ties ? 0.5 : uniformFloat64(rng) < win ? 1 : 0;
    return { a, b, score };
  });
}

/** `times` copies of one outcome. */
export function repeat(times: number, a: number, b: number, score: Comparison['score']): Comparison[] {
  return Array.from({ length: times }, () => ({ a, b, score }));
}

export function assertClose(actual: number, expected: number, tolerance: number, what = ''): void {
  if (!(Math.abs(actual - expected) <= tolerance)) {
    throw new Error(`${what} ${actual} is not within ${tolerance} of ${expected}`.trim());
  }
}
