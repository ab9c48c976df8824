import { cpSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { databaseFileName } from '../../electron/services/bootstrap.js';
import { EventBus } from '../../electron/services/event-bus.js';
import { BundleService } from '../../electron/services/export/bundle-service.js';
import { ExportService } from '../../electron/services/export/export-service.js';
import { Database } from '../../electron/services/storage/database.js';
import { migrate } from '../../electron/services/storage/migrations.js';
import { exportOptionsSchema } from '../../shared/contract/export.js';
import { tempDataDir } from '../support/start-server.js';
import { result, type Benchmark, type BenchResult } from './bench-result.js';

// Export 1,000,000 preference pairs (1,000,000 pairwise items of 250,000 prompts × 4 models, one
// judgment each) to Parquet and to JSONL as TRL conversational rows, through the whole pipeline
// (current view of the judgments, resolution, scrubbing, dedupe, split by prompt, COPY, sha256,
// manifest, card); then import a bundle of those 1,000,000 judgments into another workspace.
// Targets (issue 9): Parquet under 5 s, JSONL under 15 s on this machine. Baselines measured in the
// same run: one bare COPY of the same pairs (the floor DuckDB itself sets), and inserting the
// bundle's Parquet with one INSERT … SELECT. CPU seconds are printed too: on a shared machine the
// wall time says as much about the neighbours as about the export.

const prompts = 250_000;
const pairs = 1_000_000;

async function seed(dataDir: string, withJudgments: boolean): Promise<void> {
  const db = await Database.open(join(dataDir, databaseFileName));
  try {
    await migrate(db);
    await db.transaction(async (sql) => {
      await sql.run(`INSERT INTO prompts (id, name) VALUES ('p', 'Support reply')`);
      await sql.run(`INSERT INTO prompt_versions (id, prompt_id, number, content_hash, template, variables)
        VALUES ('pv', 'p', 1, 'h', '{"messages":[]}', '["ticket"]')`);
      await sql.run(`INSERT INTO models (id, kind, name, config, prices)
        SELECT 'm' || m, 'remote', 'Model ' || m, '{"provider":"openai-compatible","baseUrl":null,"model":"m","apiKeyName":"BENCH_KEY"}', '{}' FROM range(4) t(m)`);
      await sql.run(`INSERT INTO datasets (id, name) VALUES ('d', 'Tickets')`);
      await sql.run(`INSERT INTO dataset_versions (id, dataset_id, number, row_count, variables, has_reference, has_context, source)
        VALUES ('dv', 'd', 1, ${prompts}, '["ticket"]', false, false, 'bench')`);
      await sql.run(`INSERT INTO dataset_rows SELECT 'dv', i, 'row-' || i, json_object('ticket', 'Ticket ' || i || ': my parcel is late, what now?'), NULL, NULL FROM range(${prompts}) t(i)`);
      await sql.run(`INSERT INTO experiments (id, name, config, estimate, state) VALUES ('e', 'Bench', '{}', '{}', 'completed')`);
      await sql.run(`INSERT INTO generations (id, experiment_id, prompt_version_id, model_id, row_id, sample_index, seed, cache_key, messages, params, output,
          finish_reason, input_tokens, output_tokens, latency_ms, cached, attempts)
        SELECT 'g-' || i || '-' || m, 'e', 'pv', 'm' || m, 'row-' || i, 0, 42, 'c-' || i || '-' || m,
          json_array(json_object('role', 'system', 'content', 'You are a support agent. Answer in two sentences.'),
                     json_object('role', 'user', 'content', 'Ticket ' || i || ': my parcel is late, what now?')),
          '{}', 'Model ' || m || ' on ticket ' || i || ': we are sorry about the delay; the parcel ships today and arrives within three working days.',
          'stop', 30, 30, 5, false, 1
        FROM range(${prompts}) a(i), range(4) b(m)`);
      await sql.run(`INSERT INTO annotators (id, name, kind) VALUES ('ann-ada', 'Ada', 'human')`);
      await sql.run(`INSERT INTO task_sets (id, name, experiment_id, kind, config) VALUES ('ts', 'Bench pairs', 'e', 'pairwise', '{}')`);
      await sql.run(`INSERT INTO task_items
        SELECT 'it-' || i || '-' || a || '-' || b, 'ts', (row_number() OVER (ORDER BY i, a, b))::INTEGER, 'row-' || i,
          json_array('g-' || i || '-' || a, 'g-' || i || '-' || b)
        FROM range(${prompts}) t(i), (SELECT x.m AS a, y.m AS b FROM range(4) x(m), range(4) y(m) WHERE x.m < y.m)
        ORDER BY i, a, b LIMIT ${pairs}`);
      if (withJudgments) {
        await sql.run(`INSERT INTO judgments (id, judgment_key, revision, task_set_id, item_id, annotator_id, source, shown_order, verdict, duration_ms)
          SELECT 'j-' || id, 'k-' || id, 1, 'ts', id, 'ann-ada', 'human', generation_ids,
            json_object('kind', 'pairwise', 'choice', 'preferred',
              'preferredGenerationId', json_extract_string(generation_ids, CASE WHEN hash(id) % 3 = 0 THEN '$[1]' ELSE '$[0]' END),
              'strength', CASE WHEN hash(id) % 2 = 0 THEN 'much' ELSE 'slight' END), 1200
          FROM task_items`);
      }
    });
  } finally {
    await db.close();
  }
}

let lastCpu = 0;

/** Wall seconds of `work`; its CPU seconds (both DuckDB threads) are kept in lastCpu, as a shared machine's load hides in the wall time. */
async function seconds(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await work();
  const used = process.cpuUsage(cpu);
  lastCpu = (used.user + used.system) / 1e6;
  return (performance.now() - started) / 1000;
}

const load = () => loadavg()[0]!.toFixed(1);

export const benchmark: Benchmark = {
  name: 'export: 1,000,000 preference pairs to Parquet and JSONL; a 1,000,000-judgment bundle imported',
  async run() {
    const root = tempDataDir('arbiter-bench-export-');
    const source = join(root, 'source');
    const target = join(root, 'target');
    const baselineTarget = join(root, 'baseline');
    const results: BenchResult[] = [];
    try {
      const seeded = await seconds(async () => {
        await seed(target, false);
        cpSync(target, baselineTarget, { recursive: true });
        await seed(source, true);
      });
      process.stderr.write(`  seeded ${pairs.toLocaleString('en-US')} judged pairs in ${seeded.toFixed(1)} s\n`);

      const db = await Database.open(join(source, databaseFileName));
      const exports = new ExportService(db, { workspaceDir: source, appVersion: 'bench', secrets: { list: () => [], get: () => undefined } });
      const bundles = new BundleService(db, new EventBus(), { workspaceDir: source, appVersion: 'bench', scrubSources: () => exports.scrubSources() });
      let bundleFolder = '';
      try {
        for (const [fileType, budget] of [
          ['parquet', 5],
          ['jsonl', 15],
        ] as const) {
          const options = exportOptionsSchema.parse({ taskSetIds: ['ts'], format: 'trl-conversational', fileType, testFraction: 0.05 });
          let rows = 0;
          const took = await seconds(async () => {
            const written = await exports.write(options, join(root, `export-${fileType}`), false);
            rows = written.manifest.counts.rows;
          });
          if (rows !== pairs) throw new Error(`expected ${pairs} rows, the export wrote ${rows}`);
          const cpu = lastCpu;
          // The floor, in the same run: one bare COPY of the same rows (no current view, no
          // resolution, scrubbing, dedupe or split; no manifest).
          const bare = await seconds(() =>
            db.read((sql) =>
              sql.run(`COPY (
                SELECT from_json(c.messages, '[{"role":"VARCHAR","content":"VARCHAR"}]') AS prompt,
                  [{'role': 'assistant', 'content': c.output}] AS chosen, [{'role': 'assistant', 'content': r.output}] AS rejected
                FROM judgments j JOIN task_items i ON i.id = j.item_id
                JOIN generations c ON c.id = json_extract_string(j.verdict, '$.preferredGenerationId')
                JOIN generations r ON r.id = CASE WHEN json_extract_string(i.generation_ids, '$[0]') = json_extract_string(j.verdict, '$.preferredGenerationId')
                  THEN json_extract_string(i.generation_ids, '$[1]') ELSE json_extract_string(i.generation_ids, '$[0]') END
                ORDER BY i.position) TO '${join(root, `bare.${fileType}`)}' (FORMAT ${fileType === 'jsonl' ? 'json' : 'parquet'})`),
            ),
          );
          const bareCpu = lastCpu;
          process.stderr.write(
            `  ${fileType}: ${rows.toLocaleString('en-US')} pairs in ${took.toFixed(2)} s (${cpu.toFixed(1)} s of CPU, load average ${load()}); one bare COPY of the same rows: ${bare.toFixed(2)} s (${bareCpu.toFixed(1)} s of CPU)\n`,
          );
          const label = fileType === 'parquet' ? 'Parquet' : 'JSONL';
          results.push(
            result({
              name: `export 1,000,000 preference pairs to ${label} (TRL conversational, whole folder)`,
              value: took,
              unit: 's',
              baseline: budget,
              baselineLabel: `budget: ${budget} s (issue 9)`,
              target: 1,
              direction: 'at-most',
            }),
            result({
              name: `export 1,000,000 pairs to ${label}: the whole pipeline against one bare COPY`,
              value: took,
              unit: 's',
              baseline: bare,
              baselineLabel: 'one COPY joining judgments to generations, nothing resolved, scrubbed or checked',
              target: 3,
              direction: 'at-most',
            }),
          );
        }
        bundleFolder = (await bundles.write(null, [], join(root, 'bundle'), false)).folder;
      } finally {
        await db.close();
      }

      const into = await Database.open(join(target, databaseFileName));
      try {
        const importer = new BundleService(into, new EventBus(), {
          workspaceDir: target,
          appVersion: 'bench',
          scrubSources: async () => ({ secrets: [], modelPaths: [], homeDir: '/nonexistent', workspaceDir: target }),
        });
        let added = 0;
        const took = await seconds(async () => {
          added = (await importer.import(bundleFolder)).added;
        });
        if (added !== pairs) throw new Error(`expected ${pairs} judgments imported, got ${added}`);
        const again = await seconds(() => importer.import(bundleFolder));
        const baselineDb = await Database.open(join(baselineTarget, databaseFileName));
        let raw = 0;
        try {
          raw = await seconds(() =>
            baselineDb.transaction((sql) =>
              sql.run(`INSERT INTO judgments SELECT * REPLACE (shown_order::JSON AS shown_order, verdict::JSON AS verdict, tags::JSON AS tags) FROM read_parquet('${join(bundleFolder, 'judgments.parquet')}')`),
            ),
          );
        } finally {
          await baselineDb.close();
        }
        process.stderr.write(
          `  bundle import: ${added.toLocaleString('en-US')} judgments in ${took.toFixed(2)} s (again, all duplicates: ${again.toFixed(2)} s; load average ${load()}); a bare INSERT … SELECT: ${raw.toFixed(2)} s\n`,
        );
        results.push(
          result({
            name: 'import a 1,000,000-judgment annotation bundle (checked, merged, idempotent)',
            value: took,
            unit: 's',
            baseline: raw,
            baselineLabel: 'one INSERT … SELECT from the same Parquet file, unchecked',
            target: 5,
            direction: 'at-most',
          }),
        );
      } finally {
        await into.close();
      }
      return results;
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
