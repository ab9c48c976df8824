// Compare through the contract on a real workspace: an experiment of two prompt versions × two
// models (an OpenAI-compatible server on 127.0.0.1 whose answers the test writes, one of them
// failing on purpose) × four rows × two samples, then its rows found by search, by failure and by
// column, one row's outputs side by side, and the prompt of a row nothing was generated for yet.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompareExperiment, CompareRow } from '../../../../shared/contract/compare.js';
import { openTestBackend } from '../../../support/backend.js';
import { startFakeOpenAi, type FakeChatRequest, type FakeProviderServer } from '../../../support/fake-providers/index.js';
import { tempDataDir } from '../../../support/start-server.js';
import { createPrompt, seedDatasets, userTemplate, waitForRun, type SeededDataset } from '../experiments/support.js';

type TestBackend = Awaited<ReturnType<typeof openTestBackend>>;

const rows = [
  { question: 'Why is the sky blue?', topic: 'physics' },
  { question: 'What is a volcano?', topic: 'geology' },
  { question: 'Name a prime above 10', topic: 'math' },
  { question: 'Who wrote Hamlet?', topic: '100%_literature' },
];
const reference = ['Rayleigh scattering', 'A vent in the crust', '11', null];
const context = ['Sunlight scatters off air molecules.', null, 'Primes: 2, 3, 5, 7, 11, 13', null];

/** Alpha always answers; beta fails on the volcano. Only version 2 of the prompt makes alpha mention a zebrafish. */
function reply(request: FakeChatRequest): string {
  const user = request.messages.at(-1)?.content ?? '';
  const briefly = user.startsWith('Answer briefly');
  const question = user.replace(/^Answer( briefly)?: /, '');
  if (request.model === 'beta') {
    if (question.includes('volcano')) throw new Error('beta is down');
    return `Beta thinks about ${question} carefully.`;
  }
  return `Alpha answers ${question}${briefly ? ' like a Zebrafish' : ''}.`;
}

