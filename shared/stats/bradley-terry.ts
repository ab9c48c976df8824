import { solveCholesky } from './cholesky.js';
import { checkCount, tallyPoints, type Comparison } from './comparisons.js';

export interface BradleyTerryOptions {
  /** Default 400: rating points per factor of `base` in the odds (Elo's convention). */
  scale?: number;
  /** Default 10. */
  base?: number;
  /** Default 1000: ratings are shifted so their mean is `center`. */
  center?: number;
}

/**
 * Games' worth of ties added between every two contestants, only when the maximum-likelihood
 * estimate does not exist: someone never lost or never won, or more generally the "scored against"
 * graph is not strongly connected (Zermelo's and Ford's condition), and the likelihood keeps rising
 * as some ratings run off to infinity. A hundredth of a game keeps every rating finite; it is small
 * enough that a contestant that never lost still ends up above one that lost once to the same
 * opponents (that needs less than 2 / opponents), and moves contestants with ten games a pair by
 * about 0.3 points, with a hundred or more by hundredths. Data on which the MLE exists is fitted
 * exactly, without it.
 */
const pseudoTieGames = 0.01;

const maxIterations = 200;
/** On natural-log strengths: about 2e-8 points at the default scale. */
const stepTolerance = 1e-10;

/** Maximum-likelihood Bradley-Terry ratings for `count` contestants; ties count as half a win to each side (as Chatbot Arena). */
export function fitBradleyTerry(count: number, comparisons: readonly Comparison[], options?: BradleyTerryOptions): number[] {
  return ratingsFromPoints(count, tallyPoints(count, comparisons), options);
}

/** The fit on a table from `tallyPoints`, so the bootstrap can refit without going back to the comparisons. */
export function ratingsFromPoints(count: number, points: Float64Array, options: BradleyTerryOptions = {}): number[] {
  checkCount(count);
  const { scale = 400, base = 10, center = 1000 } = options;
  if (!Number.isFinite(scale) || !Number.isFinite(center)) throw new RangeError('scale and center must be finite numbers');
  if (!(base > 0) || base === 1 || !Number.isFinite(base)) throw new RangeError(`base must be positive and not 1, got ${base}`);

  // Contestants without games have no likelihood of their own; they sit at the center, out of the fit.
  const active: number[] = [];
  for (let i = 0; i < count; i++) {
    let games = 0;
    for (let j = 0; j < count; j++) games += points[i * count + j]! + points[j * count + i]!;
    if (games > 0) active.push(i);
  }
  const ratings = new Array<number>(count).fill(center);
  const m = active.length;
  if (m < 2) return ratings;

  const sub = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) sub[i * m + j] = points[active[i]! * count + active[j]!]!;
  const theta = fitLogStrengths(m, sub);

  let mean = 0;
  for (const t of theta) mean += t / m;
  const perNat = scale / Math.log(base);
  for (let i = 0; i < m; i++) ratings[active[i]!] = center + perNat * (theta[i]! - mean);
  return ratings;
}

/** Natural-log strengths, up to a constant, of m contestants that all have games. */
function fitLogStrengths(m: number, points: Float64Array): Float64Array {
  if (isStronglyConnected(m, points)) return newton(m, points);
  const padded = Float64Array.from(points);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (i !== j) padded[i * m + j]! += pseudoTieGames / 2;
  return newton(m, padded);
}

/** Whether every contestant has, directly or through others, scored against every other: exactly when the MLE is finite. */
function isStronglyConnected(m: number, points: Float64Array): boolean {
  const reachesAll = (forward: boolean): boolean => {
    const seen = new Uint8Array(m);
    const stack = [0];
    seen[0] = 1;
    let reached = 1;
    for (let i = stack.pop(); i !== undefined; i = stack.pop()) {
      for (let j = 0; j < m; j++) {
        if (seen[j] || !(forward ? points[i * m + j]! : points[j * m + i]!)) continue;
        seen[j] = 1;
        reached++;
        stack.push(j);
      }
    }
    return reached === m;
  };
  return m > 0 && reachesAll(true) && reachesAll(false);
}

/**
 * Newton's method on the log-likelihood, which is concave (strictly, once the last strength is
 * pinned to 0 and the graph is connected), halving steps that would lower it. Quadratic convergence
 * reaches the tolerance in a handful of iterations, each O(m²) plus an O(m³) solve that is nothing
 * for tens of contestants; the MM algorithm needs thousands of O(m²) sweeps when ratings are far apart.
 */
function newton(m: number, p: Float64Array): Float64Array {
  const theta = new Float64Array(m);
  const trial = new Float64Array(m);
  const gradient = new Float64Array(m);
  const information = new Float64Array(m * m);
  const step = new Float64Array(m);
  let objective = logLikelihood(m, p, theta);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    derivatives(m, p, theta, gradient, information);
    if (!solveCholesky(m - 1, m, information, gradient, step)) break;
    let t = 1;
    let next = objective;
    for (;;) {
      for (let i = 0; i < m; i++) trial[i] = theta[i]! + t * step[i]!;
      next = logLikelihood(m, p, trial);
      // The slack lets rounding noise through once steps are tiny.
      if (next >= objective - 1e-12 * Math.abs(objective) || t < 1e-8) break;
      t /= 2;
    }
    theta.set(trial);
    objective = next;
    let largest = 0;
    for (let i = 0; i < m; i++) largest = Math.max(largest, Math.abs(t * step[i]!));
    if (largest < stepTolerance) break;
  }
  return theta;
}

/** log(1 + e^x) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

function logLikelihood(m: number, p: Float64Array, theta: Float64Array): number {
  let total = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const won = p[i * m + j]!;
      if (won > 0) total -= won * softplus(theta[j]! - theta[i]!);
    }
  }
  return total;
}

/** The gradient, and the Fisher information (minus the Hessian: a graph Laplacian weighted by games · s(1 − s)). */
function derivatives(m: number, p: Float64Array, theta: Float64Array, gradient: Float64Array, information: Float64Array): void {
  gradient.fill(0);
  information.fill(0);
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const won = p[i * m + j]!;
      const games = won + p[j * m + i]!;
      if (games === 0) continue;
      const s = 1 / (1 + Math.exp(theta[j]! - theta[i]!));
      const residual = won - games * s;
      gradient[i]! += residual;
      gradient[j]! -= residual;
      const w = games * s * (1 - s);
      information[i * m + i]! += w;
      information[j * m + j]! += w;
      information[i * m + j]! -= w;
      information[j * m + i]! -= w;
    }
  }
}
