import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { databaseFileName } from '../../electron/services/bootstrap.js';
import { EventBus } from '../../electron/services/event-bus.js';
import { ExperimentService, type ExperimentModels } from '../../electron/services/experiments/experiment-service.js';
import type { WriteStrategy } from '../../electron/services/experiments/generation-writer.js';
import type { Provider } from '../../electron/services/providers/provider.js';
import { Database } from '../../electron/services/storage/database.js';
import { migrate } from '../../electron/services/storage/migrations.js';
import type { GenerationResult } from '../../shared/contract/generation.js';
import type { RemoteModel } from '../../shared/contract/models.js';
import { tempDataDir } from '../support/start-server.js';
import { result, type Benchmark } from './bench-result.js';

// Storing results while a run streams: 100,000 generations of a real run (matrix, scheduler,
// events, writer, DuckDB file) against a provider that answers at once, so storage is what is
// measured. Baseline, in the same run: the same pipeline writing one INSERT per generation.

const generations = 100_000;
const baselineGenerations = 2_000;

async function seededWorkspace(rows: number): Promise<string> {
  const dataDir = tempDataDir('arbiter-bench-storage-');
  const db = await Database.open(join(dataDir, databaseFileName));
  await migrate(db);
  await db.transaction(async (sql) => {
    await sql.run(`INSERT INTO prompts (id, name) VALUES ('p', 'Support reply')`);
    await sql.run(`INSERT INTO prompt_versions (id, prompt_id, number, content_hash, template, variables)
      VALUES ('pv', 'p', 1, 'h', '{"messages":[{"role":"system","content":"You are a support agent."},{"role":"user","content":"Reply to: {{ text }}"}]}', '["text"]')`);
    await sql.run(`INSERT INTO datasets (id, name) VALUES ('d', 'Tickets')`);
    await sql.run(`INSERT INTO dataset_versions (id, dataset_id, number, row_count, variables, has_reference, has_context, source)
      VALUES ('dv', 'd', 1, ${rows}, '["text"]', false, false, 'bench')`);
    await sql.run(`INSERT INTO dataset_rows SELECT 'dv', i, 'row-' || i, json_object('text', 'ticket number ' || i || ' says the parcel is late'), NULL, NULL FROM range(${rows}) t(i)`);
  });
  await db.close();
  return dataDir;
}

const entry: RemoteModel = {
  id: 'instant',
  kind: 'remote',
  name: 'Instant',
  provider: 'openai-compatible',
  baseUrl: 'http://127.0.0.1:1/v1',
  model: 'instant',
  apiKeyName: 'NONE',
  apiKeySet: false,
  prices: { inputPerMillion: 1, outputPerMillion: 2 },
  status: { state: 'idle', message: null },
  createdAt: new Date().toISOString(),
};

/** Answers at once (after a macrotask, as a socket would), with a short reply and usage. */
const instant: Provider = {
  id: 'bench|instant',
  generate: () =>
    new Promise<GenerationResult>((resolve) =>
      setImmediate(() =>
        resolve({ output: 'We are sorry; the parcel ships today.', finishReason: 'stop', inputTokens: 18, outputTokens: 9, latencyMs: 0.2, timeToFirstTokenMs: 0.1, tokensPerSecond: null, costUsd: 0.000036, error: null }),
      ),
    ),
};

const models: ExperimentModels = {
  get: async () => entry,
  provider: async () => instant,
  runtime: async () => {
    throw new Error('no local models here');
  },
};

async function measure(strategy: WriteStrategy, count: number): Promise<{ rowsPerSecond: number; lagP50Ms: number; lagP99Ms: number }> {
  const dataDir = await seededWorkspace(count);
  const db = await Database.open(join(dataDir, databaseFileName));
  const events = new EventBus();
  const lags: number[] = [];
  events.subscribe((event, payload) => {
    if (event === 'experiment.generation') lags.push(Date.now() - Date.parse((payload as { createdAt: string }).createdAt));
  });
  const service = new ExperimentService(db, events, models, { writeStrategy: strategy });
  try {
    const experiment = await service.create({
      name: 'bench',
      promptVersionIds: ['pv'],
      models: [{ modelId: 'instant', params: { temperature: 0.7, maxTokens: 64, stop: [] } }],
      datasetVersionId: 'dv',
      samples: 1,
      seed: 42,
      budget: { maxCostUsd: null, maxTokens: null },
      remoteConcurrency: 64,
      maxRetries: 0,
      timeoutSeconds: 60,
    });
    const started = performance.now();
    // fresh: no cache lookups, so the figure is the write path's.
    await service.start({ id: experiment.id, fresh: true });
    const done = await service.settled(experiment.id);
    const seconds = (performance.now() - started) / 1000;
    const stored = (await db.all<{ n: number }>('SELECT count(*) AS n FROM generations'))[0]?.n;
    if (done.state !== 'completed' || stored !== count) throw new Error(`expected ${count} stored generations, found ${stored} (${done.state})`);
    lags.sort((a, b) => a - b);
    return { rowsPerSecond: count / seconds, lagP50Ms: lags[Math.floor(lags.length / 2)] ?? 0, lagP99Ms: lags[Math.floor(lags.length * 0.99)] ?? 0 };
  } finally {
    await service.close();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const benchmark: Benchmark = {
  name: 'experiment storage: 100,000 generations written while a run streams',
  async run() {
    const batched = await measure('batch', generations);
    const perRow = await measure('insert-per-row', baselineGenerations);
    process.stderr.write(
      `  one INSERT per batch: ${Math.round(batched.rowsPerSecond)} rows/s, completion to commit p50 ${batched.lagP50Ms} ms, p99 ${batched.lagP99Ms} ms; ` +
        `one INSERT per generation: ${Math.round(perRow.rowsPerSecond)} rows/s\n`,
    );
    return [
      result({
        name: 'generations stored per second during a run (100,000)',
        value: batched.rowsPerSecond,
        unit: 'rows/s',
        baseline: perRow.rowsPerSecond,
        baselineLabel: `one INSERT per generation (${baselineGenerations.toLocaleString('en-US')})`,
        target: 20,
        direction: 'at-least',
      }),
    ];
  },
};
