// Compare on an experiment of 100,000 generations (25,000 rows × 2 prompt versions × 2 models),
// stored set-based the way a finished run leaves them. Asserts what the filters find; the time of
// each call is reported as a diagnostic (tests never assert on wall time).
import assert from 'node:assert/strict';
import { listValue } from '@duckdb/node-api';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it, type TestContext } from 'node:test';
import { databaseFileName } from '../../../../electron/services/bootstrap.js';
import { Database } from '../../../../electron/services/storage/database.js';
import type { CompareExperiment, CompareRow } from '../../../../shared/contract/compare.js';
import { openTestBackend } from '../../../support/backend.js';
import { tempDataDir } from '../../../support/start-server.js';
import { createPrompt, userTemplate } from '../experiments/support.js';

type TestBackend = Awaited<ReturnType<typeof openTestBackend>>;

const rowCount = 25_000;
const topics = ['cats', 'the moon', 'volcanoes', 'tax law'];
const experimentId = 'large-experiment';
const versionId = 'large-dataset-v1';

/**
 * Row i asks about topics[i % 4]. Column c (0..3) of row i fails when i % 97 = 0 and c = 3, and
 * its output mentions "aardvark" only when i % 1000 = 7 and c = 1: rare matches, as in real use.
 */
async function seed(dataDir: string, promptVersionIds: string[], modelIds: string[]): Promise<void> {
  const db = await Database.open(join(dataDir, databaseFileName));
  try {
    await db.transaction(async (sql) => {
      await sql.run(`INSERT INTO datasets (id, name) VALUES ('large-dataset', 'Large')`);
      await sql.run(
        `INSERT INTO dataset_versions (id, dataset_id, number, row_count, variables, has_reference, has_context, source)
         VALUES ($id, 'large-dataset', 1, $rows, '["question","topic"]', true, false, 'test')`,
        { id: versionId, rows: rowCount },
      );
      await sql.run(
        `INSERT INTO dataset_rows (version_id, row_index, row_id, variables, reference, context)
         SELECT $id, i, 'row-' || i,
           json_object('question', 'Question number ' || i || ' about ' || ($topics)[i % 4 + 1], 'topic', ($topics)[i % 4 + 1]),
           'Reference answer ' || i, NULL
         FROM range($rows) t(i)`,
        { id: versionId, rows: rowCount, topics: listValue(topics) },
      );
      const config = {
        name: 'Large',
        promptVersionIds,
        models: modelIds.map((modelId) => ({ modelId, params: { temperature: 0.7, maxTokens: 512, stop: [] } })),
        datasetVersionId: versionId,
        samples: 1,
        seed: 42,
        budget: { maxCostUsd: null, maxTokens: null },
        remoteConcurrency: 8,
        maxRetries: 4,
        timeoutSeconds: 120,
      };
      const estimate = { cells: rowCount * 4, generations: rowCount * 4, estimatedCostUsd: null, estimatedTokens: 0, problems: [] };
      await sql.run(`INSERT INTO experiments (id, name, config, estimate, state, message) VALUES ($id, 'Large', $config, $estimate, 'completed', NULL)`, {
        id: experimentId,
        config: JSON.stringify(config),
        estimate: JSON.stringify(estimate),
      });
      await sql.run(
        `INSERT INTO generations (id, experiment_id, prompt_version_id, model_id, row_id, sample_index, seed, cache_key, messages, params,
           output, finish_reason, input_tokens, output_tokens, latency_ms, ttft_ms, cost_usd, error, cached, attempts)
         SELECT 'g-' || i || '-' || c, $experimentId, ($prompts)[c // 2 + 1], ($models)[c % 2 + 1], 'row-' || i, 0, i, 'key-' || i || '-' || c,
           '[{"role":"user","content":"Question number ' || i || '"}]', '{"temperature":0.7,"maxTokens":512,"stop":[]}',
           CASE WHEN i % 97 = 0 AND c = 3 THEN ''
                ELSE 'Answer ' || c || ' to question ' || i || ': ' || repeat('a fairly ordinary sentence about ' || ($topics)[i % 4 + 1] || '. ', 6)
                     || CASE WHEN i % 1000 = 7 AND c = 1 THEN ' An aardvark appears.' ELSE '' END END,
           CASE WHEN i % 97 = 0 AND c = 3 THEN 'error' ELSE 'stop' END,
           20, 60, 800 + c, 120, 0.0001,
           CASE WHEN i % 97 = 0 AND c = 3 THEN '{"code":"SERVER","message":"The server had an error","retryable":true}' END,
           false, 1
         FROM range($rows) r(i), range(4) k(c)`,
        { experimentId, rows: rowCount, prompts: listValue(promptVersionIds), models: listValue(modelIds), topics: listValue(topics) },
      );
    });
  } finally {
    await db.close();
  }
}

