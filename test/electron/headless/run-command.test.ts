import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureTinyModels } from '../../fixtures/gguf/tiny-llama.js';
import { startFakeOpenAi, type FakeProviderServer } from '../../support/fake-providers/index.js';
import { startServer, tempDataDir } from '../../support/start-server.js';

const fixtures = join(process.cwd(), 'test', 'fixtures', 'experiments');
/** The endpoint example.yaml names; the test points it at the fake server. */
const exampleBaseUrl = 'http://127.0.0.1:8000/v1';

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `arbiter run …` as its own process, the way a CI job runs it. */
function arbiter(args: string[]): Promise<CliRun> {
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

/** The whole of stdout must be one JSON object: `--json` prints nothing else there. */
function report(run: CliRun): any {
  assert.doesNotThrow(() => JSON.parse(run.stdout), `stdout is one JSON object; stderr:\n${run.stderr}`);
  return JSON.parse(run.stdout);
}

describe('arbiter run experiment.yaml', () => {
  let work: string;
  let dataDir: string;
  let example: string;
  let server: FakeProviderServer;
  let broken: FakeProviderServer;
  let firstRun: any;

  before(async () => {
    work = tempDataDir('arbiter-run-');
    dataDir = join(work, 'workspace');
    // The fake server echoes the rendered user message, so outputs prove what was sent.
    server = await startFakeOpenAi({ apiKey: null, delayMs: 5 });
    broken = await startFakeOpenAi({ apiKey: null, faultRate: { probability: 1, seed: 1, faults: [{ kind: 'status', status: 500 }] } });
    const { tinyA } = ensureTinyModels(join(tmpdir(), 'arbiter-tiny-models'));
    mkdirSync(join(work, 'models'));
    copyFileSync(tinyA, join(work, 'models', 'tiny-a.gguf'));
    copyFileSync(join(fixtures, 'capitals.csv'), join(work, 'capitals.csv'));
    example = join(work, 'example.yaml');
    const text = readFileSync(join(fixtures, 'example.yaml'), 'utf8');
    assert.ok(text.includes(exampleBaseUrl));
    writeFileSync(example, text.replace(exampleBaseUrl, server.baseUrl));
  });

  after(async () => {
    await server?.close();
    await broken?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('runs the example file: every cell of 2 prompt versions × 2 models × 3 rows, exit 0', async () => {
    const run = await arbiter(['run', example, '--data-dir', dataDir, '--json']);
    assert.equal(run.code, 0, run.stderr);
    firstRun = report(run);

    assert.equal(firstRun.name, 'Capital cities');
    assert.equal(firstRun.state, 'completed');
    assert.equal(firstRun.generations.length, 12);
    assert.deepEqual(
      firstRun.generations.filter((g: any) => g.error !== null),
      [],
      'no cell failed',
    );
    assert.deepEqual(firstRun.totals, { ...firstRun.totals, cells: 12, succeeded: 12, failed: 0, cached: 0, missing: 0 });
    assert.equal(firstRun.dataset.rowCount, 3);
    assert.deepEqual(
      firstRun.prompts.map((p: any) => [p.name, p.number, p.origin]),
      [
        ['Capital question', 1, 'created'],
        ['Capital question', 2, 'created'],
      ],
    );
    assert.deepEqual(
      firstRun.models.map((m: any) => [m.name, m.kind]),
      [
        ['tiny-a', 'local'],
        ['local vLLM', 'remote'],
      ],
    );

    // One summary row per prompt version × model, each with all of its cells.
    assert.deepEqual(
      firstRun.summary.map((row: any) => [row.prompt, row.model, row.cells, row.succeeded, row.failed, row.cached]),
      [
        ['Capital question v1', 'tiny-a', 3, 3, 0, 0],
        ['Capital question v1', 'local vLLM', 3, 3, 0, 0],
        ['Capital question v2', 'tiny-a', 3, 3, 0, 0],
        ['Capital question v2', 'local vLLM', 3, 3, 0, 0],
      ],
    );
    const remote = firstRun.models[1].id;
    const [v1, v2] = firstRun.prompts.map((p: any) => p.versionId);
    const outputs = (version: string) =>
      firstRun.generations
        .filter((g: any) => g.modelId === remote && g.promptVersionId === version)
        .map((g: any) => g.output)
        .sort();
    // Rendered with the dataset's columns, through the Jinja `upper` filter in version 2.
    assert.deepEqual(outputs(v1), ['What is the capital of France?', 'What is the capital of Japan?', 'What is the capital of Kenya?']);
    assert.deepEqual(outputs(v2), ['FRANCE: which city is its capital?', 'JAPAN: which city is its capital?', 'KENYA: which city is its capital?']);
    assert.equal(server.requests.length, 6);
    assert.equal(server.lastRequest()?.body.max_tokens, 64, 'the model’s own params');
    assert.equal(server.lastRequest()?.body.temperature, 0.7, 'the file’s default params');
    const local = firstRun.generations.filter((g: any) => g.modelId === firstRun.models[0].id);
    assert.equal(local.length, 6);
    for (const generation of local) {
      assert.ok(generation.outputTokens <= 8, 'maxTokens 8 for the local model');
      assert.equal(generation.params.temperature, 0);
    }
    assert.match(run.stderr, /Capital cities/, 'progress goes to stderr');
  });

  it('a second run adds nothing to the workspace and takes every cell from the cache', async () => {
    assert.ok(firstRun, 'needs the first run');
    const requestsBefore = server.requests.length;
    const run = await arbiter(['run', example, '--data-dir', dataDir, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const second = report(run);

    assert.notEqual(second.experimentId, firstRun.experimentId, 'each run is its own experiment');
    assert.equal(second.totals.cached, 12);
    assert.equal(second.totals.succeeded, 12);
    assert.equal(server.requests.length, requestsBefore, 'no request reached the endpoint');
    assert.deepEqual(
      second.prompts.map((p: any) => [p.versionId, p.origin]),
      firstRun.prompts.map((p: any) => [p.versionId, 'reused']),
    );
    assert.deepEqual(
      second.models.map((m: any) => [m.id, m.origin]),
      firstRun.models.map((m: any) => [m.id, 'reused']),
    );
    assert.equal(second.dataset.versionId, firstRun.dataset.versionId);
    assert.equal(second.dataset.origin, 'reused');
    const outputs = (r: any) => r.generations.map((g: any) => `${g.promptVersionId}/${g.modelId}/${g.rowId}: ${g.output}`).sort();
    assert.deepEqual(outputs(second), outputs(firstRun), 'the same outputs');
  });

  it('prints a summary table and the totals without --json', async () => {
    const run = await arbiter(['run', example, '--data-dir', dataDir]);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n');
    const header = lines.find((line) => line.startsWith('prompt'));
    assert.ok(header, run.stdout);
    for (const column of ['model', 'cells', 'succeeded', 'failed', 'cached', 'mean latency', 'tokens in/out', 'cost']) assert.ok(header.includes(column), column);
    const rows = lines.filter((line) => line.startsWith('Capital question v'));
    assert.equal(rows.length, 4, run.stdout);
    for (const row of rows) assert.match(row, /\s3\s+3\s+0\s+3\s/, `cells 3, succeeded 3, failed 0, cached 3: ${row}`);
    assert.match(run.stdout, /12 of 12 cells succeeded \(12 from the cache\), 0 failed/);
    assert.match(run.stderr, /Running “Capital cities”: 12\/12 cells/);
  });

  it('a failing endpoint: exit 1, the rest of the matrix done, and the failed cells listed', async () => {
    const file = join(work, 'failing.yaml');
    writeFileSync(
      file,
      [
        'name: Failing endpoint',
        'prompts:',
        '  - "Capital of {{ country }}?"',
        'models:',
        '  - name: good',
        '    provider: openai-compatible',
        `    baseUrl: ${server.baseUrl}`,
        '    model: good-model',
        '  - name: broken',
        '    provider: openai-compatible',
        `    baseUrl: ${broken.baseUrl}`,
        '    model: broken-model',
        'dataset: capitals.csv',
        'maxRetries: 0',
        '',
      ].join('\n'),
    );
    const run = await arbiter(['run', file, '--data-dir', dataDir, '--json']);
    assert.equal(run.code, 1, run.stderr);
    const result = report(run);
    assert.equal(result.exitCode, 1);
    assert.deepEqual(
      result.summary.map((row: any) => [row.model, row.succeeded, row.failed]),
      [
        ['good', 3, 0],
        ['broken', 0, 3],
      ],
    );
    assert.equal(result.failures.length, 3);
    for (const failure of result.failures) {
      assert.equal(failure.model, 'broken');
      assert.equal(failure.code, 'SERVER');
      assert.ok(failure.message.length > 0);
    }

    // In the table too; failures are not cached, so a rerun tries (and fails) again.
    const again = await arbiter(['run', file, '--data-dir', dataDir]);
    assert.equal(again.code, 1, again.stderr);
    assert.match(again.stdout, /Failed cells \(3\):/);
    assert.equal(again.stdout.match(/^ {2}Failing endpoint · prompt 1 v1 × broken, row \S+, sample 0: SERVER after 1 attempt: /gm)?.length, 3, again.stdout);
  });

  it('an invalid file: exit 2, naming the field and its line, with nothing on stdout', async () => {
    const file = join(work, 'invalid.yaml');
    writeFileSync(
      file,
      [
        'prompts:', //                                 1
        '  - "Capital of {{ country }}?"', //          2
        'models:', //                                  3
        '  - provider: openai-compatible', //          4
        `    baseUrl: ${server.baseUrl}`, //           5
        '    model: m', //                             6
        '    apiKey: sk-do-not-put-keys-here', //      7
        '    params:', //                              8
        '      temprature: 0.2', //                    9
        'dataset: capitals.csv', //                    10
        'samples: 0', //                               11
        '',
      ].join('\n'),
    );
    const run = await arbiter(['run', file, '--data-dir', dataDir, '--json']);
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /invalid\.yaml:9:7: models\[0\]\.params\.temprature: is not a field/);
    assert.match(run.stderr, /invalid\.yaml:7:13: models\[0\]\.apiKey: API keys never go in the file/);
    assert.match(run.stderr, /invalid\.yaml:11:10: samples: /);
    assert.doesNotMatch(run.stderr, /sk-do-not-put-keys-here/, 'the key is not echoed');

    // A prompt the workspace does not have is found only once the workspace is open: still 2, still a line.
    const missing = join(work, 'missing-prompt.yaml');
    writeFileSync(
      missing,
      ['prompts:', '  - name: No such prompt', '    label: production', 'models:', '  - provider: openai-compatible', `    baseUrl: ${server.baseUrl}`, '    model: m', 'dataset: capitals.csv', ''].join(
        '\n',
      ),
    );
    const unknown = await arbiter(['run', missing, '--data-dir', dataDir]);
    assert.equal(unknown.code, 2, unknown.stderr);
    assert.match(unknown.stderr, /missing-prompt\.yaml:2:5: prompts\[0\]: there is no prompt named “No such prompt”/);

    const usage = await arbiter(['run', '--data-dir', dataDir]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /Which experiment file\?/);
  });

  it('a workspace held open by `arbiter serve`: exit 2, saying so in words', async () => {
    const held = await startServer({ dataDir: join(work, 'held') });
    try {
      const run = await arbiter(['run', example, '--data-dir', held.dataDir, '--json']);
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /is open in another Arbiter process \(the desktop app or `arbiter serve`\)/);
    } finally {
      await held.stop();
    }
  });
});
