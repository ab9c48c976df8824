import { listValue } from '@duckdb/node-api';
import type { Judgment, JudgmentSource, TaskKind, TaskSetConfig, Verdict } from '../../../shared/contract/labeling.js';
import type { Row, Sql } from '../storage/database.js';

/** SQL for annotators, task sets, items and judgments. Knows tables and rows; the rules live in the service. */

export interface TaskSetRecord {
  id: string;
  name: string;
  experimentId: string;
  kind: TaskKind;
  config: TaskSetConfig;
  createdAt: string;
}

export interface ItemRecord {
  id: string;
  taskSetId: string;
  position: number;
  rowId: string;
  generationIds: string[];
}

export interface AnnotatorRecord {
  id: string;
  name: string;
  kind: 'human' | 'llm';
  modelId: string | null;
  createdAt: string;
}

/** A judgment row as stored; `verdict` is null for a retraction or an LLM answer that could not be read. */
export interface JudgmentRow extends Omit<Judgment, 'verdict'> {
  verdict: Verdict | null;
  retracted: boolean;
  rawOutput: string | null;
}

/**
 * The current view of judgments: per judgment_key the newest revision, unless it withdrew the
 * judgment. `where` filters the raw rows first (always by task set, for speed).
 */
export function currentJudgmentsSql(where: string): string {
  return `(SELECT j.*, a.name AS annotator_name FROM (
      SELECT * FROM judgments WHERE ${where}
      QUALIFY row_number() OVER (PARTITION BY judgment_key ORDER BY revision DESC) = 1
    ) j JOIN annotators a ON a.id = j.annotator_id
    WHERE NOT j.retracted)`;
}

// ---------------------------------------------------------------------------------------------
// Annotators

export async function listAnnotators(sql: Sql): Promise<(AnnotatorRecord & { judgments: number })[]> {
  const rows = await sql.all(
    `SELECT a.*, coalesce(c.n, 0) AS judgments FROM annotators a
     LEFT JOIN (SELECT annotator_id, count(*) AS n FROM ${currentJudgmentsSql('true')} GROUP BY annotator_id) c ON c.annotator_id = a.id
     ORDER BY a.kind = 'llm', lower(a.name), a.created_at`,
  );
  return rows.map((row) => ({ ...toAnnotator(row), judgments: Number(row.judgments) }));
}

export async function findAnnotator(sql: Sql, id: string): Promise<AnnotatorRecord | undefined> {
  const row = await sql.one('SELECT * FROM annotators WHERE id = $id', { id });
  return row && toAnnotator(row);
}

export async function findAnnotatorByName(sql: Sql, name: string): Promise<AnnotatorRecord | undefined> {
  const row = await sql.one('SELECT * FROM annotators WHERE lower(name) = lower($name)', { name });
  return row && toAnnotator(row);
}

export async function findJudgeAnnotator(sql: Sql, modelId: string, name: string): Promise<AnnotatorRecord | undefined> {
  const row = await sql.one(`SELECT * FROM annotators WHERE kind = 'llm' AND model_id = $modelId AND name = $name ORDER BY created_at LIMIT 1`, { modelId, name });
  return row && toAnnotator(row);
}

export async function insertAnnotator(sql: Sql, record: Omit<AnnotatorRecord, 'createdAt'>): Promise<void> {
  await sql.run('INSERT INTO annotators (id, name, kind, model_id) VALUES ($id, $name, $kind, $modelId)', {
    id: record.id,
    name: record.name,
    kind: record.kind,
    modelId: record.modelId,
  });
}

function toAnnotator(row: Row): AnnotatorRecord {
  return {
    id: String(row.id),
    name: String(row.name),
    kind: row.kind === 'llm' ? 'llm' : 'human',
    modelId: row.model_id === null ? null : String(row.model_id),
    createdAt: String(row.created_at),
  };
}

// ---------------------------------------------------------------------------------------------
// Task sets and items

export async function insertTaskSet(sql: Sql, record: Omit<TaskSetRecord, 'createdAt'>): Promise<void> {
  await sql.run('INSERT INTO task_sets (id, name, experiment_id, kind, config) VALUES ($id, $name, $experimentId, $kind, $config)', {
    id: record.id,
    name: record.name,
    experimentId: record.experimentId,
    kind: record.kind,
    config: JSON.stringify(record.config),
  });
}

