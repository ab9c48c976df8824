// `arbiter run experiment.yaml --gate gate.yaml` as a CI job runs it: its own process, exit codes,
// and the rows that regressed printed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseGateFile } from '../../../../electron/headless/gate-file.js';
import { startFakeOpenAi, type FakeProviderServer } from '../../../support/fake-providers/index.js';
import { capitals, capitalsReply } from '../../../support/scored-workspace.js';
import { tempDataDir } from '../../../support/start-server.js';

function arbiter(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/headless/cli.ts', ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const experimentFile = (name: string, prompt: string, baseUrl: string) => `
name: ${name}
prompts:
  - name: Capital quiz
    messages:
      - role: user
        content: "${prompt}"
models:
  - name: Quiz model
    provider: openai-compatible
    baseUrl: ${baseUrl}
    model: quiz-model
    prices: { inputPerMillion: 1, outputPerMillion: 2 }
    params: { maxTokens: 64 }
dataset:
  path: capitals.csv
  reference: capital
  context: passage
scorers:
  - kind: contains
    name: names-capital
    value: "{{ reference }}"
  - kind: rouge-l
  - kind: llm-rubric
    name: judge
    judge: Quiz model
    rubric: Names the capital city correctly.
`;

describe('arbiter run --gate', () => {
  let work: string;
  let dataDir: string;
  let server: FakeProviderServer;

  before(async () => {
    work = tempDataDir('arbiter-gate-');
    dataDir = join(work, 'workspace');
    server = await startFakeOpenAi({ apiKey: null, reply: capitalsReply });
    const csv = ['country,capital,passage', ...capitals.map((row) => `${row.country},${row.capital},"${row.context}"`)].join('\n');
    writeFileSync(join(work, 'capitals.csv'), `${csv}\n`);
    writeFileSync(join(work, 'v1.yaml'), experimentFile('Capital quiz v1', 'Capital of {{ country }}?', server.baseUrl));
    writeFileSync(join(work, 'v2.yaml'), experimentFile('Capital quiz v2', "Name {{ country }}'s capital, with a fun fact.", server.baseUrl));
    copyFileSync(join('test', 'fixtures', 'experiments', 'gate.yaml'), join(work, 'gate.yaml'));
    writeFileSync(join(work, 'absolute.yaml'), 'checks:\n  - metric: pass-rate\n    scorer: names-capital\n    min: 0.9\n  - metric: error-rate\n    max: 0\n');
  });
  after(async () => {
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('passes (exit 0) when every check holds: absolute bounds, no baseline', async () => {
    const run = await arbiter(['run', join(work, 'v1.yaml'), '--data-dir', dataDir, '--gate', join(work, 'absolute.yaml')]);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /ok {3}pass-rate \(names-capital\): 100\.0% ≥ min 90\.0%/);
    assert.match(run.stdout, /Gate passed: 2 checks\./);
  });

  it('fails (exit 3) when a prompt change regresses against the baseline, and lists the rows that got worse', async () => {
    const run = await arbiter(['run', join(work, 'v2.yaml'), '--data-dir', dataDir, '--gate', join(work, 'gate.yaml')]);
    assert.equal(run.code, 3, run.stderr + run.stdout);
    assert.match(run.stdout, /Gate .*gate\.yaml \(baseline: “Capital quiz v1”/);
    assert.match(run.stdout, /FAIL pass-rate \(names-capital\): 66\.7% < min 80\.0%; 66\.7% vs baseline 100\.0%: dropped 33\.3% \(max drop 5\.0%\)/);
    assert.match(run.stdout, /FAIL mean-score/);
    assert.match(run.stdout, /Rows that got worse than the baseline \(\d of 6 compared\):/);
    // Kenya and Peru: the v2 answers name the wrong city, so they are listed first.
    const listed = run.stdout.split('\n').filter((line) => line.startsWith('  row '));
    assert.ok(listed.length >= 2);
    assert.match(listed[0]!, /names-capital pass → fail \(Does not contain “(Nairobi|Lima)”\)/);
    assert.match(listed[1]!, /names-capital pass → fail \(Does not contain “(Nairobi|Lima)”\)/);
    assert.match(run.stdout, /Gate FAILED: \d of 5 checks\./);
  });

  it('--json carries the gate verdict and every check; exit 3 all the same', async () => {
    const run = await arbiter(['run', join(work, 'v2.yaml'), '--data-dir', dataDir, '--gate', join(work, 'gate.yaml'), '--json']);
    assert.equal(run.code, 3, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.gate.passed, false);
    assert.equal(report.gate.baseline.name, 'Capital quiz v1');
    assert.deepEqual(
      report.gate.checks.map((check: any) => [check.metric, check.status]),
      [
        ['pass-rate', 'failed'],
        ['mean-score', 'failed'],
        // This run's cells all come from the cache of the run before: nothing to time or pay.
        ['latency-p95', 'skipped'],
        ['cost', 'passed'],
        ['error-rate', 'passed'],
      ],
    );
    assert.ok(report.gate.regressedRows.length >= 2);
  });

  it('an invalid gate file, or a baseline that does not exist, is a usage error (exit 2) before or without judging', async () => {
    writeFileSync(join(work, 'bad.yaml'), 'checks:\n  - metric: latency-p95\n    maxDrop: 0.1\n');
    const bad = await arbiter(['run', join(work, 'v1.yaml'), '--data-dir', dataDir, '--gate', join(work, 'bad.yaml')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /checks\[0\]\.maxDrop: latency-p95 is better lower: use maxIncrease/);
    assert.match(bad.stderr, /needs a baseline experiment/);
    writeFileSync(join(work, 'nobase.yaml'), 'baseline: No such run\nchecks:\n  - metric: cost\n    maxIncrease: 10%\n');
    const missing = await arbiter(['run', join(work, 'v1.yaml'), '--data-dir', dataDir, '--gate', join(work, 'nobase.yaml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /the baseline “No such run” is not an experiment in this workspace/);
  });

  it('the commented example gate file parses', () => {
    const gate = parseGateFile(readFileSync(join('test', 'fixtures', 'experiments', 'gate.yaml'), 'utf8'), 'gate.yaml');
    assert.equal(gate.checks.length, 5);
    assert.equal(gate.checks[3]!.maxIncrease, 3);
  });
});
