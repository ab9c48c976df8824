import type { TaskKind } from '../../../shared/contract/labeling.js';

/**
 * What an entry's `rating` measures. Pairwise and ranking sets: a Bradley-Terry rating centred on
 * 1000. Rubric sets: the mean score over every criterion (the backend ranks those by their own
 * bootstrap interval), on the rubric's scale.
 */
export interface RatingMeasure {
  kind: 'bradley-terry' | 'mean-score';
  /** The value "average" sits at, drawn as a reference line; null when there is none. */
  centre: number | null;
  format(value: number): string;
  axisLabel: string;
  /** Values closer than this are drawn with at least this much room around them. */
  minPad: number;
}

export function ratingMeasure(kind: TaskKind): RatingMeasure {
  if (kind === 'rubric') {
    return { kind: 'mean-score', centre: null, format: (value) => value.toFixed(2), axisLabel: 'Mean rubric score (all criteria)', minPad: 0.1 };
  }
  return { kind: 'bradley-terry', centre: 1000, format: (value) => Math.round(value).toString(), axisLabel: 'Bradley-Terry rating (1000 = average)', minPad: 5 };
}

/** The interval as distances from the rating: "+34 / −29" (Bradley-Terry) or "+0.21 / −0.18" (mean scores). */
export function formatInterval(measure: RatingMeasure, rating: number, low: number, high: number): string {
  return `+${measure.format(Math.max(0, high - rating))} / −${measure.format(Math.max(0, rating - low))}`;
}