export async function findTaskSet(sql: Sql, id: string): Promise<TaskSetRecord | undefined> {
  const row = await sql.one('SELECT * FROM task_sets WHERE id = $id', { id });
  return row && toTaskSet(row);
}

export async function listTaskSets(sql: Sql): Promise<TaskSetRecord[]> {
  const rows = await sql.all('SELECT * FROM task_sets WHERE archived_at IS NULL ORDER BY created_at DESC, id');
  return rows.map(toTaskSet);
}

export interface TaskSetCounts {
  items: number;
  completeItems: number;
  humanJudgments: number;
  llmJudgments: number;
  annotators: number;
  flagged: number;
}

/** Progress of every task set (or one), from the current judgments; only judged items are aggregated. */
export async function taskSetCounts(sql: Sql, taskSetId: string | null): Promise<Map<string, TaskSetCounts>> {
  const only = taskSetId === null ? 'true' : 'task_set_id = $id';
  const params = taskSetId === null ? undefined : { id: taskSetId };
  const rows = await sql.all(
    `WITH current AS ${currentJudgmentsSql(only)},
     per_item AS (
       SELECT task_set_id, item_id, count(DISTINCT annotator_id) AS humans, bool_or(flagged) AS flagged
       FROM current WHERE source = 'human' GROUP BY task_set_id, item_id
     ),
     items AS (SELECT task_set_id, count(*) AS n FROM task_items WHERE ${only} GROUP BY task_set_id),
     judged AS (
       SELECT p.task_set_id,
         count(*) FILTER (WHERE p.humans >= CAST(json_extract(s.config, '$.overlap') AS INTEGER)) AS complete_items,
         count(*) FILTER (WHERE p.flagged) AS flagged
       FROM per_item p JOIN task_sets s ON s.id = p.task_set_id GROUP BY p.task_set_id
     ),
     votes AS (
       SELECT task_set_id,
         count(*) FILTER (WHERE source = 'human') AS human_judgments,
         count(*) FILTER (WHERE source = 'llm') AS llm_judgments,
         count(DISTINCT annotator_id) FILTER (WHERE source = 'human') AS annotators
       FROM current GROUP BY task_set_id
     )
     SELECT s.id, coalesce(i.n, 0) AS items, coalesce(j.complete_items, 0) AS complete_items, coalesce(j.flagged, 0) AS flagged,
       coalesce(v.human_judgments, 0) AS human_judgments, coalesce(v.llm_judgments, 0) AS llm_judgments, coalesce(v.annotators, 0) AS annotators
     FROM task_sets s LEFT JOIN items i ON i.task_set_id = s.id LEFT JOIN judged j ON j.task_set_id = s.id LEFT JOIN votes v ON v.task_set_id = s.id
     WHERE ${taskSetId === null ? 'true' : 's.id = $id'}`,
    params,
  );
  return new Map(
    rows.map((row) => [
      String(row.id),
      {
        items: Number(row.items),
        completeItems: Number(row.complete_items),
        humanJudgments: Number(row.human_judgments),
        llmJudgments: Number(row.llm_judgments),
        annotators: Number(row.annotators),
        flagged: Number(row.flagged),
      },
    ]),
  );
}

export async function findItem(sql: Sql, id: string): Promise<ItemRecord | undefined> {
  const row = await sql.one('SELECT * FROM task_items WHERE id = $id', { id });
  return row && toItem(row);
}

export async function findItems(sql: Sql, ids: readonly string[]): Promise<ItemRecord[]> {
  if (ids.length === 0) return [];
  const rows = await sql.all('SELECT * FROM task_items WHERE id IN (SELECT unnest($ids)) ORDER BY position', { ids: listValue([...ids]) });
  return rows.map(toItem);
}

export async function allItems(sql: Sql, taskSetId: string): Promise<ItemRecord[]> {
  const rows = await sql.all('SELECT * FROM task_items WHERE task_set_id = $id ORDER BY position', { id: taskSetId });
  return rows.map(toItem);
}

/** Items that have at least one judgment row of any kind (what statistics need), in position order. */
export async function judgedItems(sql: Sql, taskSetId: string): Promise<ItemRecord[]> {
  const rows = await sql.all(
    'SELECT * FROM task_items WHERE task_set_id = $id AND id IN (SELECT item_id FROM judgments WHERE task_set_id = $id) ORDER BY position',
    { id: taskSetId },
  );
  return rows.map(toItem);
}

