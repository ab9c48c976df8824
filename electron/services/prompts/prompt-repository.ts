import type { ChatTemplate, PromptSummary, PromptVersion, PromptVersionSummary } from '../../../shared/contract/prompts.js';
import type { Row, Sql } from '../storage/database.js';

/** SQL for the prompt library. Knows tables and rows; the rules live in PromptService. */

const headVersions = `(SELECT * FROM prompt_versions QUALIFY row_number() OVER (PARTITION BY prompt_id ORDER BY number DESC) = 1)`;

const summaryColumns = `
  p.id, p.name, p.archived_at IS NOT NULL AS archived, p.created_at, p.updated_at,
  h.number AS latest_version, h.variables,
  (SELECT count(*) FROM prompt_versions v WHERE v.prompt_id = p.id) AS version_count,
  coalesce((SELECT list(l.label ORDER BY l.label) FROM prompt_labels l WHERE l.prompt_id = p.id), []::VARCHAR[]) AS labels`;

export interface NewVersion {
  id: string;
  promptId: string;
  number: number;
  hash: string;
  template: ChatTemplate;
  variables: string[];
  note: string;
}

export async function listPrompts(sql: Sql, query: string, includeArchived: boolean): Promise<PromptSummary[]> {
  const rows = await sql.all(
    `SELECT ${summaryColumns}
     FROM prompts p JOIN ${headVersions} h ON h.prompt_id = p.id
     WHERE ($includeArchived OR p.archived_at IS NULL)
       AND ($q = ''
         OR contains(lower(p.name), $q)
         OR contains(lower(h.template::VARCHAR), $q)
         OR EXISTS (SELECT 1 FROM prompt_labels l WHERE l.prompt_id = p.id AND contains(l.label, $q)))
     ORDER BY p.updated_at DESC, p.name`,
    { q: query.trim().toLowerCase(), includeArchived },
  );
  return rows.map(toSummary);
}

export async function findPrompt(sql: Sql, id: string): Promise<PromptSummary | undefined> {
  const row = await sql.one(
    `SELECT ${summaryColumns} FROM prompts p JOIN ${headVersions} h ON h.prompt_id = p.id WHERE p.id = $id`,
    { id },
  );
  return row && toSummary(row);
}

export async function listVersions(sql: Sql, promptId: string): Promise<PromptVersionSummary[]> {
  const rows = await sql.all(
    `SELECT v.id, v.number, v.content_hash, v.note, v.created_at,
       coalesce((SELECT list(l.label ORDER BY l.label) FROM prompt_labels l WHERE l.version_id = v.id), []::VARCHAR[]) AS labels
     FROM prompt_versions v WHERE v.prompt_id = $promptId ORDER BY v.number DESC`,
    { promptId },
  );
  return rows.map((row) => ({
    id: String(row.id),
    number: Number(row.number),
    hash: String(row.content_hash),
    note: String(row.note),
    createdAt: String(row.created_at),
    labels: row.labels as string[],
  }));
}

/** `number` undefined means the newest version. */
export async function findVersion(sql: Sql, promptId: string, number?: number): Promise<PromptVersion | undefined> {
  const row = await sql.one(
    `SELECT v.*,
       coalesce((SELECT list(l.label ORDER BY l.label) FROM prompt_labels l WHERE l.version_id = v.id), []::VARCHAR[]) AS labels
     FROM prompt_versions v
     WHERE v.prompt_id = $promptId AND ($number IS NULL OR v.number = $number)
     ORDER BY v.number DESC LIMIT 1`,
    { promptId, number: number ?? null },
  );
  if (!row) return undefined;
  return {
    id: String(row.id),
    promptId: String(row.prompt_id),
    number: Number(row.number),
    hash: String(row.content_hash),
    note: String(row.note),
    createdAt: String(row.created_at),
    labels: row.labels as string[],
    template: JSON.parse(String(row.template)) as ChatTemplate,
    variables: JSON.parse(String(row.variables)) as string[],
  };
}

export async function insertPrompt(sql: Sql, id: string, name: string): Promise<void> {
  await sql.run('INSERT INTO prompts (id, name) VALUES ($id, $name)', { id, name });
}

export async function insertVersion(sql: Sql, version: NewVersion): Promise<void> {
  await sql.run(
    `INSERT INTO prompt_versions (id, prompt_id, number, content_hash, template, variables, note)
     VALUES ($id, $promptId, $number, $hash, $template, $variables, $note)`,
    {
      id: version.id,
      promptId: version.promptId,
      number: version.number,
      hash: version.hash,
      template: JSON.stringify(version.template),
      variables: JSON.stringify(version.variables),
      note: version.note,
    },
  );
  await touchPrompt(sql, version.promptId);
}

export async function nextVersionNumber(sql: Sql, promptId: string): Promise<number> {
  const row = await sql.one<{ next: number }>(
    'SELECT coalesce(max(number), 0) + 1 AS next FROM prompt_versions WHERE prompt_id = $promptId',
    { promptId },
  );
  return row?.next ?? 1;
}

export async function renamePrompt(sql: Sql, id: string, name: string): Promise<void> {
  await sql.run('UPDATE prompts SET name = $name, updated_at = now() WHERE id = $id', { id, name });
}

export async function setArchived(sql: Sql, id: string, archived: boolean): Promise<void> {
  await sql.run(
    `UPDATE prompts SET archived_at = CASE WHEN $archived THEN coalesce(archived_at, now()) ELSE NULL END, updated_at = now()
     WHERE id = $id`,
    { id, archived },
  );
}

export async function upsertLabel(sql: Sql, promptId: string, label: string, versionId: string): Promise<void> {
  await sql.run(
    `INSERT INTO prompt_labels (prompt_id, label, version_id) VALUES ($promptId, $label, $versionId)
     ON CONFLICT (prompt_id, label) DO UPDATE SET version_id = excluded.version_id, updated_at = now()`,
    { promptId, label, versionId },
  );
  await touchPrompt(sql, promptId);
}

export async function deleteLabel(sql: Sql, promptId: string, label: string): Promise<boolean> {
  const existing = await sql.one('SELECT 1 AS found FROM prompt_labels WHERE prompt_id = $promptId AND label = $label', { promptId, label });
  if (!existing) return false;
  await sql.run('DELETE FROM prompt_labels WHERE prompt_id = $promptId AND label = $label', { promptId, label });
  await touchPrompt(sql, promptId);
  return true;
}

export async function nameExists(sql: Sql, name: string, exceptId?: string): Promise<boolean> {
  const row = await sql.one('SELECT 1 AS found FROM prompts WHERE lower(name) = lower($name) AND id <> $exceptId', {
    name,
    exceptId: exceptId ?? '',
  });
  return row !== undefined;
}

async function touchPrompt(sql: Sql, id: string): Promise<void> {
  await sql.run('UPDATE prompts SET updated_at = now() WHERE id = $id', { id });
}

function toSummary(row: Row): PromptSummary {
  return {
    id: String(row.id),
    name: String(row.name),
    archived: Boolean(row.archived),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
    versionCount: Number(row.version_count),
    latestVersion: Number(row.latest_version),
    labels: row.labels as string[],
    variables: JSON.parse(String(row.variables)) as string[],
  };
}
