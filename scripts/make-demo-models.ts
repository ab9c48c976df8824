// `tsx scripts/make-demo-models.ts [dir] [--broken]`: writes the random-weight demo models
// (default dir test-output/models) and prints their paths and sizes. Files that already
// exist for the same options are kept, so reruns are instant.
import { statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import {
  BROKEN_MISSING_CONTEXT_LENGTH_OPTIONS,
  BROKEN_MISSING_HEAD_COUNT_OPTIONS,
  SMALL_C_OPTIONS,
  TINY_A_OPTIONS,
  TINY_B_OPTIONS,
  ensureTinyLlama,
} from '../electron/services/demo/tiny-llama.js';

const args = process.argv.slice(2);
const unknown = args.filter((a) => a.startsWith('-') && a !== '--broken');
if (unknown.length > 0 || args.filter((a) => !a.startsWith('-')).length > 1) {
  console.error('usage: tsx scripts/make-demo-models.ts [dir] [--broken]');
  process.exit(2);
}
const dir = resolve(args.find((a) => !a.startsWith('-')) ?? 'test-output/models');
const presets = [TINY_A_OPTIONS, TINY_B_OPTIONS, SMALL_C_OPTIONS];
if (args.includes('--broken')) presets.push(BROKEN_MISSING_CONTEXT_LENGTH_OPTIONS, BROKEN_MISSING_HEAD_COUNT_OPTIONS);

const formatSize = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(0)} KB`;

for (const options of presets) {
  const path = ensureTinyLlama(dir, options);
  const shown = relative(process.cwd(), path);
  const note = options.omitKeys?.length ? `  (broken: no ${options.omitKeys.join(', ')})` : '';
  console.log(`${options.name.padEnd(30)} ${formatSize(statSync(path).size).padStart(9)}  ${shown.startsWith('..') ? path : shown}${note}`);
}