describe('compare on 100,000 generations', () => {
  let t: TestBackend;
  let dataDir: string;
  let promptVersionIds: string[];
  let modelIds: string[];
  const timings: string[] = [];

  /** Calls a method five times (the first also prepares the statement) and notes the first time and the median. */
  async function timed<T>(name: string, channel: string, input: unknown): Promise<T> {
    let result: T | undefined;
    const times: number[] = [];
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      result = await t.call<T>(channel, input);
      times.push(performance.now() - started);
    }
    const median = [...times].sort((a, b) => a - b)[2]!;
    timings.push(`${name}: first ${times[0]!.toFixed(0)} ms, median ${median.toFixed(0)} ms`);
    return result!;
  }

  before(async () => {
    dataDir = tempDataDir('arbiter-compare-large-');
    // Prompt versions and models through the contract (real records), then the bulk rows with SQL.
    t = await openTestBackend(dataDir);
    promptVersionIds = await createPrompt(t.call, 'Large prompt', [userTemplate('Q: {{ question }}'), userTemplate('Briefly, Q: {{ question }}')]);
    modelIds = [];
    for (const name of ['model-one', 'model-two']) {
      modelIds.push((await t.call('models.addRemote', { name, provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', model: name })).id);
    }
    await t.close();
    await seed(dataDir, promptVersionIds, modelIds);
    t = await openTestBackend(dataDir);
  });
  after(async (context) => {
    (context as unknown as TestContext).diagnostic?.(timings.join('\n'));
    for (const line of timings) console.log(`# ${line}`);
    await t.destroy();
  });

  it('counts every column and lists rows a page at a time, from the start or deep down', async () => {
    const experiment = await timed<CompareExperiment>('compare.experiment', 'compare.experiment', { experimentId });
    assert.deepEqual(
      experiment.columns.map((column) => [column.generations, column.failed]),
      [
        [rowCount, 0],
        [rowCount, 0],
        [rowCount, 0],
        [rowCount, Math.ceil(rowCount / 97)],
      ],
    );
    const first = await timed<{ rows: CompareRow[]; total: number }>('rows, first page of 200', 'compare.rows', { experimentId, limit: 200 });
    assert.equal(first.total, rowCount);
    assert.equal(first.rows.length, 200);
    assert.deepEqual(first.rows[0]!.variables, { question: 'Question number 0 about cats', topic: 'cats' });
    assert.equal(first.rows[0]!.failed, 1);
    const deep = await timed<{ rows: CompareRow[]; total: number }>('rows, page at offset 20,000', 'compare.rows', { experimentId, offset: 20_000, limit: 200 });
    assert.equal(deep.rows[0]!.index, 20_000);
  });

  it('finds rare words in outputs, values in rows, and failed rows', async () => {
    const rare = await timed<{ rows: CompareRow[]; total: number }>('rows, search a rare word in outputs', 'compare.rows', { experimentId, filter: { search: 'AARDVARK' } });
    assert.equal(rare.total, 25);
    assert.deepEqual(
      rare.rows.slice(0, 3).map((row) => row.index),
      [7, 1007, 2007],
    );
    const common = await timed<{ total: number }>('rows, search a word in a quarter of the rows', 'compare.rows', { experimentId, filter: { search: 'volcanoes' } });
    assert.equal(common.total, rowCount / 4);
    const value = await timed<{ total: number }>('rows, search a row value', 'compare.rows', { experimentId, filter: { search: 'reference answer 2499' } });
    assert.equal(value.total, 11, '2499 and 24990..24999');
    const failed = await timed<{ rows: CompareRow[]; total: number }>('rows, failed only', 'compare.rows', { experimentId, filter: { failedOnly: true } });
    assert.equal(failed.total, Math.ceil(rowCount / 97));
    assert.ok(failed.rows.every((row) => row.index % 97 === 0 && row.failed === 1));
    const narrowed = await timed<{ total: number }>('rows, failed only for one model', 'compare.rows', { experimentId, filter: { failedOnly: true, modelIds: [modelIds[0]] } });
    assert.equal(narrowed.total, 0);
    const both = await timed<{ total: number }>('rows, search and failed only', 'compare.rows', {
      experimentId,
      filter: { search: 'cats', failedOnly: true, promptVersionIds: [promptVersionIds[1]] },
    });
    assert.equal(both.total, Math.ceil(rowCount / (97 * 4)), 'rows i with i % 97 = 0 and i % 4 = 0');
  });

  it('locates a row deep in the list and reads one row', async () => {
    const located = await timed<{ position: number | null }>('locate a row among failed rows', 'compare.locate', { experimentId, rowId: 'row-24929', filter: { failedOnly: true } });
    assert.equal(located.position, 24929 / 97);
    const row = await timed<any>('row (4 generations)', 'compare.row', { experimentId, rowId: 'row-24929' });
    assert.equal(row.generations.length, 4);
    assert.equal(row.generations[3].error.code, 'SERVER');
    assert.equal(row.prompts[0].source, 'stored');
  });
});