/**
 * The next items for an annotator: not judged by them, still short of the overlap, not excluded;
 * in the set's (shuffled) order. Also how many they have done and how many wait for them.
 * Only items that have judgments are aggregated; the rest is a top-N over the set's items by
 * position, so the cost barely grows with the size of the set.
 */
export async function queueFor(
  sql: Sql,
  taskSetId: string,
  annotatorId: string,
  overlap: number,
  exclude: readonly string[],
  limit: number,
): Promise<{ items: ItemRecord[]; done: number; remaining: number }> {
  const judged = `WITH judged AS (
      SELECT item_id, count(*) AS humans, bool_or(annotator_id = $annotator) AS mine
      FROM ${currentJudgmentsSql(`task_set_id = $id AND source = 'human'`)} c GROUP BY item_id
    )`;
  const counts = await sql.one(
    `${judged} SELECT
       (SELECT count(*) FROM task_items WHERE task_set_id = $id) AS items,
       (SELECT count(*) FROM judged WHERE mine) AS done,
       (SELECT count(*) FROM judged WHERE mine OR humans >= $overlap) AS closed`,
    { id: taskSetId, annotator: annotatorId, overlap },
  );
  const rows = await sql.all(
    `${judged} SELECT i.id, i.task_set_id, i.position, i.row_id, i.generation_ids
     FROM task_items i LEFT JOIN judged j ON j.item_id = i.id
     WHERE i.task_set_id = $id AND NOT coalesce(j.mine, false) AND coalesce(j.humans, 0) < $overlap
       AND NOT list_contains(from_json($exclude::JSON, '["VARCHAR"]'), i.id)
     ORDER BY i.position LIMIT $limit`,
    // A JSON list, not listValue: an empty list would have no type.
    { id: taskSetId, annotator: annotatorId, overlap, exclude: JSON.stringify(exclude), limit },
  );
  return {
    items: rows.map(toItem),
    done: Number(counts?.done ?? 0),
    remaining: Number(counts?.items ?? 0) - Number(counts?.closed ?? 0),
  };
}

function toTaskSet(row: Row): TaskSetRecord {
  return {
    id: String(row.id),
    name: String(row.name),
    experimentId: String(row.experiment_id),
    kind: row.kind as TaskKind,
    config: JSON.parse(String(row.config)) as TaskSetConfig,
    createdAt: String(row.created_at),
  };
}

function toItem(row: Row): ItemRecord {
  return {
    id: String(row.id),
    taskSetId: String(row.task_set_id),
    position: Number(row.position),
    rowId: String(row.row_id),
    generationIds: JSON.parse(String(row.generation_ids)) as string[],
  };
}

// ---------------------------------------------------------------------------------------------
// Judgments

export interface JudgmentWrite {
  id: string;
  key: string;
  taskSetId: string;
  itemId: string;
  annotatorId: string;
  source: JudgmentSource;
  retracted: boolean;
  shownOrder: readonly string[];
  verdict: Verdict | null;
  rationale: string;
  tags: readonly string[];
  flagged: boolean;
  durationMs: number | null;
  rawOutput: string | null;
}

/** Appends the next revision of `write.key` (never updates a row); returns the revision number. */
export async function appendJudgment(sql: Sql, write: JudgmentWrite): Promise<number> {
  const latest = await sql.one<{ revision: number | null }>('SELECT max(revision) AS revision FROM judgments WHERE judgment_key = $key', { key: write.key });
  const revision = Number(latest?.revision ?? 0) + 1;
  await sql.run(
    `INSERT INTO judgments (id, judgment_key, revision, task_set_id, item_id, annotator_id, source, retracted, shown_order, verdict, rationale, tags, flagged, duration_ms, raw_output)
     VALUES ($id, $key, $revision, $taskSetId, $itemId, $annotatorId, $source, $retracted, $shownOrder, $verdict, $rationale, $tags, $flagged, $durationMs, $rawOutput)`,
    {
      id: write.id,
      key: write.key,
      revision,
      taskSetId: write.taskSetId,
      itemId: write.itemId,
      annotatorId: write.annotatorId,
      source: write.source,
      retracted: write.retracted,
      shownOrder: JSON.stringify(write.shownOrder),
      verdict: write.verdict === null ? null : JSON.stringify(write.verdict),
      rationale: write.rationale,
      tags: JSON.stringify(write.tags),
      flagged: write.flagged,
      durationMs: write.durationMs,
      rawOutput: write.rawOutput,
    },
  );
  return revision;
}

