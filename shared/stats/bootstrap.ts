import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { ratingsFromPoints, type BradleyTerryOptions } from './bradley-terry.js';
import { checkCount, checkComparison, type Comparison } from './comparisons.js';

export interface RatingInterval {
  rating: number;
  low: number;
  high: number;
}

export interface BootstrapOptions extends BradleyTerryOptions {
  /** Default 1000. */
  resamples?: number;
  /** Default 42; used as a 32-bit integer. */
  seed?: number;
  /** Default 0.95. */
  level?: number;
}

/**
 * Ratings with 95% (or `level`) percentile bootstrap intervals: comparisons resampled with
 * replacement `resamples` times from a seeded generator, so the same input and seed give the same
 * numbers. `rating` is the fit on all the data, as in FastChat's leaderboard; a percentile interval
 * need not be centred on it, and with strongly skewed resamples it may even leave it out.
 */
export function bootstrapBradleyTerry(count: number, comparisons: readonly Comparison[], options: BootstrapOptions = {}): RatingInterval[] {
  checkCount(count);
  const { resamples = 1000, seed = 42, level = 0.95, ...fit } = options;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be between 0 and 1, got ${level}`);

  // A comparison only matters through its cell (pair, outcome): resampling draws indices into
  // a typed array of cells and counts them, and the refit reads only the few distinct cells.
  const cellIndex = new Map<number, number>();
  const cellPoints: { forward: number; backward: number; won: number }[] = [];
  const cellOf: number[] = [];
  for (const comparison of comparisons) {
    checkComparison(count, comparison);
    const { a, b, score } = comparison;
    if (a === b) continue;
    const key = (a * count + b) * 3 + score * 2;
    let cell = cellIndex.get(key);
    if (cell === undefined) {
      cell = cellPoints.length;
      cellIndex.set(key, cell);
      cellPoints.push({ forward: a * count + b, backward: b * count + a, won: score });
    }
    cellOf.push(cell);
  }
  const cells = Int32Array.from(cellOf);
  const n = cells.length;
  const hits = new Int32Array(cellPoints.length);
  const points = new Float64Array(count * count);
  const tally = (): Float64Array => {
    points.fill(0);
    cellPoints.forEach(({ forward, backward, won }, cell) => {
      points[forward]! += hits[cell]! * won;
      points[backward]! += hits[cell]! * (1 - won);
    });
    return points;
  };

  for (let k = 0; k < n; k++) hits[cells[k]!]!++;
  const estimate = ratingsFromPoints(count, tally(), fit);
  if (n === 0) return estimate.map((rating) => ({ rating, low: rating, high: rating }));

  const samples = Array.from({ length: count }, () => new Float64Array(resamples));
  const rng = xoroshiro128plus(seed);
  for (let r = 0; r < resamples; r++) {
    resample(rng, cells, hits);
    ratingsFromPoints(count, tally(), fit).forEach((rating, i) => (samples[i]![r] = rating));
  }

  const tail = (1 - level) / 2;
  return estimate.map((rating, i) => {
    const sorted = samples[i]!.sort();
    return { rating, low: quantile(sorted, tail), high: quantile(sorted, 1 - tail) };
  });
}

/** Chatbot Arena's rank: 1 + the number of contestants whose lower bound is above this one's upper bound, so overlapping intervals share a rank. */
export function ranksFromIntervals(intervals: readonly RatingInterval[]): number[] {
  return intervals.map(({ high }) => 1 + intervals.filter(({ low }) => low > high).length);
}

/**
 * Counts into `hits` one draw, with replacement, of as many cells as there are. This is pure-rand's
 * `uniformInt` (same rejection, same numbers) with its bound computed once per resample instead of
 * once per draw: the draws are nearly all the bootstrap's time.
 */
function resample(rng: RandomGenerator, cells: Int32Array, hits: Int32Array): void {
  hits.fill(0);
  const n = cells.length;
  const accepted = Math.floor(0x1_0000_0000 / n) * n;
  for (let k = 0; k < n; k++) {
    let draw = rng.next() + 0x8000_0000;
    while (draw >= accepted) draw = rng.next() + 0x8000_0000;
    hits[cells[draw % n]!]!++;
  }
}

/** Linear interpolation between order statistics (numpy's and pandas' default), on sorted values. */
export function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const below = Math.floor(h);
  const lower = sorted[below]!;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return lower + (h - below) * (upper - lower);
}
