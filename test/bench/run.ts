// `npm run bench`: every *.bench.ts under test/bench/, a table (or `--json`: one object per line).
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Benchmark, BenchResult } from './bench-result.js';

const here = dirname(fileURLToPath(import.meta.url));
const json = process.argv.includes('--json');
const filter = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));

const files = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filter.length === 0 || filter.some((f) => name.includes(f)))
  .sort();

const results: BenchResult[] = [];
for (const file of files) {
  const module = (await import(pathToFileURL(join(here, file)).href)) as { benchmark: Benchmark };
  if (!json) process.stderr.write(`running ${module.benchmark.name}…\n`);
  for (const entry of await module.benchmark.run()) {
    results.push(entry);
    if (json) process.stdout.write(`${JSON.stringify(entry)}\n`);
  }
}

if (!json) {
  const rows = results.map((r) => [
    r.name,
    `${r.value} ${r.unit}`,
    `${r.baseline} ${r.unit} (${r.baselineLabel})`,
    `${r.ratio}`,
    `${r.direction === 'at-most' ? '≤' : '≥'} ${r.target}`,
    r.met ? 'yes' : 'NO',
  ]);
  const header = ['benchmark', 'value', 'baseline', 'ratio', 'target', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}
process.exit(results.every((r) => r.met) ? 0 : 1);