describe('compare service', () => {
  let t: TestBackend;
  let fake: FakeProviderServer;
  let dataset: SeededDataset;
  let versions: string[];
  let alpha: string;
  let beta: string;
  let experimentId: string;

  const rowsOf = (filter: Record<string, unknown> = {}, page: { offset?: number; limit?: number } = {}) =>
    t.call<{ rows: CompareRow[]; total: number }>('compare.rows', { experimentId, filter, ...page });
  const questionsOf = async (filter: Record<string, unknown> = {}) => (await rowsOf(filter)).rows.map((row) => row.variables.question);

  before(async () => {
    const dataDir = tempDataDir('arbiter-compare-');
    [dataset] = (await seedDatasets(dataDir, [{ name: 'Quiz', rows, reference, context }])) as [SeededDataset];
    t = await openTestBackend(dataDir);
    fake = await startFakeOpenAi({ apiKey: null, reply });
    const add = async (name: string) => (await t.call('models.addRemote', { name: `${name} model`, provider: 'openai-compatible', baseUrl: fake.baseUrl, model: name })).id as string;
    alpha = await add('alpha');
    beta = await add('beta');
    versions = await createPrompt(t.call, 'Quiz answer', [userTemplate('Answer: {{ question }}'), userTemplate('Answer briefly: {{ question }}')]);
    const created = await t.call('experiments.create', {
      name: 'Quiz: alpha vs beta',
      promptVersionIds: versions,
      models: [
        { modelId: alpha, params: { maxTokens: 64 } },
        { modelId: beta, params: { maxTokens: 64 } },
      ],
      datasetVersionId: dataset.versionId,
      samples: 2,
      maxRetries: 0,
    });
    experimentId = created.id;
    await t.call('experiments.start', { id: experimentId });
    const done = await waitForRun(t.call, experimentId);
    assert.equal(done.progress.succeeded, 28);
    assert.equal(done.progress.failed, 4, 'beta fails the volcano row under both versions, both samples');
  });
  after(async () => {
    await t.destroy();
    await fake.close();
  });

  it('names the columns in matrix order (prompt version, then model) with their counts, and the dataset', async () => {
    const experiment = await t.call<CompareExperiment>('compare.experiment', { experimentId });
    assert.equal(experiment.name, 'Quiz: alpha vs beta');
    assert.equal(experiment.samples, 2);
    assert.deepEqual(
      experiment.columns.map((column) => [column.promptName, column.promptVersionNumber, column.modelName, column.modelKind, column.generations, column.failed]),
      [
        ['Quiz answer', 1, 'alpha model', 'remote', 8, 0],
        ['Quiz answer', 1, 'beta model', 'remote', 8, 2],
        ['Quiz answer', 2, 'alpha model', 'remote', 8, 0],
        ['Quiz answer', 2, 'beta model', 'remote', 8, 2],
      ],
    );
    assert.equal(experiment.columns[1]!.key, `${versions[0]}|${beta}`);
    assert.deepEqual(experiment.dataset, {
      versionId: dataset.versionId,
      name: 'Quiz',
      number: 1,
      rowCount: 4,
      variables: ['question', 'topic'],
      hasReference: true,
      hasContext: true,
    });
  });

  it('lists every row in dataset order with its values and failed count, a page at a time', async () => {
    const all = await rowsOf();
    assert.equal(all.total, 4);
    assert.deepEqual(
      all.rows.map((row) => [row.index, row.id, row.generations, row.failed]),
      dataset.rowIds.map((id, index) => [index, id, 8, index === 1 ? 4 : 0]),
    );
    assert.deepEqual(all.rows[0]!.variables, rows[0]);
    assert.equal(all.rows[0]!.reference, 'Rayleigh scattering');
    assert.equal(all.rows[3]!.context, null);

    const page = await rowsOf({}, { offset: 1, limit: 2 });
    assert.equal(page.total, 4);
    assert.deepEqual(
      page.rows.map((row) => row.index),
      [1, 2],
    );
    const past = await rowsOf({}, { offset: 10, limit: 2 });
    assert.deepEqual(past, { rows: [], total: 4 });
  });

  it('searches outputs, variable values, the reference and the context, case-insensitively, never variable names', async () => {
    assert.deepEqual(await questionsOf({ search: 'ZEBRAFISH' }), rows.map((row) => row.question), 'in outputs (version 2 of alpha)');
    assert.deepEqual(await questionsOf({ search: 'geology' }), ['What is a volcano?'], 'in a variable');
    assert.deepEqual(await questionsOf({ search: 'rayleigh' }), ['Why is the sky blue?'], 'in the reference');
    assert.deepEqual(await questionsOf({ search: 'air molecules' }), ['Why is the sky blue?'], 'in the context');
    assert.deepEqual(await questionsOf({ search: 'carefully' }), ['Why is the sky blue?', 'Name a prime above 10', 'Who wrote Hamlet?'], 'beta’s outputs; the volcano row has none');
    assert.deepEqual(await questionsOf({ search: 'topic' }), [], 'a variable’s name is not its value');
    assert.deepEqual(await questionsOf({ search: '100%_' }), ['Who wrote Hamlet?'], '% and _ are plain characters');
    assert.deepEqual(await questionsOf({ search: '  hamlet  ' }), ['Who wrote Hamlet?'], 'spaces around are ignored');
    assert.equal((await rowsOf({ search: 'nothing like this' })).total, 0);
  });

  it('finds rows with failed cells, and narrows every filter to the chosen models and prompt versions', async () => {
    assert.deepEqual(await questionsOf({ failedOnly: true }), ['What is a volcano?']);
    assert.deepEqual(await questionsOf({ failedOnly: true, modelIds: [alpha] }), [], 'alpha never failed');
    assert.deepEqual(await questionsOf({ failedOnly: true, modelIds: [beta], promptVersionIds: [versions[1]] }), ['What is a volcano?']);

    const alphaOnly = await rowsOf({ modelIds: [alpha] });
    assert.equal(alphaOnly.total, 4, 'a column filter keeps every row');
    assert.deepEqual(
      alphaOnly.rows.map((row) => [row.generations, row.failed]),
      [
        [4, 0],
        [4, 0],
        [4, 0],
        [4, 0],
      ],
    );
    assert.deepEqual(await questionsOf({ search: 'zebrafish', promptVersionIds: [versions[0]] }), [], 'version 1 never says it');
    assert.deepEqual(await questionsOf({ search: 'zebrafish', modelIds: [beta] }), [], 'beta never says it');
    assert.deepEqual(await questionsOf({ search: 'carefully', failedOnly: true }), [], 'both filters at once');
    const none = await rowsOf({ modelIds: ['not-a-model-of-this-experiment'] });
    assert.deepEqual(
      none.rows.map((row) => row.generations),
      [0, 0, 0, 0],
      'no column counts',
    );
  });

  it('locates a row among the matches, or says it does not match', async () => {
    const locate = (rowId: string, filter: Record<string, unknown> = {}) => t.call('compare.locate', { experimentId, rowId, filter });
    assert.deepEqual(await locate(dataset.rowIds[2]!), { position: 2 });
    assert.deepEqual(await locate(dataset.rowIds[3]!, { search: 'carefully' }), { position: 2 });
    assert.deepEqual(await locate(dataset.rowIds[0]!, { failedOnly: true }), { position: null });
  });

  it('reads one row: every generation in matrix order with its numbers and errors, and each prompt version’s messages as sent', async () => {
    const detail = await t.call('compare.row', { experimentId, rowId: dataset.rowIds[1] });
    assert.deepEqual(detail.row, { id: dataset.rowIds[1], index: 1, variables: rows[1], reference: 'A vent in the crust', context: null });
    assert.deepEqual(
      detail.generations.map((g: any) => [versions.indexOf(g.promptVersionId) + 1, g.modelId === alpha ? 'alpha' : 'beta', g.sampleIndex, g.error?.code ?? null]),
      [
        [1, 'alpha', 0, null],
        [1, 'alpha', 1, null],
        [1, 'beta', 0, 'SERVER'],
        [1, 'beta', 1, 'SERVER'],
        [2, 'alpha', 0, null],
        [2, 'alpha', 1, null],
        [2, 'beta', 0, 'SERVER'],
        [2, 'beta', 1, 'SERVER'],
      ],
    );
    const first = detail.generations[0];
    assert.equal(first.output, 'Alpha answers What is a volcano?.');
    assert.ok(first.outputTokens > 0 && first.inputTokens > 0);
    assert.equal(first.messages, undefined, 'messages travel once per prompt version, not per generation');
    assert.deepEqual(detail.prompts, [
      {
        promptVersionId: versions[0],
        source: 'stored',
        error: null,
        messages: [
          { role: 'system', content: 'You answer briefly.' },
          { role: 'user', content: 'Answer: What is a volcano?' },
        ],
      },
      {
        promptVersionId: versions[1],
        source: 'stored',
        error: null,
        messages: [
          { role: 'system', content: 'You answer briefly.' },
          { role: 'user', content: 'Answer briefly: What is a volcano?' },
        ],
      },
    ]);
  });

  it('previews the prompt of an experiment that has not run, with reference and context as the runner passes them', async () => {
    const [grounded] = await createPrompt(t.call, 'Grounded', [userTemplate('Using {{ context }}, answer {{ question }} (expected: {{ reference }})')]);
    const draft = await t.call('experiments.create', {
      name: 'Not run yet',
      promptVersionIds: [grounded],
      models: [{ modelId: alpha, params: {} }],
      datasetVersionId: dataset.versionId,
    });
    const experiment = await t.call<CompareExperiment>('compare.experiment', { experimentId: draft.id });
    assert.deepEqual(
      experiment.columns.map((column) => [column.generations, column.failed]),
      [[0, 0]],
    );
    const detail = await t.call('compare.row', { experimentId: draft.id, rowId: dataset.rowIds[1] });
    assert.deepEqual(detail.generations, []);
    assert.deepEqual(detail.prompts, [
      {
        promptVersionId: grounded,
        source: 'preview',
        error: null,
        messages: [
          { role: 'system', content: 'You answer briefly.' },
          { role: 'user', content: 'Using , answer What is a volcano? (expected: A vent in the crust)' },
        ],
      },
    ]);
    const listed = await t.call('compare.rows', { experimentId: draft.id, filter: { failedOnly: true } });
    assert.deepEqual(listed, { rows: [], total: 0 });
  });

  it('says in words when the experiment or the row does not exist', async () => {
    await assert.rejects(t.call('compare.experiment', { experimentId: 'nope' }), { code: 'NOT_FOUND', message: /experiment does not exist/ });
    await assert.rejects(t.call('compare.rows', { experimentId: 'nope' }), { code: 'NOT_FOUND' });
    await assert.rejects(t.call('compare.row', { experimentId, rowId: 'no-such-row' }), { code: 'NOT_FOUND', message: /not in this experiment’s dataset/ });
  });
});
