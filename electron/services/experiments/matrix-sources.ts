import { listValue } from '@duckdb/node-api';
import type { ChatTemplate } from '../../../shared/contract/prompts.js';
import type { Sql } from '../storage/database.js';

/** Reads of what an experiment is made of: prompt versions and dataset rows (both immutable). */

export interface MatrixPrompt {
  id: string;
  /** For people: '“Support reply” v2'. */
  label: string;
  template: ChatTemplate;
  variables: string[];
}

export interface MatrixDataset {
  id: string;
  /** For people: 'dataset “Tickets” v1'. */
  label: string;
  variables: string[];
  hasReference: boolean;
  hasContext: boolean;
  rowCount: number;
  /** Rows whose id another row has too (an import keeps ids unique; a cell is keyed by row id). */
  duplicateRowIds: number;
}

export interface MatrixRow {
  rowId: string;
  rowIndex: number;
  /** What the templates see: the row's variables, plus `reference` and `context` when the dataset has them. */
  values: Record<string, unknown>;
}

export async function findPromptVersions(sql: Sql, ids: readonly string[]): Promise<Map<string, MatrixPrompt>> {
  const rows = await sql.all(
    `SELECT v.id, v.number, v.template, v.variables, p.name
     FROM prompt_versions v JOIN prompts p ON p.id = v.prompt_id
     WHERE v.id IN (SELECT unnest($ids))`,
    { ids: listValue([...ids]) },
  );
  return new Map(
    rows.map((row) => [
      String(row.id),
      {
        id: String(row.id),
        label: `“${String(row.name)}” v${Number(row.number)}`,
        template: JSON.parse(String(row.template)) as ChatTemplate,
        variables: JSON.parse(String(row.variables)) as string[],
      },
    ]),
  );
}

export async function findDatasetVersion(sql: Sql, id: string): Promise<MatrixDataset | undefined> {
  const row = await sql.one(
    `SELECT v.id, v.number, v.variables, v.has_reference, v.has_context, d.name,
       (SELECT count(*) FROM dataset_rows r WHERE r.version_id = v.id) AS row_count,
       (SELECT count(*) - count(DISTINCT row_id) FROM dataset_rows r WHERE r.version_id = v.id) AS duplicate_row_ids
     FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id
     WHERE v.id = $id`,
    { id },
  );
  if (!row) return undefined;
  return {
    id: String(row.id),
    label: `dataset “${String(row.name)}” v${Number(row.number)}`,
    variables: JSON.parse(String(row.variables)) as string[],
    hasReference: Boolean(row.has_reference),
    hasContext: Boolean(row.has_context),
    rowCount: Number(row.row_count),
    duplicateRowIds: Number(row.duplicate_row_ids),
  };
}

/** Every row in order, or (with `sample`) about that many spread evenly over the dataset. */
export async function loadRows(sql: Sql, dataset: MatrixDataset, sample?: number): Promise<MatrixRow[]> {
  const step = sample === undefined || dataset.rowCount <= sample ? 1 : Math.ceil(dataset.rowCount / sample);
  const rows = await sql.all(
    `SELECT row_index, row_id, variables, reference, context FROM dataset_rows
     WHERE version_id = $id AND row_index % $step = 0 ORDER BY row_index`,
    { id: dataset.id, step },
  );
  return rows.map((row) => ({
    rowId: String(row.row_id),
    rowIndex: Number(row.row_index),
    values: rowValues(dataset, JSON.parse(String(row.variables)) as Record<string, unknown>, row.reference, row.context),
  }));
}

function rowValues(dataset: MatrixDataset, variables: Record<string, unknown>, reference: unknown, context: unknown): Record<string, unknown> {
  const values: Record<string, unknown> = { ...variables };
  // A column mapped as reference or context is not among the variables, yet a grounded prompt
  // reads {{ context }} (and a judge prompt {{ reference }}); a variable of that name wins.
  if (dataset.hasReference && !('reference' in values)) values.reference = reference ?? '';
  if (dataset.hasContext && !('context' in values)) values.context = context ?? '';
  return values;
}

/** The names a prompt may use with this dataset. */
export function availableVariables(dataset: MatrixDataset): Set<string> {
  const names = new Set(dataset.variables);
  if (dataset.hasReference) names.add('reference');
  if (dataset.hasContext) names.add('context');
  return names;
}
