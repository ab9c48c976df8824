// Export through the contract, from a workspace labeled the way the app labels one: a finished
// experiment on real HTTP servers, task sets made by the labeling service, judgments submitted
// from the blind queue; then an annotation bundle carried from one workspace to another.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { QueueItem } from '../../../../shared/contract/labeling.js';
import { ensureTinyModels } from '../../../fixtures/gguf/tiny-llama.js';
import { openTestBackend } from '../../../support/backend.js';
import { judgedExperiment, type JudgedExperiment } from '../../../support/judged-experiment.js';
import { tempDataDir } from '../../../support/start-server.js';
import { pairsOf, readJsonl, readParquet } from './support.js';

type TestBackend = Awaited<ReturnType<typeof openTestBackend>>;

const keyName = 'ARBITER_EXPORT_TEST_KEY';
const keyValue = 'sk-export-contract-0123456789abcdefXYZ';

describe('export through the contract, from a labeled workspace', () => {
  let t: TestBackend;
  let experiment: JudgedExperiment;
  let tinyPath: string;
  let ada: string;
  let pairSet: string;
  let rankSet: string;
  const dataDir = tempDataDir('arbiter-export-contract-');
  const out = tempDataDir('arbiter-export-contract-out-');

  before(async () => {
    process.env[keyName] = keyValue;
    tinyPath = ensureTinyModels(join(tempDataDir('arbiter-export-tiny-'), 'models')).tinyA;
    t = await openTestBackend(dataDir);
    // The models echo a key and a local model path in their answers: neither may leave in an export.
    experiment = await judgedExperiment(t.call, {
      rows: 4,
      reply: (name, request) => `${name} says: ${request.messages.at(-1)?.content ?? ''}${name === 'beta' ? ` (key ${keyValue}, weights ${tinyPath})` : ''}`,
    });
    await t.call('models.addLocal', { path: tinyPath });
    const remote = await t.call('models.addRemote', { name: 'keyed', provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', model: 'keyed', apiKeyName: keyName });
    assert.ok(remote.id);
    ada = (await t.call('annotators.create', { name: 'Ada' })).id;
    pairSet = (await t.call('labeling.createTaskSet', { name: 'Pairs', experimentId: experiment.experimentId, kind: 'pairwise', overlap: 2 })).id;
    rankSet = (await t.call('labeling.createTaskSet', { name: 'Rankings', experimentId: experiment.experimentId, kind: 'ranking' })).id;
    await labelAll(t, pairSet, ada, (item) => prefer(item, item.outputs.findIndex((output) => output.output.startsWith('alpha')) >= 0 ? item.outputs.findIndex((output) => output.output.startsWith('alpha')) : 0));
    await labelAll(t, rankSet, ada, (item) => rank(item));
  });

  after(async () => {
    delete process.env[keyName];
    await t.destroy();
    await experiment.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('sources: the task sets with their judgments, and the annotators', async () => {
    const sources = await t.call('export.sources');
    const pairs = sources.taskSets.find((set: any) => set.id === pairSet);
    assert.deepEqual([pairs.kind, pairs.items, pairs.humanJudgments, pairs.annotators], ['pairwise', 12, 12, 1]);
    assert.deepEqual(sources.annotators.map((annotator: any) => [annotator.name, annotator.judgments]), [['Ada', 16]]);
    assert.equal(sources.exportsFolder, join(dataDir, 'exports'));
  });

  it('TRL conversational and OpenAI DPO from real judgments: one pair per judged item, alpha always chosen when it took part', async () => {
    const trl = await t.call('export.write', { options: { taskSetIds: [pairSet], format: 'trl-conversational', metadata: true }, folder: join(out, 'trl') });
    const rows = readJsonl(join(trl.folder, 'data', 'train.jsonl'));
    assert.equal(rows.length, 12);
    for (const row of rows) {
      assert.deepEqual(row.prompt.map((message: any) => message.role), ['system', 'user']);
      assert.match(row.prompt[1].content, /^Question \d: what is/);
      if (row.chosen_model === 'alpha' || row.rejected_model === 'alpha') assert.equal(row.chosen_model, 'alpha');
      assert.equal(row.chosen[0].content.split(' says: ')[1]?.split(' (key')[0], row.prompt[1].content);
    }
    const openai = await t.call('export.write', { options: { taskSetIds: [pairSet], format: 'openai-dpo', fileType: 'parquet' }, folder: join(out, 'openai') });
    const parquet = await readParquet(join(openai.folder, 'data', 'train.parquet'));
    assert.equal(parquet.length, 12);
    assert.deepEqual(Object.keys(parquet[0]), ['input', 'preferred_output', 'non_preferred_output']);
    assert.deepEqual(parquet[0].input.messages.map((m: any) => m.role), ['system', 'user']);
    const audit = await t.call('export.list');
    assert.deepEqual(audit.slice(0, 2).map((record: any) => [record.kind, record.format, record.rows]), [
      ['dataset', 'openai-dpo', 12],
      ['dataset', 'trl-conversational', 12],
    ]);
  });

  it('rankings of three outputs expand to C(3,2) pairs each, sharing a group id', async () => {
    const result = await t.call('export.write', { options: { taskSetIds: [rankSet], format: 'ranking-pairs' }, folder: join(out, 'ranking-pairs') });
    const rows = readJsonl(join(result.folder, 'data', 'train.jsonl'));
    const groups = new Map<string, number>();
    for (const row of rows) groups.set(row.group_id, (groups.get(row.group_id) ?? 0) + 1);
    assert.equal(groups.size, 4);
    assert.ok([...groups.values()].every((n) => n === pairsOf(3)));
    const grouped = await t.call('export.preview', { options: { taskSetIds: [rankSet], format: 'ranking-grouped' }, limit: 10 });
    assert.equal(grouped.lines.length, 4);
    assert.deepEqual(JSON.parse(grouped.lines[0]).completions.map((c: any) => c.rank), [0, 1, 2]);
  });

  it('never an API key, a local model path or the home folder; every export is in the audit log', async () => {
    const result = await t.call('export.write', { options: { taskSetIds: [pairSet, rankSet], format: 'trl-implicit', metadata: true }, folder: join(out, 'implicit') });
    const text = readFileSync(join(result.folder, 'data', 'train.jsonl'), 'utf8') + readFileSync(join(result.folder, 'manifest.json'), 'utf8') + readFileSync(join(result.folder, 'README.md'), 'utf8');
    assert.ok(text.includes('beta says'), 'beta answered');
    assert.ok(!text.includes(keyValue) && !text.includes(tinyPath) && !text.includes(dataDir));
    assert.ok(!text.includes(process.env.HOME ?? '/nonexistent-home'));
    assert.ok(text.includes('[SECRET]') && text.includes('[PATH]'));
    assert.ok(result.manifest.models.every((model: any) => !JSON.stringify(model).includes('/')));
  });

  it('a bundle from a second workspace joins the first: annotators and agreement statistics see it', async () => {
    // Grace labels in a copy of the workspace (the lead's file, copied while closed).
    await t.close();
    const copy = tempDataDir('arbiter-export-contract-copy-');
    cpSync(dataDir, copy, { recursive: true });
    t = await openTestBackend(dataDir);
    const other = await openTestBackend(copy);
    try {
      const grace = (await other.call('annotators.create', { name: 'Grace' })).id;
      await labelAll(other, pairSet, grace, (item) => prefer(item, 0));
      const before = await t.call('leaderboard.get', { taskSetId: pairSet, resamples: 1 });
      assert.equal(before.agreement.annotators, 1);
      const bundle = await other.call('export.writeBundle', { annotatorId: grace, folder: join(out, 'grace') });
      assert.equal(bundle.judgments, 12);
      const imported = await t.call('export.importBundle', { folder: bundle.folder });
      assert.deepEqual([imported.added, imported.duplicates, imported.annotatorsAdded], [12, 0, ['Grace']]);
      const after = await t.call('leaderboard.get', { taskSetId: pairSet, resamples: 1 });
      assert.equal(after.agreement.annotators, 2);
      assert.equal(after.agreement.items, 12);
      const again = await t.call('export.importBundle', { folder: bundle.folder });
      assert.deepEqual([again.added, again.duplicates], [0, 12]);
      const perAnnotator = await t.call('export.preview', { options: { taskSetIds: [pairSet], format: 'trl-conversational', resolve: 'per-annotator', metadata: true, dedupe: false }, limit: 100 });
      assert.equal(perAnnotator.counts.rows, 24);
      const list = await t.call('export.list');
      assert.deepEqual(list.slice(0, 2).map((record: any) => record.kind), ['bundle-import', 'bundle-import']);
    } finally {
      await other.destroy();
    }
  });
});

type Backend = Awaited<ReturnType<typeof openTestBackend>>;

async function labelAll(backend: Backend, taskSetId: string, annotatorId: string, verdict: (item: QueueItem) => object): Promise<void> {
  for (;;) {
    const page = await backend.call('labeling.queue', { taskSetId, annotatorId, limit: 50 });
    if (page.items.length === 0) return;
    for (const item of page.items as QueueItem[]) {
      await backend.call('labeling.submit', { itemId: item.itemId, annotatorId, shownOrder: item.outputs.map((output) => output.generationId), verdict: verdict(item) });
    }
  }
}

function prefer(item: QueueItem, index: number) {
  return { kind: 'pairwise', choice: 'preferred', preferredGenerationId: item.outputs[index]!.generationId, strength: 'much' };
}

/** alpha first, then beta, then gamma. */
function rank(item: QueueItem) {
  const order = ['alpha', 'beta', 'gamma'];
  return {
    kind: 'ranking',
    ranks: item.outputs.map((output) => ({ generationId: output.generationId, rank: order.findIndex((name) => output.output.startsWith(name)) + 1 })),
  };
}
