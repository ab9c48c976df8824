import { tallyPoints, type Comparison } from './comparisons.js';

export interface WinMatrix {
  /** wins[i][j]: wins of i over j, ties counted 0.5 */
  wins: number[][];
  /** games[i][j]: comparisons between i and j */
  games: number[][];
}

export function winMatrix(count: number, comparisons: readonly Comparison[]): WinMatrix {
  const points = tallyPoints(count, comparisons);
  const rows = Array.from({ length: count }, (_, i) => i);
  return {
    wins: rows.map((i) => rows.map((j) => points[i * count + j]!)),
    games: rows.map((i) => rows.map((j) => points[i * count + j]! + points[j * count + i]!)),
  };
}

/**
 * Two-sided exact binomial test p-value for k successes out of n under p = 0.5 (for position bias:
 * left wins vs right wins). The null distribution is symmetric, so this is twice the smaller tail,
 * capped at 1: the same as summing every outcome no more likely than k (R's binom.test, SciPy's binomtest).
 */
export function binomialTwoSidedP(k: number, n: number): number {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(k) || k < 0 || k > n) {
    throw new RangeError(`binomialTwoSidedP needs integers 0 <= k <= n, got k = ${k}, n = ${n}`);
  }
  const tail = Math.min(k, n - k);
  // The middle outcome, or for odd n the two middle ones, leave nothing less likely out.
  if (2 * tail + 1 >= n) return 1;
  // Logs of C(n, i) / 2^n, summed relative to the largest term, so large n neither overflows nor loses the tail.
  const logTerms: number[] = [];
  let logTerm = -n * Math.LN2;
  for (let i = 0; i <= tail; i++) {
    logTerms.push(logTerm);
    logTerm += Math.log(n - i) - Math.log(i + 1);
  }
  const largest = logTerms[tail]!;
  const sum = logTerms.reduce((total, term) => total + Math.exp(term - largest), 0);
  return Math.min(1, 2 * Math.exp(largest + Math.log(sum)));
}
