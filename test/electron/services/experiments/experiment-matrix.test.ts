// The experiment matrix before anything runs: its size, its estimate, and the reasons it may not run.
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cacheKey, cellSeed } from '../../../../electron/services/experiments/cell-identity.js';
import { planLocalSchedule } from '../../../../electron/services/experiments/local-schedule.js';
import { samplingParamsSchema } from '../../../../shared/contract/generation.js';
import { ensureTinyModels } from '../../../fixtures/gguf/tiny-llama.js';
import { openTestBackend } from '../../../support/backend.js';
import { tempDataDir } from '../../../support/start-server.js';
import { createPrompt, seedDatasets, userTemplate, type SeededDataset } from './support.js';

type TestBackend = Awaited<ReturnType<typeof openTestBackend>>;

describe('cell identity', () => {
  it('a cell seed depends only on the experiment seed, the row and the sample, and fits a 31-bit seed', () => {
    assert.equal(cellSeed(42, 'row-1', 0), cellSeed(42, 'row-1', 0));
    const seeds = new Set([cellSeed(42, 'row-1', 0), cellSeed(42, 'row-1', 1), cellSeed(42, 'row-2', 0), cellSeed(43, 'row-1', 0)]);
    assert.equal(seeds.size, 4);
    for (const seed of seeds) assert.ok(Number.isInteger(seed) && seed >= 0 && seed <= 2 ** 31 - 1);
  });

  it('the cache key changes with provider, parameters, messages, seed and sample, not with key order', () => {
    const params = samplingParamsSchema.parse({ temperature: 0.5, maxTokens: 32 });
    const messages = [{ role: 'user' as const, content: 'hello' }];
    const base = { providerId: 'openai-compatible|http://127.0.0.1:1/v1|m', params, messages, seed: 7, sampleIndex: 0 };
    const key = cacheKey(base);
    assert.match(key, /^[0-9a-f]{64}$/);
    const reordered = { maxTokens: 32, stop: [], temperature: 0.5 } as typeof params;
    assert.equal(cacheKey({ ...base, params: reordered }), key);
    assert.notEqual(cacheKey({ ...base, providerId: 'local:abc' }), key);
    assert.notEqual(cacheKey({ ...base, params: { ...params, temperature: 0.6 } }), key);
    assert.notEqual(cacheKey({ ...base, messages: [{ role: 'user', content: 'hello!' }] }), key);
    assert.notEqual(cacheKey({ ...base, seed: 8 }), key);
    assert.notEqual(cacheKey({ ...base, sampleIndex: 1 }), key);
  });
});

describe('local model schedule', () => {
  const gb = 1024 ** 3;
  it('runs local models side by side when they all fit, else one at a time, loaded ones first', () => {
    const models = [
      { modelId: 'a', estimatedMemoryBytes: 2 * gb },
      { modelId: 'b', estimatedMemoryBytes: 3 * gb },
    ];
    assert.deepEqual(planLocalSchedule(models, { ramFreeBytes: 8 * gb, gpuFreeBytes: null, loadedModelIds: [] }), { concurrent: true, order: ['a', 'b'] });
    assert.deepEqual(planLocalSchedule(models, { ramFreeBytes: 2 * gb, gpuFreeBytes: null, loadedModelIds: ['b'] }), { concurrent: false, order: ['b', 'a'] });
    assert.equal(planLocalSchedule(models, { ramFreeBytes: 3 * gb, gpuFreeBytes: null, loadedModelIds: ['b'] }).concurrent, true, 'a loaded model needs no more');
    assert.deepEqual(planLocalSchedule(models, { ramFreeBytes: 4 * gb, gpuFreeBytes: 2 * gb, loadedModelIds: [] }).concurrent, true, 'VRAM counts');
    assert.equal(planLocalSchedule([{ modelId: 'a', estimatedMemoryBytes: null }, models[1]!], { ramFreeBytes: 64 * gb, gpuFreeBytes: null, loadedModelIds: [] }).concurrent, false);
    assert.equal(planLocalSchedule(models, null).concurrent, false);
  });
});

