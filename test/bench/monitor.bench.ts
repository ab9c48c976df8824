import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { databaseFileName } from '../../electron/services/bootstrap.js';
import { EventBus } from '../../electron/services/event-bus.js';
import { MonitorService } from '../../electron/services/monitor/monitor-service.js';
import { Database } from '../../electron/services/storage/database.js';
import { migrate } from '../../electron/services/storage/migrations.js';
import { tempDataDir } from '../support/start-server.js';
import { median, result, timeEach, type Benchmark, type BenchResult } from './bench-result.js';

// The Monitor's queries over 1,000,000 generations (20 experiments × 2 prompt versions × 5 models ×
// 5,000 rows) and 2,000,000 scores, in a real DuckDB file: the overview by model, prompt version and
// experiment (percentiles, rates, pass rates), the trend across experiments, a drill-down page, and
// the comparison of two 50,000-generation experiments. Each is timed as the median of 5 runs after
// one warm-up, against the budget of 200 ms.

const experiments = 20;
const prompts = 2;
const models = 5;
const rows = 5_000;
const total = experiments * prompts * models * rows;
const budgetMs = 200;

async function seeded(): Promise<string> {
  const dataDir = tempDataDir('arbiter-bench-monitor-');
  const db = await Database.open(join(dataDir, databaseFileName));
  await migrate(db);
  await db.transaction(async (sql) => {
    await sql.run(`INSERT INTO prompts SELECT 'p', 'Support reply', NULL, now(), now()`);
    await sql.run(`INSERT INTO prompt_versions (id, prompt_id, number, content_hash, template, variables) SELECT 'pv' || i, 'p', i + 1, 'h' || i, '{}', '[]' FROM range(${prompts}) t(i)`);
    await sql.run(`INSERT INTO models (id, kind, name, config, prices) SELECT 'm' || i, 'remote', 'Model ' || i, '{}', '{}' FROM range(${models}) t(i)`);
    await sql.run(`INSERT INTO datasets VALUES ('d', 'Tickets', now())`);
    await sql.run(`INSERT INTO dataset_versions (id, dataset_id, number, row_count, variables, has_reference, has_context, source) VALUES ('dv', 'd', 1, ${rows}, '["text"]', true, false, 'bench')`);
    await sql.run(`INSERT INTO dataset_rows SELECT 'dv', i, 'row-' || i, json_object('text', 'ticket ' || i), 'answer ' || i, NULL FROM range(${rows}) t(i)`);
    const config = JSON.stringify({
      name: 'bench',
      promptVersionIds: Array.from({ length: prompts }, (_, i) => `pv${i}`),
      models: Array.from({ length: models }, (_, i) => ({ modelId: `m${i}`, params: { temperature: 0, maxTokens: 64, stop: [] } })),
      datasetVersionId: 'dv',
    });
    await sql.run(
      `INSERT INTO experiments (id, name, config, estimate, state, created_at) SELECT 'e' || i, 'Run ' || i, $config, '{}', 'completed', now() - INTERVAL (${experiments} - i) HOUR FROM range(${experiments}) t(i)`,
      { config },
    );
  });
  // One experiment at a time: a transaction of 50,000 generations and 100,000 scores.
  for (let e = 0; e < experiments; e++) {
    await db.transaction(async (sql) => {
      await sql.run(
        `INSERT INTO generations (id, experiment_id, prompt_version_id, model_id, row_id, sample_index, seed, cache_key, messages, params, output, finish_reason,
           input_tokens, output_tokens, latency_ms, ttft_ms, cost_usd, error, cached, attempts, created_at)
         SELECT printf('g%02d-%07d', ${e}, i), 'e${e}', 'pv' || (i // ${models * rows}), 'm' || ((i // ${rows}) % ${models}), 'row-' || (i % ${rows}), 0, i, 'k${e}-' || i, '[]', '{}',
           'answer ' || (i % ${rows}) || CASE WHEN hash(i, ${e}) % 5 = 0 THEN ' maybe' ELSE '' END,
           CASE WHEN hash(i, ${e}) % 97 = 0 THEN 'error' ELSE 'stop' END,
           20 + i % 30, 10 + i % 90, 200 + (hash(i, ${e}) % 2000) * (1 + (i // ${rows}) % ${models}) / 3.0, 40 + hash(i) % 200,
           (20 + i % 30) * 0.000001 + (10 + i % 90) * 0.000002,
           CASE WHEN hash(i, ${e}) % 97 = 0 THEN '{"code":"SERVER","message":"502","retryable":true}' ELSE NULL END,
           hash(i, ${e}) % 11 = 0, 1 + (hash(i, ${e}) % 23 = 0)::INT, now() - INTERVAL (${experiments} - ${e}) HOUR
         FROM range(${prompts * models * rows}) t(i)`,
      );
      await sql.run(
        `INSERT INTO scores (generation_id, experiment_id, prompt_version_id, model_id, row_id, scorer, kind, pass, score, reason)
         SELECT g.id, g.experiment_id, g.prompt_version_id, g.model_id, g.row_id, s.scorer, s.kind,
           CASE WHEN s.scorer = 'exact' THEN NOT contains(g.output, 'maybe') ELSE hash(g.id) % 10 > 2 END,
           CASE WHEN s.scorer = 'exact' THEN (NOT contains(g.output, 'maybe'))::INT ELSE (hash(g.id) % 100) / 100.0 END, ''
         FROM generations g, (VALUES ('exact', 'equals'), ('rouge', 'rouge-l')) s(scorer, kind)
         WHERE g.experiment_id = 'e${e}' AND g.error IS NULL`,
      );
    });
  }
  await db.close();
  return dataDir;
}

