/** One line of `npm run bench -- --json`. `ratio` = value / baseline, both measured in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  baselineLabel: string;
  ratio: number;
  /** The ratio this benchmark must stay within (`direction` says which side is good). */
  target: number;
  direction: 'at-most' | 'at-least';
  met: boolean;
}

export interface Benchmark {
  name: string;
  run(): Promise<BenchResult[]>;
}

export function result(fields: Omit<BenchResult, 'ratio' | 'met'>): BenchResult {
  const ratio = fields.baseline === 0 ? Number.POSITIVE_INFINITY : fields.value / fields.baseline;
  const met = fields.direction === 'at-most' ? ratio <= fields.target : ratio >= fields.target;
  return { ...fields, ratio: round(ratio), value: round(fields.value), baseline: round(fields.baseline), met };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export async function timeEach(times: number, work: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await work(i);
    samples.push(performance.now() - started);
  }
  return samples;
}

function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : value;
}
