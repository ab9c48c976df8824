import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { databaseFileName } from '../../electron/services/bootstrap.js';
import { EventBus } from '../../electron/services/event-bus.js';
import { ScoringService } from '../../electron/services/scoring/scoring-service.js';
import { runSyncScorer, type ScoreInput } from '../../electron/services/scoring/scorers.js';
import { Database } from '../../electron/services/storage/database.js';
import { migrate } from '../../electron/services/storage/migrations.js';
import { scorerListSchema, type ScorerConfigInput } from '../../shared/contract/scoring.js';
import { tempDataDir } from '../support/start-server.js';
import { result, type Benchmark } from './bench-result.js';

// Scoring 100,000 stored generations with every deterministic scorer (matching, format, limits,
// and BLEU, ROUGE-L, chrF and Levenshtein against the reference): read from DuckDB with their rows'
// references, scored, and 1,100,000 scores written back, as a rescore does. Baseline, in the same
// run: the same path with one `equals` scorer, which is the cost of reading and writing alone.

const generations = 100_000;

const deterministic: ScorerConfigInput[] = [
  { kind: 'equals' },
  { kind: 'contains', value: '{{ reference }}', name: 'names-it' },
  { kind: 'contains-all', values: ['parcel', 'today'] },
  { kind: 'regex', pattern: '\\bsorry\\b', flags: 'i' },
  { kind: 'starts-with', value: 'We' },
  { kind: 'length', max: 200 },
  { kind: 'refusal' },
  { kind: 'bleu' },
  { kind: 'rouge-l' },
  { kind: 'chrf' },
  { kind: 'levenshtein' },
];

async function seeded(count: number, scorers: ScorerConfigInput[]): Promise<string> {
  const dataDir = tempDataDir('arbiter-bench-scoring-');
  const db = await Database.open(join(dataDir, databaseFileName));
  await migrate(db);
  const config = {
    name: 'bench',
    promptVersionIds: ['pv'],
    models: [{ modelId: 'm', params: { temperature: 0, maxTokens: 64, stop: [] } }],
    datasetVersionId: 'dv',
    scorers: scorerListSchema.parse(scorers),
  };
  await db.transaction(async (sql) => {
    await sql.run(`INSERT INTO datasets (id, name) VALUES ('d', 'Tickets')`);
    await sql.run(`INSERT INTO dataset_versions (id, dataset_id, number, row_count, variables, has_reference, has_context, source) VALUES ('dv', 'd', 1, ${count}, '["text"]', true, false, 'bench')`);
    await sql.run(
      `INSERT INTO dataset_rows SELECT 'dv', i, 'row-' || i, json_object('text', 'ticket ' || i), 'We are sorry: parcel ' || i || ' ships today.', NULL FROM range(${count}) t(i)`,
    );
    await sql.run(`INSERT INTO experiments (id, name, config, estimate, state) VALUES ('e', 'bench', $config, '{}', 'completed')`, { config: JSON.stringify(config) });
    await sql.run(
      `INSERT INTO generations (id, experiment_id, prompt_version_id, model_id, row_id, sample_index, seed, cache_key, messages, params, output, finish_reason,
         input_tokens, output_tokens, latency_ms, ttft_ms, cost_usd, error, cached, attempts)
       SELECT 'g-' || lpad(i::VARCHAR, 7, '0'), 'e', 'pv', 'm', 'row-' || i, 0, i, 'k' || i,
         '[{"role":"user","content":"Reply to ticket ' || i || '"}]', '{}',
         CASE WHEN i % 3 = 0 THEN 'We are sorry: parcel ' || i || ' ships today.' WHEN i % 3 = 1 THEN 'Sorry, your parcel ' || i || ' is late but ships today.' ELSE 'I cannot help with that.' END,
         'stop', 20, 12, 300 + i % 500, 80, 0.00003, NULL, false, 1
       FROM range(${count}) t(i)`,
    );
  });
  await db.close();
  return dataDir;
}

/** Rows per second through the service: read, score, write, as `scoring.configure` rescores. */
async function throughput(scorers: ScorerConfigInput[]): Promise<{ rowsPerSecond: number; scores: number }> {
  const dataDir = await seeded(generations, []);
  const db = await Database.open(join(dataDir, databaseFileName));
  const service = new ScoringService(db, new EventBus(), { provider: () => Promise.reject(new Error('no models')) });
  try {
    const started = performance.now();
    await service.configure({ experimentId: 'e', scorers: scorerListSchema.parse(scorers) });
    const status = await service.settle('e');
    const seconds = (performance.now() - started) / 1000;
    if (status.scored !== generations * scorers.length) throw new Error(`scored ${status.scored} of ${generations * scorers.length}`);
    return { rowsPerSecond: generations / seconds, scores: status.scored };
  } finally {
    await service.close();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The scorers alone, in memory: what a live run pays per generation. */
function inMemory(): number {
  const configs = scorerListSchema.parse(deterministic);
  const inputs: ScoreInput[] = Array.from({ length: 20_000 }, (_, i) => ({
    output: i % 2 ? `We are sorry: parcel ${i} ships today.` : `Sorry, parcel ${i} is late.`,
    reference: `We are sorry: parcel ${i} ships today.`,
    context: null,
    question: `Reply to ticket ${i}`,
    variables: { text: `ticket ${i}` },
    latencyMs: 300,
    costUsd: 0.00003,
    inputTokens: 20,
    outputTokens: 12,
  }));
  const started = performance.now();
  for (const input of inputs) for (const config of configs) runSyncScorer(config, input);
  return inputs.length / ((performance.now() - started) / 1000);
}

export const benchmark: Benchmark = {
  name: `scoring: ${generations.toLocaleString('en-US')} generations × ${deterministic.length} deterministic scorers`,
  async run() {
    const log = (text: string) => process.stderr.write(`  ${text}\n`);
    const memory = inMemory();
    log(`in memory: ${Math.round(memory).toLocaleString('en-US')} generations/s through all ${deterministic.length} scorers (${((1e6 / memory) | 0).toLocaleString('en-US')} µs a generation)`);
    const one = await throughput([{ kind: 'equals' }]);
    log(`one scorer (equals), stored: ${Math.round(one.rowsPerSecond).toLocaleString('en-US')} generations/s`);
    const all = await throughput(deterministic);
    log(`${deterministic.length} scorers, stored: ${Math.round(all.rowsPerSecond).toLocaleString('en-US')} generations/s (${all.scores.toLocaleString('en-US')} scores written)`);
    return [
      result({
        name: 'scoring-deterministic-rows-per-second',
        value: all.rowsPerSecond,
        unit: 'rows/s',
        baseline: one.rowsPerSecond,
        baselineLabel: 'the same rescore with one `equals` scorer: reading and writing alone',
        target: 0.2,
        direction: 'at-least',
      }),
      result({
        name: 'scoring-in-memory-rows-per-second',
        value: memory,
        unit: 'rows/s',
        baseline: all.rowsPerSecond,
        baselineLabel: 'stored (read, score, write): the scorers are not the bottleneck',
        target: 1,
        direction: 'at-least',
      }),
    ];
  },
};
