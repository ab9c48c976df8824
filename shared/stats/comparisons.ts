/** One pairwise outcome between two contestants (indices into a list of variants). */
export interface Comparison {
  a: number;
  b: number;
  /** 1: a won, 0: b won, 0.5: tie */
  score: 0 | 0.5 | 1;
}

export function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
}

/**
 * Throws on a comparison that cannot be placed: comparisons come from storage, where a stale index
 * or a corrupt score is a bug to surface, not a row to skip silently.
 */
export function checkComparison(count: number, comparison: Comparison): void {
  const { a, b, score } = comparison;
  if (!Number.isInteger(a) || a < 0 || a >= count || !Number.isInteger(b) || b < 0 || b >= count) {
    throw new RangeError(`comparison (${a}, ${b}) is outside 0..${count - 1}`);
  }
  if (score !== 0 && score !== 0.5 && score !== 1) throw new RangeError(`comparison score must be 0, 0.5 or 1, got ${String(score)}`);
}

/**
 * Points of i against j at `points[i * count + j]`, a tie being half a point to each side. Every
 * model here depends on the comparisons only through this table, so fits cost O(count²) whatever
 * the number of comparisons. A contestant compared with itself says nothing about relative
 * strength, so such comparisons are left out.
 */
export function tallyPoints(count: number, comparisons: readonly Comparison[]): Float64Array {
  checkCount(count);
  const points = new Float64Array(count * count);
  for (const comparison of comparisons) {
    checkComparison(count, comparison);
    const { a, b, score } = comparison;
    if (a === b) continue;
    points[a * count + b]! += score;
    points[b * count + a]! += 1 - score;
  }
  return points;
}
