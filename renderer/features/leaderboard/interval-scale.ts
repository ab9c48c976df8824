import type { LeaderboardEntry } from '../../../shared/contract/leaderboard.js';
import type { RatingMeasure } from './rating-measure.js';

/** The common rating axis of every interval on screen, so bars can be compared across rows. */
export interface IntervalScale {
  min: number;
  max: number;
  /** Round numbers along the axis. */
  ticks: number[];
  /** 0–100: where a rating sits on the axis. */
  at(rating: number): number;
}

const steps = [0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000];

export function intervalScale(entries: readonly LeaderboardEntry[], measure: RatingMeasure): IntervalScale {
  const judged = entries.filter((entry) => entry.comparisons > 0);
  const centre = measure.centre === null ? [] : [measure.centre];
  let low = Math.min(...centre, ...judged.map((entry) => entry.low));
  let high = Math.max(...centre, ...judged.map((entry) => entry.high));
  if (!Number.isFinite(low) || !Number.isFinite(high)) [low, high] = [0, 1];
  const pad = Math.max(measure.minPad, (high - low) * 0.04);
  const step = steps.find((candidate) => (high - low + 2 * pad) / candidate <= 6) ?? 1000;
  const min = Math.floor((low - pad) / step) * step;
  const max = Math.ceil((high + pad) / step) * step;
  const ticks: number[] = [];
  // Counting steps rather than adding them keeps 0.1 + 0.2 from drifting.
  for (let index = 0; min + index * step <= max + step / 1000; index++) ticks.push(Number((min + index * step).toFixed(6)));
  const span = max - min || 1;
  return { min, max, ticks, at: (rating) => Math.min(100, Math.max(0, ((rating - min) / span) * 100)) };
}
