/** Numbers as a person reads them on a dense screen: short, with units, tabular where they line up. */

const units = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 3_400_000 → "3.4 MB" (powers of 1024, as OS file managers and GPU tools show memory). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits).replace(/\.0+$|(\.\d*?)0+$/, '$1')} ${units[unit]}`;
}

/** Parameter counts the way model cards write them: 1_234_567 → "1.2M", 7_241_732_096 → "7.2B". */
export function formatParameterCount(count: number | null | undefined): string {
  if (count === null || count === undefined || !Number.isFinite(count)) return '—';
  const steps: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, suffix] of steps) {
    if (count >= size) {
      const value = count / size;
      return `${value >= 100 ? Math.round(value) : Number(value.toFixed(1))}${suffix}`;
    }
  }
  return String(count);
}

/** 840 → "840 ms", 12_345 → "12.3 s", 125_000 → "2 m 5 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} m ${Math.round((ms % 60_000) / 1000)} s`;
}

/** US dollars with enough digits that a tiny request is not "$0.00", and never in exponent form. */
export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return '—';
  if (usd === 0) return '$0';
  if (usd < 1e-9) return '<$0.000000001';
  // Two significant digits: 0.000029, 0.0000031.
  if (usd < 0.0001) return `$${usd.toFixed(1 - Math.floor(Math.log10(usd))).replace(/0+$/, '')}`;
  if (usd < 0.01) return `$${usd.toFixed(5).replace(/0+$/, '')}`;
  if (usd < 1) return `$${usd.toFixed(4).replace(/0+$/, '')}`;
  return `$${usd.toFixed(2)}`;
}

/** Prices per million tokens: "$2.50". */
export function formatPrice(usdPerMillion: number | null | undefined): string {
  if (usdPerMillion === null || usdPerMillion === undefined) return '—';
  return `$${usdPerMillion < 0.1 ? String(usdPerMillion) : usdPerMillion.toFixed(2)}`;
}

export function formatRate(tokensPerSecond: number | null | undefined): string {
  if (tokensPerSecond === null || tokensPerSecond === undefined || !Number.isFinite(tokensPerSecond)) return '—';
  return tokensPerSecond >= 100 ? Math.round(tokensPerSecond).toLocaleString() : tokensPerSecond.toFixed(1);
}

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString();
}
