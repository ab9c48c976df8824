import { listValue } from '@duckdb/node-api';
import type { CompareRow } from '../../../shared/contract/compare.js';
import type { DatasetRow } from '../../../shared/contract/datasets.js';
import type { GenerationRecord } from '../../../shared/contract/experiments.js';
import type { Row, Sql } from '../storage/database.js';
import { toGeneration } from '../experiments/experiment-repository.js';

/** SQL for the Compare screen: reads only. Filters run here, so 100,000 generations never cross to the renderer. */

/** The columns that count, the row filters, and where the rows live. Ids are already narrowed to the experiment's. */
export interface RowQuery {
  experimentId: string;
  datasetVersionId: string;
  promptVersionIds: readonly string[];
  modelIds: readonly string[];
  /** Trimmed; '' for none. */
  search: string;
  failedOnly: boolean;
}

export interface ColumnCounts {
  promptVersionId: string;
  modelId: string;
  generations: number;
  failed: number;
}

export async function columnCounts(sql: Sql, experimentId: string): Promise<ColumnCounts[]> {
  const rows = await sql.all(
    `SELECT prompt_version_id, model_id, count(*) AS generations, count(*) FILTER (WHERE error IS NOT NULL) AS failed
     FROM generations WHERE experiment_id = $id GROUP BY prompt_version_id, model_id`,
    { id: experimentId },
  );
  return rows.map((row) => ({
    promptVersionId: String(row.prompt_version_id),
    modelId: String(row.model_id),
    generations: Number(row.generations),
    failed: Number(row.failed),
  }));
}

export async function promptVersionNames(sql: Sql, ids: readonly string[]): Promise<Map<string, { name: string; number: number }>> {
  const rows = await sql.all(
    `SELECT v.id, v.number, p.name FROM prompt_versions v JOIN prompts p ON p.id = v.prompt_id WHERE v.id IN (SELECT unnest($ids))`,
    { ids: listValue([...ids]) },
  );
  return new Map(rows.map((row) => [String(row.id), { name: String(row.name), number: Number(row.number) }]));
}

export async function modelNames(sql: Sql, ids: readonly string[]): Promise<Map<string, { name: string; kind: 'local' | 'remote' }>> {
  const rows = await sql.all(`SELECT id, name, kind FROM models WHERE id IN (SELECT unnest($ids))`, { ids: listValue([...ids]) });
  return new Map(rows.map((row) => [String(row.id), { name: String(row.name), kind: row.kind === 'local' ? 'local' : 'remote' }]));
}

/**
 * The rows that match, as a CTE named `matches` (row_index, row_id, variables, reference,
 * context, generations, failed). Per row, one aggregate over the generations of the columns that
 * count; a search looks into outputs there and into the row's values (not its variable names:
 * "question" must not match every row of a dataset with a `question` column).
 * The text varies only with which filters are on, so each variant is prepared once.
 */
function matchesCte(query: RowQuery): string {
  const searching = query.search !== '';
  return `WITH per_row AS (
      SELECT row_id,
        count(*) AS generations,
        count(*) FILTER (WHERE error IS NOT NULL) AS failed
        ${searching ? ', bool_or(contains(lower(output), lower($search))) AS output_match' : ''}
      FROM generations
      WHERE experiment_id = $experimentId
        AND list_contains($promptVersionIds, prompt_version_id)
        AND list_contains($modelIds, model_id)
      GROUP BY row_id
    ),
    matches AS MATERIALIZED (
      SELECT r.row_index, r.row_id, r.variables, r.reference, r.context,
        coalesce(g.generations, 0) AS generations, coalesce(g.failed, 0) AS failed
      FROM dataset_rows r LEFT JOIN per_row g ON g.row_id = r.row_id
      WHERE r.version_id = $datasetVersionId
        ${query.failedOnly ? 'AND g.failed > 0' : ''}
        ${
          searching
            ? `AND (coalesce(g.output_match, false)
                OR contains(lower(array_to_string(json_extract_string(r.variables, '$.*'), ' ')), lower($search))
                OR contains(lower(coalesce(r.reference, '')), lower($search))
                OR contains(lower(coalesce(r.context, '')), lower($search)))`
            : ''
        }
    )`;
}

function matchParams(query: RowQuery): Record<string, ReturnType<typeof listValue> | string> {
  return {
    experimentId: query.experimentId,
    datasetVersionId: query.datasetVersionId,
    promptVersionIds: listValue([...query.promptVersionIds]),
    modelIds: listValue([...query.modelIds]),
    ...(query.search !== '' ? { search: query.search } : {}),
  };
}