describe('experiment matrix (through the contract)', () => {
  let t: TestBackend;
  let tickets: SeededDataset;
  let grounded: SeededDataset;
  let empty: SeededDataset;
  let v1: string;
  let v2: string;
  let groundedPrompt: string;
  let priced: string;
  let unpriced: string;
  let local: string;

  before(async () => {
    const dataDir = tempDataDir('arbiter-matrix-');
    [tickets, grounded, empty] = (await seedDatasets(dataDir, [
      {
        name: 'Tickets',
        rows: [
          { text: 'My parcel never came.', customer: 'Ann' },
          { text: 'Refund please.', customer: 'Bo' },
          { text: 'Where is my order?', customer: 'Cy' },
          { text: 'Thanks!', customer: 'Di' },
        ],
      },
      { name: 'Docs', rows: [{ question: 'What is DuckDB?' }], context: ['DuckDB is an in-process SQL database.'], reference: ['A database.'] },
      { name: 'Nothing', rows: [] },
    ])) as [SeededDataset, SeededDataset, SeededDataset];
    t = await openTestBackend(dataDir);
    [v1, v2] = (await createPrompt(t.call, 'Support reply', [
      userTemplate('Customer {{ customer }} wrote: {{ text }}'),
      userTemplate('Customer {{ customer }} wrote: {{ text }} (order {{ order_id }}, tone {{ tone }})'),
    ])) as [string, string];
    groundedPrompt = (await createPrompt(t.call, 'Grounded answer', [userTemplate('Using {{ context }}, answer: {{ question }}')]))[0]!;
    priced = (await t.call('models.addRemote', { provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', model: 'priced', prices: { inputPerMillion: 2, outputPerMillion: 10 } })).id;
    unpriced = (await t.call('models.addRemote', { provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', model: 'unpriced' })).id;
    const { tinyA } = ensureTinyModels(join(tmpdir(), 'arbiter-tiny-models'));
    local = (await t.call('models.addLocal', { path: tinyA })).added[0].id;
  });
  after(async () => {
    await t.destroy();
  });

  const config = (overrides: Record<string, unknown> = {}) => ({
    name: 'Support A/B',
    promptVersionIds: [v1],
    models: [{ modelId: priced, params: { maxTokens: 100 } }],
    datasetVersionId: tickets.versionId,
    ...overrides,
  });

  it('counts prompt versions × models × rows × samples, and estimates tokens and cost from the rendered prompts', async () => {
    const estimate = await t.call('experiments.estimate', config({ samples: 3 }));
    assert.equal(estimate.cells, 4);
    assert.equal(estimate.generations, 12);
    assert.deepEqual(estimate.problems, []);
    // Prompt tokens: characters of the rendered messages / 4, rounded up per row; output: maxTokens.
    const rendered = [
      ['Ann', 'My parcel never came.'],
      ['Bo', 'Refund please.'],
      ['Cy', 'Where is my order?'],
      ['Di', 'Thanks!'],
    ].map(([customer, text]) => Math.ceil((`You answer briefly.`.length + `Customer ${customer} wrote: ${text}`.length) / 4));
    const input = rendered.reduce((a, b) => a + b, 0) * 3;
    const output = 12 * 100;
    assert.equal(estimate.estimatedTokens, input + output);
    assert.ok(Math.abs(estimate.estimatedCostUsd - (input * 2 + output * 10) / 1e6) < 1e-12);

    const matrix = await t.call('experiments.estimate', config({ samples: 2, models: [{ modelId: priced, params: {} }, { modelId: local, params: {} }] }));
    assert.equal(matrix.cells, 8);
    assert.equal(matrix.generations, 16);
    assert.equal(matrix.estimatedCostUsd, null, 'a model without prices makes the cost unknown');
    assert.ok(matrix.estimatedTokens > 16 * 512, 'default maxTokens (512) counted per generation');
  });

  it('names what a prompt version needs that the dataset lacks, in words', async () => {
    const estimate = await t.call('experiments.estimate', config({ promptVersionIds: [v1, v2] }));
    assert.equal(estimate.cells, 8, 'the size is still shown');
    assert.deepEqual(estimate.problems, ['Prompt “Support reply” v2 needs {{ order_id }} and {{ tone }}, which dataset “Tickets” v1 does not have.']);
  });

  it('a dataset’s context and reference columns are variables too', async () => {
    const estimate = await t.call('experiments.estimate', config({ promptVersionIds: [groundedPrompt], datasetVersionId: grounded.versionId }));
    assert.deepEqual(estimate.problems, []);
    const without = await t.call('experiments.estimate', config({ promptVersionIds: [groundedPrompt] }));
    assert.deepEqual(without.problems, ['Prompt “Grounded answer” v1 needs {{ context }} and {{ question }}, which dataset “Tickets” v1 does not have.']);
  });

  it('unknown ids, a model listed twice and an empty dataset are problems', async () => {
    const estimate = await t.call(
      'experiments.estimate',
      config({
        promptVersionIds: [v1, 'no-such-version'],
        models: [{ modelId: priced, params: {} }, { modelId: priced, params: { temperature: 0 } }, { modelId: 'no-such-model', params: {} }],
      }),
    );
    assert.deepEqual(estimate.problems, [
      'Prompt version “no-such-version” does not exist.',
      'Model “priced” is listed twice; an experiment runs each model once, with one set of parameters.',
      'Model “no-such-model” is not in the model list.',
    ]);
    assert.equal(estimate.estimatedCostUsd, null);
    const noDataset = await t.call('experiments.estimate', config({ datasetVersionId: 'no-such-dataset' }));
    assert.deepEqual(noDataset.problems, ['Dataset version “no-such-dataset” does not exist.']);
    assert.equal(noDataset.cells, 0);
    const nothing = await t.call('experiments.estimate', config({ datasetVersionId: empty.versionId }));
    assert.ok(nothing.problems.includes('The dataset “Nothing” v1 has no rows.'), nothing.problems.join(' '));
  });

  it('create refuses a matrix that cannot run, listing why; a runnable one is saved as a draft', async () => {
    await assert.rejects(t.call('experiments.create', config({ promptVersionIds: [v1, v2], models: [{ modelId: unpriced, params: {} }] })), (error: any) => {
      assert.equal(error.code, 'INVALID_INPUT');
      assert.match(error.message, /Prompt “Support reply” v2 needs \{\{ order_id \}\} and \{\{ tone \}\}/);
      return true;
    });
    const created = await t.call('experiments.create', config({ samples: 2, seed: 7, budget: { maxTokens: 10_000 } }));
    assert.equal(created.state, 'draft');
    assert.equal(created.config.seed, 7);
    assert.equal(created.config.remoteConcurrency, 8);
    assert.equal(created.config.budget.maxTokens, 10_000);
    assert.equal(created.estimate.generations, 8);
    assert.equal(created.progress.total, 8);
    assert.equal(created.progress.succeeded, 0);
    const listed = await t.call('experiments.list');
    assert.deepEqual(listed.map((e: { id: string }) => e.id), [created.id]);
    assert.equal((await t.call('experiments.get', { id: created.id })).name, 'Support A/B');
    await assert.rejects(t.call('experiments.get', { id: 'nope' }), (error: any) => error.code === 'NOT_FOUND');
  });
});
