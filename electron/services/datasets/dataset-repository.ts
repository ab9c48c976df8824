import type { DatasetRow, DatasetSummary, DatasetVersion } from '../../../shared/contract/datasets.js';
import type { Row, Sql } from '../storage/database.js';

/** SQL for datasets, their versions and rows. Knows tables; the rules live in DatasetService. */

const versionColumns = `v.id, v.dataset_id, v.number, v.row_count, v.variables, v.has_reference, v.has_context, v.source, v.created_at`;

const summarySelect = `
  SELECT d.id AS d_id, d.name AS d_name, d.created_at AS d_created_at,
    count(*) OVER (PARTITION BY d.id) AS version_count, ${versionColumns}
  FROM datasets d JOIN dataset_versions v ON v.dataset_id = d.id
  QUALIFY row_number() OVER (PARTITION BY d.id ORDER BY v.number DESC) = 1`;

export interface NewVersion {
  id: string;
  datasetId: string;
  number: number;
  rowCount: number;
  variables: string[];
  hasReference: boolean;
  hasContext: boolean;
  source: string;
}

export async function listDatasets(sql: Sql): Promise<DatasetSummary[]> {
  const rows = await sql.all(`${summarySelect} ORDER BY v.created_at DESC, d.name`);
  return rows.map(toSummary);
}

export async function findDataset(sql: Sql, id: string): Promise<DatasetSummary | undefined> {
  const row = await sql.one(`SELECT * FROM (${summarySelect}) WHERE d_id = $id`, { id });
  return row && toSummary(row);
}

export async function listVersions(sql: Sql, datasetId: string): Promise<DatasetVersion[]> {
  const rows = await sql.all(`SELECT ${versionColumns} FROM dataset_versions v WHERE v.dataset_id = $datasetId ORDER BY v.number DESC`, { datasetId });
  return rows.map(toVersion);
}

export async function findVersion(sql: Sql, versionId: string): Promise<DatasetVersion | undefined> {
  const row = await sql.one(`SELECT ${versionColumns} FROM dataset_versions v WHERE v.id = $versionId`, { versionId });
  return row && toVersion(row);
}

export async function datasetExists(sql: Sql, id: string): Promise<boolean> {
  return (await sql.one('SELECT 1 AS found FROM datasets WHERE id = $id', { id })) !== undefined;
}

export async function nameExists(sql: Sql, name: string): Promise<boolean> {
  return (await sql.one('SELECT 1 AS found FROM datasets WHERE lower(name) = lower($name)', { name })) !== undefined;
}

export async function insertDataset(sql: Sql, id: string, name: string): Promise<void> {
  await sql.run('INSERT INTO datasets (id, name) VALUES ($id, $name)', { id, name });
}

export async function nextVersionNumber(sql: Sql, datasetId: string): Promise<number> {
  const row = await sql.one<{ next: number }>('SELECT coalesce(max(number), 0) + 1 AS next FROM dataset_versions WHERE dataset_id = $datasetId', {
    datasetId,
  });
  return row?.next ?? 1;
}

export async function insertVersion(sql: Sql, version: NewVersion): Promise<void> {
  await sql.run(
    `INSERT INTO dataset_versions (id, dataset_id, number, row_count, variables, has_reference, has_context, source)
     VALUES ($id, $datasetId, $number, $rowCount, $variables, $hasReference, $hasContext, $source)`,
    {
      id: version.id,
      datasetId: version.datasetId,
      number: version.number,
      rowCount: version.rowCount,
      variables: JSON.stringify(version.variables),
      hasReference: version.hasReference,
      hasContext: version.hasContext,
      source: version.source,
    },
  );
}

/**
 * Writes a version's rows in one set-based statement over `rows`, a SELECT yielding
 * row_index, variables, canonical, reference, context. A row's id is the MD5 of its content
 * and of how many identical rows came before it, so the same file always gives the same ids.
 * (MD5, not SHA-256: ids are names, not a defence, and DuckDB's SHA-256 took 3x as long here.)
 */
export async function insertRows(sql: Sql, versionId: string, rows: string, params: Record<string, string>): Promise<number> {
  await sql.run(
    `INSERT INTO dataset_rows (version_id, row_index, row_id, variables, reference, context)
     WITH mapped AS (${rows}),
     content AS (SELECT *, json_array(canonical, reference, context)::VARCHAR AS content FROM mapped)
     SELECT $versionId, row_index,
       md5(content || '#' || (row_number() OVER (PARTITION BY content ORDER BY row_index) - 1)),
       variables, reference, context
     FROM content`,
    { ...params, versionId },
  );
  const count = await sql.one<{ n: number }>('SELECT count(*) AS n FROM dataset_rows WHERE version_id = $versionId', { versionId });
  return count?.n ?? 0;
}

export async function rowsPage(sql: Sql, versionId: string, offset: number, limit: number): Promise<DatasetRow[]> {
  const rows = await sql.all(
    `SELECT row_index, row_id, variables, reference, context FROM dataset_rows
     WHERE version_id = $versionId ORDER BY row_index LIMIT $limit OFFSET $offset`,
    { versionId, offset, limit },
  );
  return rows.map((row) => ({
    id: String(row.row_id),
    index: Number(row.row_index),
    variables: JSON.parse(String(row.variables)) as Record<string, unknown>,
    reference: row.reference === null ? null : String(row.reference),
    context: row.context === null ? null : String(row.context),
  }));
}

function toVersion(row: Row): DatasetVersion {
  return {
    id: String(row.id),
    datasetId: String(row.dataset_id),
    number: Number(row.number),
    rowCount: Number(row.row_count),
    variables: JSON.parse(String(row.variables)) as string[],
    hasReference: Boolean(row.has_reference),
    hasContext: Boolean(row.has_context),
    source: String(row.source),
    createdAt: String(row.created_at),
  };
}

function toSummary(row: Row): DatasetSummary {
  return {
    id: String(row.d_id),
    name: String(row.d_name),
    createdAt: String(row.d_created_at),
    versionCount: Number(row.version_count),
    latest: toVersion(row),
  };
}
