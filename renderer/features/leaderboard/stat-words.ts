/**
 * Numbers of the leaderboard as a person reads them, and the plain words that go with them.
 * The numbers themselves come from the backend; this only formats and explains them.
 */

const dash = '—';

/** 0.734 → "73%"; null → "—". */
export function formatPercent(share: number | null | undefined, digits = 0): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return dash;
  return `${(share * 100).toFixed(digits)}%`;
}

/** Coefficients such as kappa and alpha: two decimals, a real minus sign. */
export function formatCoefficient(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return dash;
  const text = Math.abs(value).toFixed(2);
  return value < 0 && text !== '0.00' ? `−${text}` : text;
}

/** p-values the way papers print them: "p = 0.03", "p < 0.001". */
export function formatPValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return dash;
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** Landis & Koch (1977): the usual words for Cohen's kappa. */
export function kappaBand(kappa: number | null | undefined): string {
  if (kappa === null || kappa === undefined || !Number.isFinite(kappa)) return 'not enough data';
  if (kappa < 0) return 'worse than chance';
  if (kappa <= 0.2) return 'slight';
  if (kappa <= 0.4) return 'fair';
  if (kappa <= 0.6) return 'moderate';
  if (kappa <= 0.8) return 'substantial';
  return 'almost perfect';
}

/** Krippendorff's own advice: rely on α ≥ 0.800, draw tentative conclusions from α ≥ 0.667. */
export function alphaBand(alpha: number | null | undefined): { words: string; tone: 'good' | 'fair' | 'poor' | 'none' } {
  if (alpha === null || alpha === undefined || !Number.isFinite(alpha)) return { words: 'not enough overlap to say', tone: 'none' };
  if (alpha >= 0.8) return { words: 'reliable', tone: 'good' };
  if (alpha >= 0.667) return { words: 'good enough for tentative conclusions', tone: 'fair' };
  if (alpha > 0) return { words: 'annotators often disagree', tone: 'poor' };
  return { words: 'no better than chance', tone: 'poor' };
}

export interface PositionBiasVerdict {
  words: string;
  tone: 'good' | 'warning' | 'none';
}

/** Below this many decisive votes even a real bias rarely reaches significance; say so rather than "no sign". */
const fewDecisive = 20;
const significance = 0.05;

export function positionBiasVerdict(bias: { decisive: number; firstWinRate: number | null; pValue: number | null }): PositionBiasVerdict {
  if (bias.decisive === 0 || bias.firstWinRate === null) return { words: 'No decisive judgments yet (ties and both-bad say nothing about position).', tone: 'none' };
  const p = formatPValue(bias.pValue);
  if (bias.pValue !== null && bias.pValue < significance) {
    const side = bias.firstWinRate > 0.5 ? 'The left (first shown) output' : 'The right (second shown) output';
    return { words: `${side} wins more often than chance would explain (${p}).`, tone: 'warning' };
  }
  if (bias.decisive < fewDecisive) return { words: `No sign of position bias so far (${p}), but ${bias.decisive} decisive judgments are too few to rule it out.`, tone: 'none' };
  return { words: `No sign of position bias (${p}).`, tone: 'good' };
}

/** A judge's flip rate in words: a judge that changes its mind when the outputs swap is judging position, not quality. */
export function flipRateWords(flipRate: number | null): string {
  if (flipRate === null) return 'no item judged in both orders yet';
  if (flipRate >= 0.5) return 'mostly judges position, not content';
  if (flipRate >= 0.2) return 'often swayed by the order';
  if (flipRate > 0) return 'mostly consistent';
  return 'fully consistent';
}
