import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempDataDir } from '../../../support/start-server.js';
import { seedLabeledWorkspace } from './sql-fixture.js';
import { folderDigest, readJsonl, readParquet } from './support.js';

// `arbiter export` and `arbiter import-bundle` as a person runs them: a process, its output and exit code.

let dataDir: string;
let out: string;

before(async () => {
  dataDir = tempDataDir('arbiter-export-cli-');
  out = tempDataDir('arbiter-export-cli-out-');
  await seedLabeledWorkspace(dataDir);
});

after(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

function arbiter(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/headless/cli.ts', ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('arbiter export (command line)', () => {
  it('writes a folder from task sets named by name, and says what it wrote', async () => {
    const folder = join(out, 'openai');
    const result = await arbiter(['export', '--data-dir', dataDir, '--task-set', 'Support pairs', '--task-set', 'ts-rank', '--format', 'openai-dpo', '--out', folder, '--mask', 'emails,phones']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Wrote \d+ rows of OpenAI preference fine-tuning \(DPO\) \(jsonl\) to /);
    assert.match(result.stdout, /data\/train\.jsonl +\d+ rows +sha256 [0-9a-f]{64}/);
    assert.match(result.stdout, /Left out: .*1 items without consensus/);
    const rows = readJsonl(join(folder, 'data', 'train.jsonl'));
    assert.deepEqual(Object.keys(rows[0]), ['input', 'preferred_output', 'non_preferred_output']);
    assert.ok(!JSON.stringify(rows).includes('ana@example.com'));
    assert.ok(existsSync(join(folder, 'manifest.json')) && existsSync(join(folder, 'README.md')));
  });

  it('--json prints the manifest; Parquet and a split; the same command twice gives the same bytes', async () => {
    const args = ['export', '--data-dir', dataDir, '--task-set', 'Support rankings', '--format', 'ranking-pairs', '--file-type', 'parquet', '--test-fraction', '0.5', '--metadata', '--json'];
    const first = await arbiter([...args, '--out', join(out, 'pairs-1')]);
    const second = await arbiter([...args, '--out', join(out, 'pairs-2')]);
    assert.equal(first.code, 0, first.stderr);
    const report = JSON.parse(first.stdout);
    assert.equal(report.manifest.format, 'ranking-pairs');
    assert.equal(report.manifest.counts.train + report.manifest.counts.test, report.manifest.counts.rows);
    assert.deepEqual(folderDigest(join(out, 'pairs-1')), folderDigest(join(out, 'pairs-2')));
    const rows = await readParquet(join(out, 'pairs-1', 'data', 'train.parquet'));
    assert.ok(rows.every((row) => typeof row.group_id === 'string' && row.chosen[0].role === 'assistant'));
  });

  it('clear errors and exit codes: usage 2, unknown task set 2, nothing to write 1, a taken folder 2', async () => {
    const usage = await arbiter(['export', '--data-dir', dataDir, '--task-set', 'Support pairs']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /Which format\? --format trl-conversational \| /);
    const badFormat = await arbiter(['export', '--data-dir', dataDir, '--task-set', 'Support pairs', '--format', 'dpo']);
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /--format: .*\(one of trl-conversational, /);
    const badNumber = await arbiter(['export', '--data-dir', dataDir, '--task-set', 'Support pairs', '--format', 'kto', '--min-agreement', 'lots']);
    assert.equal(badNumber.code, 2);
    assert.match(badNumber.stderr, /--min-agreement/);
    const unknown = await arbiter(['export', '--data-dir', dataDir, '--task-set', 'Nope', '--format', 'kto']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /No task set “Nope” in this workspace \(there are: /);
    const empty = await arbiter(['export', '--data-dir', dataDir, '--task-set', 'Support rubric', '--format', 'sft', '--rubric-threshold', '0.95', '--out', join(out, 'empty')]);
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /Nothing to export/);
    const taken = await arbiter(['export', '--data-dir', dataDir, '--task-set', 'Support pairs', '--format', 'openai-dpo', '--out', join(out, 'openai'), '--mask', 'emails,phones']);
    assert.equal(taken.code, 2);
    assert.match(taken.stderr, /already holds files/);
    const help = await arbiter(['export', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /anthropic-hh +Anthropic HH transcripts/);
  });

  it('a bundle written by one workspace and imported into another, twice', async () => {
    const bundle = join(out, 'bundle-ben');
    const written = await arbiter(['export', '--bundle', '--data-dir', dataDir, '--annotator', 'Ben', '--out', bundle]);
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stdout, /^Wrote a bundle of 6 judgments \(Ben; Support pairs, Support rankings\)/);
    const other = tempDataDir('arbiter-export-cli-other-');
    try {
      await seedLabeledWorkspace(other);
      const first = await arbiter(['import-bundle', bundle, '--data-dir', other]);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /^Imported 0 of 6 judgments into .* \(6 already here\)/);
      const refused = await arbiter(['import-bundle', join(out, 'openai'), '--data-dir', other]);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /not an annotation bundle|training-data export/);
      assert.equal(JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')).counts.judgments, 6);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
