import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createBackend, databaseFileName } from '../../electron/services/bootstrap.js';
import { silentLogger } from '../../electron/services/logger.js';
import { Database } from '../../electron/services/storage/database.js';
import { migrate } from '../../electron/services/storage/migrations.js';
import type { QueueItem } from '../../shared/contract/labeling.js';
import { memoryPreferences } from '../support/backend.js';
import { tempDataDir } from '../support/start-server.js';
import { median, result, timeEach, type Benchmark } from './bench-result.js';

const models = 4;

/** A finished experiment of `rows` rows × 4 models, written set-based straight into a workspace. */
export async function seededWorkspace(rows: number): Promise<string> {
  const dataDir = tempDataDir('arbiter-bench-labeling-');
  const db = await Database.open(join(dataDir, databaseFileName));
  await migrate(db);
  const config = {
    name: 'Bench',
    promptVersionIds: ['pv'],
    models: Array.from({ length: models }, (_, m) => ({ modelId: `m${m}`, params: { temperature: 0, maxTokens: 64, stop: [] } })),
    datasetVersionId: 'dv',
  };
  await db.transaction(async (sql) => {
    await sql.run(`INSERT INTO models (id, kind, name, config, prices) SELECT 'm' || i, 'remote', 'model ' || i, '{}', '{}' FROM range(${models}) t(i)`);
    await sql.run(`INSERT INTO prompts (id, name) VALUES ('p', 'Prompt')`);
    await sql.run(`INSERT INTO prompt_versions (id, prompt_id, number, content_hash, template, variables) VALUES ('pv', 'p', 1, 'h', '{"messages":[{"role":"user","content":"{{ q }}"}]}', '["q"]')`);
    await sql.run(`INSERT INTO datasets (id, name) VALUES ('d', 'Data')`);
    await sql.run(`INSERT INTO dataset_versions (id, dataset_id, number, row_count, variables, has_reference, has_context, source) VALUES ('dv', 'd', 1, ${rows}, '["q"]', true, false, 'bench')`);
    await sql.run(`INSERT INTO dataset_rows SELECT 'dv', i, 'r' || i, '{"q":"question ' || i || '"}', 'answer ' || i, NULL FROM range(${rows}) t(i)`);
    await sql.run(`INSERT INTO experiments (id, name, config, estimate, state) VALUES ('e', 'Bench', $config, '{"cells":0,"generations":0,"estimatedCostUsd":null,"estimatedTokens":0,"problems":[]}', 'completed')`, {
      config: JSON.stringify(config),
    });
    await sql.run(`
      INSERT INTO generations (id, experiment_id, prompt_version_id, model_id, row_id, sample_index, seed, cache_key, messages, params, output,
        finish_reason, input_tokens, output_tokens, latency_ms, ttft_ms, cost_usd, error, cached, attempts)
      SELECT 'g' || r || '-' || m, 'e', 'pv', 'm' || m, 'r' || r, 0, 42, 'k' || r || '-' || m,
        '[{"role":"user","content":"question ' || r || '"}]', '{"temperature":0,"maxTokens":64,"stop":[]}',
        'model ' || m || ' answers question ' || r || ' at some length, as a model does.', 'stop', 12, 14, 100, 20, 0.0001, NULL, false, 1
      FROM range(${rows}) a(r), range(${models}) b(m)`);
  });
  await db.close();
  return dataDir;
}

interface Measured {
  items: number;
  createMs: number;
  queueMs: number;
  submitMs: number;
  leaderboardMs: number;
  judgments: number;
}

async function measure(rows: number, judgments: number): Promise<Measured> {
  const dataDir = await seededWorkspace(rows);
  const backend = await createBackend({ dataDir, transport: 'http', preferences: memoryPreferences(), logger: silentLogger });
  const call = async <T = any>(channel: string, input: unknown): Promise<T> => {
    const envelope = await backend.dispatch(channel, input);
    if (!envelope.ok) throw new Error(envelope.error.message);
    return envelope.value as T;
  };
  try {
    const annotator = (await call<{ id: string }>('annotators.create', { name: 'Ada' })).id;
    const started = performance.now();
    const set = await call<{ id: string; items: number }>('labeling.createTaskSet', { name: 'Pairs', experimentId: 'e', kind: 'pairwise' });
    const createMs = performance.now() - started;

    // Judgments, as a labeler makes them: take five, judge them, take the next five.
    let held: QueueItem[] = [];
    const submitTimes: number[] = [];
    const queueTimes: number[] = [];
    for (let n = 0; n < judgments; n++) {
      if (held.length === 0) {
        const t0 = performance.now();
        held = (await call<{ items: QueueItem[] }>('labeling.queue', { taskSetId: set.id, annotatorId: annotator, limit: 5 })).items;
        queueTimes.push(performance.now() - t0);
      }
      const item = held.shift()!;
      const t1 = performance.now();
      await call('labeling.submit', {
        itemId: item.itemId,
        annotatorId: annotator,
        shownOrder: item.outputs.map((output) => output.generationId),
        verdict: { kind: 'pairwise', choice: 'preferred', preferredGenerationId: item.outputs[n % 2]!.generationId },
      });
      submitTimes.push(performance.now() - t1);
    }
    const boards = await timeEach(3, () => call('leaderboard.get', { taskSetId: set.id }));
    return {
      items: set.items,
      createMs,
      queueMs: median(queueTimes.slice(2)),
      submitMs: median(submitTimes.slice(5)),
      leaderboardMs: median(boards),
      judgments,
    };
  } finally {
    await backend.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const benchmark: Benchmark = {
  name: 'labeling: task set from 100,000 generations, the queue and submits, the leaderboard',
  async run() {
    const small = await measure(250, 200);
    const large = await measure(25_000, 2_000);
    return [
      result({
        name: 'labeling-create-150k-items',
        value: large.createMs,
        unit: 'ms',
        baseline: small.createMs,
        baselineLabel: `same, ${small.items} items`,
        // Set-based: 100× the items should cost far less than 100× the time.
        target: 40,
        direction: 'at-most',
      }),
      result({
        name: 'labeling-queue-150k-items',
        value: large.queueMs,
        unit: 'ms',
        baseline: small.queueMs,
        baselineLabel: `next 5 items of ${small.items}`,
        target: 10,
        direction: 'at-most',
      }),
      result({
        name: 'labeling-submit-150k-items',
        value: large.submitMs,
        unit: 'ms',
        baseline: small.submitMs,
        baselineLabel: `one submit, ${small.items} items`,
        target: 3,
        direction: 'at-most',
      }),
      result({
        name: 'leaderboard-2k-judgments',
        value: large.leaderboardMs,
        unit: 'ms',
        baseline: small.leaderboardMs,
        baselineLabel: `${small.judgments} judgments, 1,000 resamples`,
        target: 10,
        direction: 'at-most',
      }),
    ];
  },
};