export const benchmark: Benchmark = {
  name: `monitor: queries over ${total.toLocaleString('en-US')} generations`,
  async run() {
    const log = (text: string) => process.stderr.write(`  ${text}\n`);
    const seedStarted = performance.now();
    const dataDir = await seeded();
    log(`seeded ${total.toLocaleString('en-US')} generations and their scores in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    const db = await Database.open(join(dataDir, databaseFileName));
    const monitor = new MonitorService(db, new EventBus());
    const queries: [string, () => Promise<unknown>][] = [
      ['overview-by-model', () => monitor.overview({ experimentIds: [], groupBy: 'model' })],
      ['overview-by-prompt', () => monitor.overview({ experimentIds: [], groupBy: 'prompt' })],
      ['overview-by-experiment', () => monitor.overview({ experimentIds: [], groupBy: 'experiment' })],
      ['overview-one-experiment', () => monitor.overview({ experimentIds: ['e7'], groupBy: 'model' })],
      ['trend-by-model', () => monitor.trend({ experimentIds: [], groupBy: 'model', limit: 100 })],
      ['drill-failing-lowest-score', () => monitor.generations({ experimentIds: [], modelId: 'm3', promptVersionId: null, status: 'scored-fail', scorer: 'exact', sort: 'score', offset: 0, limit: 50 })],
      ['drill-slowest', () => monitor.generations({ experimentIds: [], modelId: null, promptVersionId: null, status: 'all', scorer: null, sort: 'latency', offset: 0, limit: 50 })],
      ['compare-two-experiments', () => monitor.compare({ baselineId: 'e18', candidateId: 'e19', limit: 200 })],
    ];
    const results: BenchResult[] = [];
    try {
      for (const [name, query] of queries) {
        await query(); // warm-up: DuckDB reads the columns it needs into its buffer pool
        const samples = await timeEach(5, () => query());
        const ms = median(samples);
        log(`${name}: median ${ms.toFixed(1)} ms (${samples.map((s) => s.toFixed(0)).join(', ')})`);
        results.push(result({ name: `monitor-${name}`, value: ms, unit: 'ms', baseline: budgetMs, baselineLabel: `the issue's budget over ${total.toLocaleString('en-US')} generations`, target: 1, direction: 'at-most' }));
      }
    } finally {
      monitor.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    return results;
  },
};
