import type { ExportRecord } from '../../../shared/contract/export.js';
import type { Sql } from '../storage/database.js';

/** The `exports` table (migration 6): every export, bundle and bundle import made in the workspace. */
export interface ExportRecordWrite {
  id: string;
  kind: ExportRecord['kind'];
  format: string;
  fileType: string;
  options: unknown;
  folder: string;
  taskSetIds: readonly string[];
  counts: unknown;
  files: unknown;
}

export async function insertExportRecord(sql: Sql, record: ExportRecordWrite): Promise<void> {
  await sql.run(
    `INSERT INTO exports (id, kind, format, file_type, options, folder, task_set_ids, counts, files)
     VALUES ($id, $kind, $format, $fileType, $options, $folder, $taskSetIds, $counts, $files)`,
    {
      id: record.id,
      kind: record.kind,
      format: record.format,
      fileType: record.fileType,
      options: JSON.stringify(record.options),
      folder: record.folder,
      taskSetIds: JSON.stringify(record.taskSetIds),
      counts: JSON.stringify(record.counts),
      files: JSON.stringify(record.files),
    },
  );
}

export async function listExportRecords(sql: Sql): Promise<ExportRecord[]> {
  const rows = await sql.all(`
    SELECT e.id, e.kind, e.format, e.file_type, e.folder, e.created_at, e.task_set_ids,
      coalesce(json_extract(e.counts, '$.rows')::BIGINT, json_extract(e.counts, '$.added')::BIGINT, json_extract(e.counts, '$.judgments')::BIGINT, 0) AS n,
      (SELECT coalesce(list(s.name ORDER BY s.name), []) FROM task_sets s WHERE list_contains(from_json(e.task_set_ids, '["VARCHAR"]'), s.id)) AS names
    FROM exports e ORDER BY e.created_at DESC, e.id LIMIT 200`);
  return rows.map((row) => ({
    id: String(row.id),
    kind: row.kind as ExportRecord['kind'],
    format: String(row.format),
    fileType: String(row.file_type),
    folder: String(row.folder),
    rows: Number(row.n),
    taskSetNames: Array.isArray(row.names) ? row.names.map(String) : [],
    createdAt: String(row.created_at),
  }));
}
