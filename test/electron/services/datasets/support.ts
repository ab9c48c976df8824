import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { databaseFileName } from '../../../../electron/services/bootstrap.js';
import { Database } from '../../../../electron/services/storage/database.js';
import type { DatasetDetail, DatasetRow } from '../../../../shared/contract/datasets.js';
import { openTestBackend } from '../../../support/backend.js';

export type TestBackend = Awaited<ReturnType<typeof openTestBackend>>;

export const fixtureDir = join(process.cwd(), 'test', 'fixtures', 'datasets');
export const fixture = (name: string) => join(fixtureDir, name);

/** A scratch folder for files a test writes (malformed, huge, oddly named). */
export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'arbiter-datasets-'));
}

export function writeScratch(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Runs SQL against DuckDB in memory (to write Parquet fixtures the way a data pipeline would). */
export async function duckdb(sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export interface StoredCounts {
  datasets: number;
  versions: number;
  rows: number;
  audit: number;
}

/** Counts straight from the workspace file; the backend must be closed (one process, one owner). */
export async function storedCounts(dataDir: string): Promise<StoredCounts> {
  const db = await Database.open(join(dataDir, databaseFileName));
  try {
    const [row] = await db.all<{ datasets: number; versions: number; rows: number; audit: number }>(
      `SELECT (SELECT count(*) FROM datasets) AS datasets, (SELECT count(*) FROM dataset_versions) AS versions,
              (SELECT count(*) FROM dataset_rows) AS rows, (SELECT count(*) FROM audit_log WHERE entity = 'dataset') AS audit`,
    );
    return row!;
  } finally {
    await db.close();
  }
}

/** Every row of a version, in order. */
export async function allRows(t: TestBackend, versionId: string): Promise<DatasetRow[]> {
  const rows: DatasetRow[] = [];
  for (;;) {
    const page = await t.call<{ rows: DatasetRow[]; total: number }>('datasets.rows', { versionId, offset: rows.length, limit: 1000 });
    rows.push(...page.rows);
    if (rows.length >= page.total || page.rows.length === 0) return rows;
  }
}

export function importFile(t: TestBackend, path: string, extra: Record<string, unknown> = {}): Promise<DatasetDetail> {
  return t.call<DatasetDetail>('datasets.import', { source: { kind: 'file', path }, ...extra });
}
