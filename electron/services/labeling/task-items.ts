import { listValue } from '@duckdb/node-api';
import type { TaskSetConfig } from '../../../shared/contract/labeling.js';
import type { Sql } from '../storage/database.js';
import { variantKeySql } from './variants.js';

type ItemsConfig = Pick<TaskSetConfig, 'kind' | 'sampling' | 'sampleSize' | 'seed'>;

/**
 * The items of a task set, from an experiment's successful generations, as one SQL query:
 * - pairwise: every pair of the chosen variants that both answered the same row and sample;
 * - ranking: all the chosen variants that answered a row and sample (at least two);
 * - rubric: each output alone.
 * Generations inside an item keep the experiment's column order (the canonical order; what an
 * annotator sees is shuffled per annotator later). The queue order is a seeded shuffle (an md5 of
 * the seed and the outputs) and a sample is its first `sampleSize` items. An item's id is derived
 * from the set and its outputs, so an annotation bundle names the same item in every workspace.
 *
 * Set-based: 150,000 items from 100,000 generations is one INSERT … SELECT, not a JS loop.
 */
function itemsQuery(config: ItemsConfig): string {
  const candidates =
    config.kind === 'pairwise'
      ? `SELECT a.row_id, [a.id, b.id] AS generation_ids FROM chosen a JOIN chosen b
           ON a.row_id = b.row_id AND a.sample_index = b.sample_index AND a.col < b.col`
      : config.kind === 'ranking'
        ? `SELECT row_id, list(id ORDER BY col) AS generation_ids FROM chosen GROUP BY row_id, sample_index HAVING count(*) >= 2`
        : `SELECT row_id, [id] AS generation_ids FROM chosen`;
  const sample = config.sampling === 'sample' && config.sampleSize !== null ? `QUALIFY position < ${Math.floor(config.sampleSize)}` : '';
  return `WITH chosen AS (
      SELECT g.id, g.row_id, g.sample_index, list_position($keys, ${variantKeySql}) AS col
      FROM generations g
      WHERE g.experiment_id = $experimentId AND g.error IS NULL AND g.finish_reason <> 'cancelled' AND list_contains($keys, ${variantKeySql})
    ),
    candidates AS (${candidates}),
    keyed AS (
      SELECT row_id, generation_ids,
        sha256($taskSetId || chr(0) || array_to_string(generation_ids, chr(0))) AS digest,
        md5($seed || ':' || array_to_string(generation_ids, ',')) AS shuffle
      FROM candidates
    )
    SELECT left(digest, 32) AS id, $taskSetId AS task_set_id, CAST(row_number() OVER (ORDER BY shuffle, digest) - 1 AS INTEGER) AS position,
      row_id, to_json(generation_ids) AS generation_ids
    FROM keyed ${sample}`;
}

function params(taskSetId: string, experimentId: string, config: ItemsConfig, variantKeys: readonly string[]) {
  return { taskSetId, experimentId, seed: String(config.seed), keys: listValue([...variantKeys]) };
}

/** How many items the config makes (for the preview). */
export async function countItems(sql: Sql, experimentId: string, config: ItemsConfig, variantKeys: readonly string[]): Promise<number> {
  const row = await sql.one<{ n: number }>(`SELECT count(*) AS n FROM (${itemsQuery(config)})`, params('preview', experimentId, config, variantKeys));
  return Number(row?.n ?? 0);
}

/** Writes the items of a new task set; returns how many. */
export async function insertItems(sql: Sql, taskSetId: string, experimentId: string, config: ItemsConfig, variantKeys: readonly string[]): Promise<number> {
  await sql.run(`INSERT INTO task_items (id, task_set_id, position, row_id, generation_ids) ${itemsQuery(config)}`, params(taskSetId, experimentId, config, variantKeys));
  const row = await sql.one<{ n: number }>('SELECT count(*) AS n FROM task_items WHERE task_set_id = $taskSetId', { taskSetId });
  return Number(row?.n ?? 0);
}
