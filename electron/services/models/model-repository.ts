import type { GgufHeader, LocalSettings, Prices, RemoteProvider } from '../../../shared/contract/models.js';
import type { Row, Sql } from '../storage/database.js';

export interface LocalConfig {
  path: string;
  header: GgufHeader | null;
  settings: LocalSettings;
  estimatedMemoryBytes?: number | null;
}

export interface RemoteConfig {
  provider: RemoteProvider;
  baseUrl: string | null;
  model: string;
  /** The key's name only; the key lives in the keychain or the environment. */
  apiKeyName: string;
}

export type ModelRecord =
  | { id: string; kind: 'local'; name: string; config: LocalConfig; prices: Prices; createdAt: string }
  | { id: string; kind: 'remote'; name: string; config: RemoteConfig; prices: Prices; createdAt: string };

export async function listModelRecords(sql: Sql): Promise<ModelRecord[]> {
  const rows = await sql.all('SELECT * FROM models ORDER BY kind, lower(name), created_at');
  return rows.map(toRecord);
}

export async function findModelRecord(sql: Sql, id: string): Promise<ModelRecord | undefined> {
  const row = await sql.one('SELECT * FROM models WHERE id = $id', { id });
  return row && toRecord(row);
}

export async function findLocalByPath(sql: Sql, path: string): Promise<ModelRecord | undefined> {
  const row = await sql.one(`SELECT * FROM models WHERE kind = 'local' AND json_extract_string(config, '$.path') = $path`, { path });
  return row && toRecord(row);
}

export async function insertModelRecord(sql: Sql, record: Omit<ModelRecord, 'createdAt'>): Promise<void> {
  await sql.run('INSERT INTO models (id, kind, name, config, prices) VALUES ($id, $kind, $name, $config, $prices)', {
    id: record.id,
    kind: record.kind,
    name: record.name,
    config: JSON.stringify(record.config),
    prices: JSON.stringify(record.prices),
  });
}

export async function updateModelRecord(sql: Sql, record: ModelRecord): Promise<void> {
  await sql.run('UPDATE models SET name = $name, config = $config, prices = $prices, updated_at = now() WHERE id = $id', {
    id: record.id,
    name: record.name,
    config: JSON.stringify(record.config),
    prices: JSON.stringify(record.prices),
  });
}

export async function deleteModelRecord(sql: Sql, id: string): Promise<boolean> {
  const existing = await sql.one('SELECT 1 AS found FROM models WHERE id = $id', { id });
  if (!existing) return false;
  await sql.run('DELETE FROM models WHERE id = $id', { id });
  return true;
}

function toRecord(row: Row): ModelRecord {
  return {
    id: String(row.id),
    kind: row.kind as 'local',
    name: String(row.name),
    config: JSON.parse(String(row.config)) as LocalConfig,
    prices: JSON.parse(String(row.prices)) as Prices,
    createdAt: String(row.created_at),
  };
}