export async function findJudgmentRow(sql: Sql, id: string): Promise<JudgmentRow | undefined> {
  const row = await sql.one('SELECT j.*, a.name AS annotator_name FROM judgments j JOIN annotators a ON a.id = j.annotator_id WHERE j.id = $id', { id });
  return row && toJudgmentRow(row);
}

export async function latestRevision(sql: Sql, key: string): Promise<JudgmentRow | undefined> {
  const row = await sql.one(
    'SELECT j.*, a.name AS annotator_name FROM judgments j JOIN annotators a ON a.id = j.annotator_id WHERE judgment_key = $key ORDER BY revision DESC LIMIT 1',
    { key },
  );
  return row && toJudgmentRow(row);
}

/** Current judgments of a task set (optionally only some items), oldest first. */
export async function currentJudgments(sql: Sql, taskSetId: string, itemIds?: readonly string[]): Promise<JudgmentRow[]> {
  const rows = itemIds
    ? await sql.all(`SELECT * FROM ${currentJudgmentsSql(`task_set_id = $id AND list_contains(from_json($items::JSON, '["VARCHAR"]'), item_id)`)} ORDER BY created_at, id`, {
        id: taskSetId,
        items: JSON.stringify(itemIds),
      })
    : await sql.all(`SELECT * FROM ${currentJudgmentsSql('task_set_id = $id')} ORDER BY created_at, id`, { id: taskSetId });
  return rows.map(toJudgmentRow);
}

export function toJudgmentRow(row: Row): JudgmentRow {
  return {
    id: String(row.id),
    key: String(row.judgment_key),
    revision: Number(row.revision),
    taskSetId: String(row.task_set_id),
    itemId: String(row.item_id),
    annotatorId: String(row.annotator_id),
    annotatorName: String(row.annotator_name ?? ''),
    source: row.source as JudgmentSource,
    retracted: Boolean(row.retracted),
    shownOrder: JSON.parse(String(row.shown_order)) as string[],
    verdict: row.verdict === null ? null : (JSON.parse(String(row.verdict)) as Verdict),
    rationale: String(row.rationale),
    tags: JSON.parse(String(row.tags)) as string[],
    flagged: Boolean(row.flagged),
    durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
    rawOutput: row.raw_output === null ? null : String(row.raw_output),
    createdAt: String(row.created_at),
  };
}

// ---------------------------------------------------------------------------------------------
// What items show: generations and dataset rows

export interface ItemGeneration {
  id: string;
  rowId: string;
  sampleIndex: number;
  promptVersionId: string;
  modelId: string;
  output: string;
  messagesJson: string;
}

export async function generationsByIds(sql: Sql, ids: readonly string[]): Promise<Map<string, ItemGeneration>> {
  if (ids.length === 0) return new Map();
  const rows = await sql.all(
    'SELECT id, row_id, sample_index, prompt_version_id, model_id, output, messages FROM generations WHERE id IN (SELECT unnest($ids))',
    { ids: listValue([...ids]) },
  );
  return new Map(
    rows.map((row) => [
      String(row.id),
      {
        id: String(row.id),
        rowId: String(row.row_id),
        sampleIndex: Number(row.sample_index),
        promptVersionId: String(row.prompt_version_id),
        modelId: String(row.model_id),
        output: String(row.output),
        messagesJson: String(row.messages),
      },
    ]),
  );
}

export interface RowContent {
  variables: Record<string, unknown>;
  reference: string | null;
  context: string | null;
}

export async function datasetRowsByIds(sql: Sql, versionId: string, rowIds: readonly string[]): Promise<Map<string, RowContent>> {
  if (rowIds.length === 0) return new Map();
  const rows = await sql.all(
    'SELECT row_id, variables, reference, context FROM dataset_rows WHERE version_id = $version AND row_id IN (SELECT unnest($ids))',
    { version: versionId, ids: listValue([...new Set(rowIds)]) },
  );
  return new Map(
    rows.map((row) => [
      String(row.row_id),
      {
        variables: JSON.parse(String(row.variables)) as Record<string, unknown>,
        reference: row.reference === null ? null : String(row.reference),
        context: row.context === null ? null : String(row.context),
      },
    ]),
  );
}
