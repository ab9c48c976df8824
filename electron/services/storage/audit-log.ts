import type { Sql } from './database.js';

/** One row of the workspace's audit log, written in the same transaction as the change it records. */
export async function recordAudit(sql: Sql, action: string, entity: string, entityId: string, detail: Record<string, unknown>): Promise<void> {
  await sql.run('INSERT INTO audit_log (action, entity, entity_id, detail) VALUES ($action, $entity, $entityId, $detail)', {
    action,
    entity,
    entityId,
    detail: JSON.stringify(detail),
  });
}
