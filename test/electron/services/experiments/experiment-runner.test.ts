// The experiment runner end to end: real DuckDB, the two tiny GGUF models in the inference worker,
// and OpenAI-compatible HTTP servers on 127.0.0.1 (one of them misbehaving on purpose).
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { GenerationRecord } from '../../../../shared/contract/experiments.js';
import { ensureTinyModels } from '../../../fixtures/gguf/tiny-llama.js';
import { openTestBackend } from '../../../support/backend.js';
import { startFakeOpenAi, type FakeProviderServer } from '../../../support/fake-providers/index.js';
import { tempDataDir } from '../../../support/start-server.js';
import { allResults, cellOf, createPrompt, eventLog, seedDatasets, userTemplate, waitForRun, type SeededDataset } from './support.js';

type TestBackend = Awaited<ReturnType<typeof openTestBackend>>;

describe('experiment runner', () => {
  let t: TestBackend;
  let events: ReturnType<typeof eventLog>;
  let questions: SeededDataset;
  let many: SeededDataset;
  let prompts: string[];
  let tinyA: string;
  let tinyB: string;
  let remote: string;
  let server: FakeProviderServer;
  const servers: FakeProviderServer[] = [];

  const remoteModel = async (name: string, options: Parameters<typeof startFakeOpenAi>[0], prices = { inputPerMillion: 1000, outputPerMillion: 2000 }) => {
    const fake = await startFakeOpenAi({ apiKey: null, ...options });
    servers.push(fake);
    const entry = await t.call('models.addRemote', { name, provider: 'openai-compatible', baseUrl: fake.baseUrl, model: name, prices });
    return { fake, id: entry.id as string };
  };

  before(async () => {
    const dataDir = tempDataDir('arbiter-runner-');
    [questions, many] = (await seedDatasets(dataDir, [
      { name: 'Questions', rows: [{ question: 'why is the sky blue' }, { question: 'what is a cat' }, { question: 'say hello world' }] },
      { name: 'Many', rows: Array.from({ length: 30 }, (_, i) => ({ question: `question number ${i} about the moon` })) },
    ])) as [SeededDataset, SeededDataset];
    t = await openTestBackend(dataDir);
    events = eventLog((listener) => t.backend.onEvent(listener));
    prompts = await createPrompt(t.call, 'Answer', [userTemplate('Answer: {{ question }}'), userTemplate('Answer briefly: {{ question }}')]);
    const models = ensureTinyModels(join(tmpdir(), 'arbiter-tiny-models'));
    tinyA = (await t.call('models.addLocal', { path: models.tinyA })).added[0].id;
    tinyB = (await t.call('models.addLocal', { path: models.tinyB })).added[0].id;
    ({ fake: server, id: remote } = await remoteModel('echo', {}));
  });
  after(async () => {
    await t.destroy();
    await Promise.all(servers.map((fake) => fake.close()));
  });

  const fullMatrix = (name: string) => ({
    name,
    promptVersionIds: prompts,
    models: [
      { modelId: tinyA, params: { temperature: 0.8, maxTokens: 8 } },
      { modelId: tinyB, params: { temperature: 0.8, maxTokens: 8 } },
      { modelId: remote, params: { temperature: 0.8, maxTokens: 16 } },
    ],
    datasetVersionId: questions.versionId,
    samples: 2,
    seed: 1234,
  });
  let first: GenerationRecord[];

  it('runs prompt versions × two tiny GGUF models and a remote endpoint: every cell stored once, streamed as events, in matrix order', async () => {
    const experiment = await t.call('experiments.create', fullMatrix('Full matrix'));
    assert.equal(experiment.estimate.generations, 36);
    const started = await t.call('experiments.start', { id: experiment.id });
    assert.equal(started.state, 'running');
    const done = await waitForRun(t.call, experiment.id);
    assert.equal(done.state, 'completed', done.progress.message ?? '');
    assert.equal(done.progress.succeeded, 36);
    assert.equal(done.progress.failed, 0);
    assert.equal(done.progress.cached, 0);
    assert.equal(done.progress.inFlight, 0);

    first = await allResults(t.call, experiment.id);
    assert.equal(first.length, 36);
    const expectedOrder = prompts.flatMap((p) => [tinyA, tinyB, remote].flatMap((m) => questions.rowIds.flatMap((r) => [0, 1].map((s) => `${p}|${m}|${r}|${s}`))));
    assert.deepEqual(first.map(cellOf), expectedOrder, 'matrix order: prompt versions, models, rows, samples');
    const paged = [];
    for (let offset = 0; offset < 36; offset += 7) paged.push(...(await t.call('experiments.results', { id: experiment.id, offset, limit: 7 })).generations);
    assert.deepEqual(paged.map((g: GenerationRecord) => g.id), first.map((g) => g.id));

    for (const g of first) {
      assert.equal(g.error, null);
      assert.equal(g.cached, false);
      assert.equal(g.attempts, 1);
      assert.equal(g.params.seed, g.seed, 'the cell seed is sent with the request');
      assert.ok(g.outputTokens > 0 && g.inputTokens > 0, 'token usage recorded');
      assert.ok(g.latencyMs > 0);
      assert.ok(g.timeToFirstTokenMs !== null && g.timeToFirstTokenMs <= g.latencyMs);
      const question = g.messages[1]!.content;
      assert.match(question, /^Answer( briefly)?: (why is the sky blue|what is a cat|say hello world)$/, 'messages stored as rendered');
      if (g.modelId === remote) {
        assert.equal(g.output, question, 'the echo server answered this very prompt');
        assert.ok(g.costUsd! > 0);
      } else {
        assert.equal(g.costUsd, null, 'no prices for the tiny models');
        assert.equal(g.params.maxTokens, 8);
      }
    }
    // Same row and sample: same seed, whatever the prompt version or model.
    const seedsByRowSample = new Map<string, Set<number>>();
    for (const g of first) seedsByRowSample.set(`${g.rowId}|${g.sampleIndex}`, (seedsByRowSample.get(`${g.rowId}|${g.sampleIndex}`) ?? new Set()).add(g.seed));
    assert.equal(seedsByRowSample.size, 6);
    for (const seeds of seedsByRowSample.values()) assert.equal(seeds.size, 1);

    const streamed = events.generations.filter((g) => g.experimentId === experiment.id);
    assert.deepEqual(new Set(streamed.map((g) => g.id)), new Set(first.map((g) => g.id)), 'each stored generation was streamed once');
    assert.equal(streamed.length, 36);
    const progress = events.progress.filter((p) => p.experimentId === experiment.id);
    assert.equal(progress[0]!.state, 'running');
    assert.equal(progress.at(-1)!.state, 'completed');
    assert.equal(progress.at(-1)!.succeeded, 36);
    assert.ok(progress.length < 40, `progress events are throttled (${progress.length})`);
    assert.equal(server.requests.length, 12);
  });

  it('a rerun of the same matrix is answered from the cache; fresh generates again and reproduces the seeded outputs', async () => {
    const requestsBefore = server.requests.length;
    const again = await t.call('experiments.create', fullMatrix('Same matrix again'));
    await t.call('experiments.start', { id: again.id });
    const cachedRun = await waitForRun(t.call, again.id);
    assert.equal(cachedRun.state, 'completed');
    assert.equal(cachedRun.progress.cached, 36);
    assert.equal(cachedRun.progress.costUsd, 0, 'cached generations cost nothing');
    assert.equal(server.requests.length, requestsBefore, 'no request reached the server');
    const cached = await allResults(t.call, again.id);
    assert.deepEqual(cached.map((g) => g.output), first.map((g) => g.output));
    assert.ok(cached.every((g) => g.cached && g.experimentId === again.id));

    const fresh = await t.call('experiments.create', fullMatrix('Fresh samples'));
    await t.call('experiments.start', { id: fresh.id, fresh: true });
    const freshRun = await waitForRun(t.call, fresh.id);
    assert.equal(freshRun.state, 'completed');
    assert.equal(freshRun.progress.cached, 0);
    assert.equal(server.requests.length, requestsBefore + 12);
    const regenerated = await allResults(t.call, fresh.id);
    assert.ok(regenerated.every((g) => !g.cached));
    assert.deepEqual(regenerated.map((g) => g.output), first.map((g) => g.output), 'same seeds, same outputs: the run is reproducible');
  });

  it('with 20% of requests failing (429 with Retry-After, 500, timeouts, dropped connections) every cell ends succeeded or recorded as failed', async () => {
    const { fake, id } = await remoteModel('flaky', {
      faultRate: {
        probability: 0.2,
        seed: 7,
        faults: [
          { kind: 'status', status: 429, retryAfter: '1' },
          { kind: 'status', status: 500 },
          { kind: 'delay', ms: 2500 },
          { kind: 'drop', afterTokens: 1 },
        ],
      },
    });
    const experiment = await t.call('experiments.create', {
      name: 'Flaky endpoint',
      promptVersionIds: [prompts[0]],
      models: [{ modelId: id, params: { maxTokens: 16 } }],
      datasetVersionId: many.versionId,
      samples: 2,
      timeoutSeconds: 1,
    });
    await t.call('experiments.start', { id: experiment.id });
    const done = await waitForRun(t.call, experiment.id);
    assert.equal(done.state, 'completed');
    const results = await allResults(t.call, experiment.id);
    assert.equal(results.length, 60);
    assert.equal(new Set(results.map(cellOf)).size, 60, 'no cell stored twice');
    for (const g of results) {
      if (g.error === null) {
        assert.equal(g.output, g.messages[1]!.content, 'a retried cell holds the complete answer');
        assert.notEqual(g.finishReason, 'error');
      } else {
        assert.equal(g.finishReason, 'error');
        assert.ok(!g.error.retryable || g.attempts === 5, 'a failure is recorded after the retries ran out, or was not worth retrying');
      }
    }
    assert.equal(done.progress.succeeded + done.progress.failed, 60);
    const faults = new Set(fake.requests.filter((r) => r.fault).map((r) => (r.fault!.kind === 'status' ? String(r.fault!.status) : r.fault!.kind)));
    assert.deepEqual([...faults].sort(), ['429', '500', 'delay', 'drop']);
    assert.ok(results.some((g) => g.attempts > 1 && g.error === null), 'failed attempts were retried to success');
    assert.ok(fake.requests.length > 60);
  });

  it('resume retries the cells that failed, and keeps the ones that succeeded', async () => {
    const { fake, id } = await remoteModel('fails-three', {});
    fake.failNext({ kind: 'status', status: 500 }, 3);
    const experiment = await t.call('experiments.create', {
      name: 'No retries',
      promptVersionIds: [prompts[1]],
      models: [{ modelId: id, params: { maxTokens: 16 } }],
      datasetVersionId: questions.versionId,
      samples: 3,
      maxRetries: 0,
      remoteConcurrency: 1,
    });
    await t.call('experiments.start', { id: experiment.id });
    const done = await waitForRun(t.call, experiment.id);
    assert.equal(done.state, 'completed');
    assert.equal(done.progress.failed, 3);
    assert.equal(done.progress.message, '3 of 9 generations failed. Resume retries them.');
    const before = await allResults(t.call, experiment.id);
    const failed = before.filter((g) => g.error);
    assert.equal(failed.length, 3);
    assert.ok(failed.every((g) => g.error!.code === 'SERVER' && g.attempts === 1));

    await t.call('experiments.start', { id: experiment.id });
    const resumed = await waitForRun(t.call, experiment.id);
    assert.equal(resumed.state, 'completed');
    assert.equal(resumed.progress.message, null);
    const after = await allResults(t.call, experiment.id);
    assert.equal(after.length, 9);
    assert.ok(after.every((g) => g.error === null));
    const kept = new Set(after.map((g) => g.id));
    assert.ok(before.filter((g) => !g.error).every((g) => kept.has(g.id)), 'succeeded cells were not generated again');
    assert.equal(fake.requests.length, 12);
  });

  it('cancel stops in-flight work within a second; start resumes and fills only the missing cells', async () => {
    const { fake, id } = await remoteModel('slow', { tokenDelayMs: 100, reply: () => 'one two three four five six seven eight nine ten eleven twelve' });
    const experiment = await t.call('experiments.create', {
      name: 'Cancel me',
      promptVersionIds: [prompts[0]],
      models: [{ modelId: id, params: { maxTokens: 32 } }],
      datasetVersionId: many.versionId,
      remoteConcurrency: 4,
    });
    await t.call('experiments.start', { id: experiment.id });
    for (;;) {
      const { progress } = await t.call('experiments.get', { id: experiment.id });
      if (progress.succeeded >= 4 && progress.inFlight > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const started = performance.now();
    const cancelled = await t.call('experiments.cancel', { id: experiment.id });
    const took = performance.now() - started;
    assert.ok(took < 1000, `cancel took ${Math.round(took)} ms`);
    assert.equal(cancelled.state, 'cancelled');
    assert.equal(cancelled.progress.inFlight, 0);
    assert.match(cancelled.progress.message, /Cancelled/);
    const stored = await allResults(t.call, experiment.id);
    assert.ok(stored.length >= 4 && stored.length < 30);
    assert.ok(stored.every((g) => g.error === null), 'aborted requests leave their cells empty, not failed');
    const requests = fake.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(fake.requests.length, requests, 'nothing runs after a cancel');
    assert.equal((await t.call('experiments.results', { id: experiment.id })).total, stored.length);

    fake.configure({ tokenDelayMs: 0 });
    await t.call('experiments.start', { id: experiment.id });
    const done = await waitForRun(t.call, experiment.id);
    assert.equal(done.state, 'completed');
    const all = await allResults(t.call, experiment.id);
    assert.equal(all.length, 30);
    assert.equal(new Set(all.map(cellOf)).size, 30);
    const ids = new Set(all.map((g) => g.id));
    assert.ok(stored.every((g) => ids.has(g.id)), 'what was stored before the cancel is kept');
    assert.equal(fake.requests.length - requests, 30 - stored.length, 'resume asked only for the missing cells');
  });

  it('pauses before work that would pass the token or spending budget; start with a raised budget resumes', async () => {
    const { id } = await remoteModel('metered', {});
    const experiment = await t.call('experiments.create', {
      name: 'On a budget',
      promptVersionIds: [prompts[0]],
      models: [{ modelId: id, params: { maxTokens: 16 } }],
      datasetVersionId: many.versionId,
      budget: { maxTokens: 150 },
      remoteConcurrency: 4,
    });
    await t.call('experiments.start', { id: experiment.id });
    const paused = await waitForRun(t.call, experiment.id);
    assert.equal(paused.state, 'paused');
    assert.match(paused.progress.message, /token budget/);
    const tokens = paused.progress.inputTokens + paused.progress.outputTokens;
    assert.ok(tokens <= 150, `${tokens} tokens used`);
    assert.ok(paused.progress.succeeded > 0 && paused.progress.succeeded < 30);

    const costLimit = paused.progress.costUsd + 0.1;
    await t.call('experiments.start', { id: experiment.id, budget: { maxTokens: null, maxCostUsd: costLimit } });
    const pausedAgain = await waitForRun(t.call, experiment.id);
    assert.equal(pausedAgain.state, 'paused');
    assert.match(pausedAgain.progress.message, /spending budget/);
    assert.ok(pausedAgain.progress.costUsd <= costLimit);
    assert.ok(pausedAgain.progress.succeeded > paused.progress.succeeded);
    assert.equal(pausedAgain.config.budget.maxCostUsd, costLimit);

    await t.call('experiments.start', { id: experiment.id, budget: { maxTokens: null, maxCostUsd: null } });
    const done = await waitForRun(t.call, experiment.id);
    assert.equal(done.state, 'completed');
    assert.equal(done.progress.succeeded, 30);
  });
});