/** One page of the matching rows in dataset order, and how many match in all (one statement: the matches are computed once). */
export async function matchingRows(sql: Sql, query: RowQuery, offset: number, limit: number): Promise<{ rows: CompareRow[]; total: number }> {
  if (query.search === '' && !query.failedOnly) return everyRow(sql, query, offset, limit);
  const result = await sql.all(
    `${matchesCte(query)}
     SELECT page.*, counted.total
     FROM (SELECT count(*) AS total FROM matches) counted
     LEFT JOIN (SELECT * FROM matches ORDER BY row_index LIMIT $limit OFFSET $offset) page ON true
     ORDER BY page.row_index`,
    { ...matchParams(query), offset, limit },
  );
  const total = Number(result[0]?.total ?? 0);
  const rows = result.filter((row) => row.row_id !== null).map((row) => ({ ...toDatasetRow(row), generations: Number(row.generations), failed: Number(row.failed) }));
  return { rows, total };
}

/**
 * No filter on the generations: every row matches, so the page is cut first and only its rows'
 * generations are counted (a tenth of the time of counting all 100,000 to show 200).
 */
async function everyRow(sql: Sql, query: RowQuery, offset: number, limit: number): Promise<{ rows: CompareRow[]; total: number }> {
  const result = await sql.all(
    `WITH page AS MATERIALIZED (
       SELECT row_index, row_id, variables, reference, context FROM dataset_rows
       WHERE version_id = $datasetVersionId ORDER BY row_index LIMIT $limit OFFSET $offset
     ),
     counts AS (
       SELECT row_id, count(*) AS generations, count(*) FILTER (WHERE error IS NOT NULL) AS failed
       FROM generations
       WHERE experiment_id = $experimentId AND row_id IN (SELECT row_id FROM page)
         AND list_contains($promptVersionIds, prompt_version_id)
         AND list_contains($modelIds, model_id)
       GROUP BY row_id
     )
     SELECT page.*, coalesce(counts.generations, 0) AS generations, coalesce(counts.failed, 0) AS failed,
       (SELECT count(*) FROM dataset_rows WHERE version_id = $datasetVersionId) AS total
     FROM (SELECT 1) one
     LEFT JOIN page ON true
     LEFT JOIN counts ON counts.row_id = page.row_id
     ORDER BY page.row_index`,
    { ...matchParams(query), offset, limit },
  );
  const total = Number(result[0]?.total ?? 0);
  const rows = result.filter((row) => row.row_id !== null).map((row) => ({ ...toDatasetRow(row), generations: Number(row.generations), failed: Number(row.failed) }));
  return { rows, total };
}

/** 0-based position of a row among the matches, or null. */
export async function matchPosition(sql: Sql, query: RowQuery, rowId: string): Promise<number | null> {
  const row = await sql.one(
    `${matchesCte(query)}
     SELECT position FROM (SELECT row_id, row_number() OVER (ORDER BY row_index) - 1 AS position FROM matches) WHERE row_id = $rowId`,
    { ...matchParams(query), rowId },
  );
  return row ? Number(row.position) : null;
}

export async function findRow(sql: Sql, datasetVersionId: string, rowId: string): Promise<DatasetRow | undefined> {
  const row = await sql.one(
    'SELECT row_index, row_id, variables, reference, context FROM dataset_rows WHERE version_id = $versionId AND row_id = $rowId ORDER BY row_index LIMIT 1',
    { versionId: datasetVersionId, rowId },
  );
  return row && toDatasetRow(row);
}

/** Every stored generation of one row, in matrix order: prompt versions, then models as the experiment lists them, then samples. */
export async function rowGenerations(
  sql: Sql,
  experimentId: string,
  rowId: string,
  promptVersionIds: readonly string[],
  modelIds: readonly string[],
): Promise<GenerationRecord[]> {
  const rows = await sql.all(
    `SELECT * FROM generations WHERE experiment_id = $id AND row_id = $rowId
     ORDER BY list_position($promptVersionIds, prompt_version_id), list_position($modelIds, model_id), sample_index`,
    { id: experimentId, rowId, promptVersionIds: listValue([...promptVersionIds]), modelIds: listValue([...modelIds]) },
  );
  return rows.map(toGeneration);
}

function toDatasetRow(row: Row): DatasetRow {
  return {
    id: String(row.row_id),
    index: Number(row.row_index),
    variables: JSON.parse(String(row.variables)) as Record<string, unknown>,
    reference: row.reference === null ? null : String(row.reference),
    context: row.context === null ? null : String(row.context),
  };
}
