import { formatCost, formatCount, formatDuration, formatRate } from '../../ui/format.js';

export const percent = (value: number | null | undefined, digits = 1): string => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(digits)}%`);
export const score = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : value.toFixed(3));
export const ms = (value: number | null | undefined): string => formatDuration(value);
export const usd = (value: number | null | undefined): string => formatCost(value);
export const count = (value: number | null | undefined): string => formatCount(value);
export const rate = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : `${formatRate(value)}/s`);

/** Series colours that stay apart in both themes. */
export const palette = ['#4b57d1', '#e0813a', '#23945b', '#c2382f', '#8250c4', '#0b8aa6', '#b5892a', '#d4549b'];

export type Better = 'higher' | 'lower';

/** A change in words and a tone: "+4.2 pts" good, "+31%" bad… `kind` says how to show it. */
export function delta(before: number | null, after: number | null, better: Better, kind: 'rate' | 'score' | 'ms' | 'usd' | 'count'): { text: string; tone: 'good' | 'bad' | 'flat' } {
  if (before === null || after === null) return { text: '—', tone: 'flat' };
  const change = after - before;
  const tiny = kind === 'rate' ? 0.0005 : kind === 'score' ? 0.0005 : Math.abs(before) * 0.005;
  if (Math.abs(change) <= tiny) return { text: 'no change', tone: 'flat' };
  const improved = better === 'higher' ? change > 0 : change < 0;
  const sign = change > 0 ? '+' : '−';
  let text: string;
  if (kind === 'rate') text = `${sign}${Math.abs(change * 100).toFixed(1)} pts`;
  else if (kind === 'score') text = `${sign}${Math.abs(change).toFixed(3)}`;
  else if (before !== 0) text = `${sign}${Math.abs((change / before) * 100).toFixed(0)}%`;
  else text = `${sign}${kind === 'ms' ? formatDuration(Math.abs(change)) : kind === 'usd' ? formatCost(Math.abs(change)) : formatCount(Math.abs(change))}`;
  return { text, tone: improved ? 'good' : 'bad' };
}
