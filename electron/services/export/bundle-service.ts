import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleManifestSchema, type BundleImportResult, type BundleManifest, type BundleResult, type PiiMask } from '../../../shared/contract/export.js';
import { AppError } from '../../../shared/errors.js';
import type { EventBus } from '../event-bus.js';
import { recordAudit } from '../storage/audit-log.js';
import type { Database, Sql } from '../storage/database.js';
import { resolveFolder, sha256File, slug, StagingFolder } from './export-folder.js';
import { insertExportRecord } from './export-records.js';
import { quote, quoteList } from './sql-text.js';
import type { ScrubSources } from './text-scrub.js';
import { TextScrub } from './text-scrub.js';

/**
 * Annotation bundles: one annotator's judgments (every revision, retractions too) as Parquet with a
 * manifest, so a team can label in separate workspaces and merge without a server. An import is
 * all or nothing, idempotent by judgment id, keeps annotator ids, and settles a judgment edited in
 * both workspaces by keeping the newest edit current and writing the other to the audit log.
 */

const judgmentColumns = [
  'id',
  'judgment_key',
  'revision',
  'task_set_id',
  'item_id',
  'annotator_id',
  'source',
  'retracted',
  'shown_order',
  'verdict',
  'rationale',
  'tags',
  'flagged',
  'duration_ms',
  'raw_output',
  'created_at',
] as const;
const annotatorColumns = ['id', 'name', 'kind', 'model_id', 'created_at'] as const;

const noMask: PiiMask = { emails: false, phones: false, cards: false, ips: false, patterns: [] };

export interface BundleServiceOptions {
  workspaceDir: string;
  appVersion: string;
  /** What is always taken out of free text (keys, model paths, the home folder). */
  scrubSources: () => Promise<ScrubSources>;
}

export class BundleService {
  private readonly db: Database;
  private readonly events: EventBus;
  private readonly options: BundleServiceOptions;

  constructor(db: Database, events: EventBus, options: BundleServiceOptions) {
    this.db = db;
    this.events = events;
    this.options = options;
  }

  async write(annotatorId: string | null, taskSetIds: readonly string[], folder: string | null, overwrite: boolean): Promise<BundleResult> {
    const sets = [...new Set(taskSetIds)].sort();
    const where = [
      annotatorId === null ? 'true' : `annotator_id = ${quote(annotatorId)}`,
      sets.length === 0 ? 'true' : `list_contains(${quoteList(sets)}, task_set_id)`,
    ].join(' AND ');
    const scrub = new TextScrub(await this.options.scrubSources(), noMask);

    const found = await this.db.read(async (sql) => {
      const annotator = annotatorId === null ? null : await sql.one<{ name: string }>(`SELECT name FROM annotators WHERE id = ${quote(annotatorId)}`);
      if (annotatorId !== null && !annotator) throw new AppError('NOT_FOUND', `No annotator “${annotatorId}” in this workspace.`);
      const summary = await sql.one<{ n: number | bigint; digest: string | null }>(
        `SELECT count(*) AS n, md5(string_agg(id, ',' ORDER BY id)) AS digest FROM judgments WHERE ${where}`,
      );
      return { name: annotator?.name ?? 'everyone', count: Number(summary?.n ?? 0), digest: summary?.digest ?? '' };
    });
    if (found.count === 0) throw new AppError('INVALID_INPUT', `${found.name === 'everyone' ? 'Nobody has' : `${found.name} has`} no judgments to bundle${sets.length > 0 ? ' in these task sets' : ''}.`);

    const target =
      folder === null ? join(this.options.workspaceDir, 'exports', `bundle-${slug(found.name, 32)}-${found.digest.slice(0, 8)}`) : resolveFolder(folder, this.options.workspaceDir);
    const staging = StagingFolder.open(target, overwrite);
    try {
      const facts = await this.db.read(async (sql) => {
        // Free text is scrubbed of keys, model paths and the home folder; ids, verdicts and times travel as they are.
        const select = judgmentColumns
          .map((column) => {
            if (column === 'rationale' || column === 'raw_output') return `${scrub.sql(column)} AS ${column}`;
            if (column === 'shown_order' || column === 'verdict' || column === 'tags') return `${column}::VARCHAR AS ${column}`;
            return column;
          })
          .join(', ');
        await sql.run(
          `COPY (SELECT ${select} FROM judgments WHERE ${where} ORDER BY judgment_key, revision, id) TO ${quote(staging.file('judgments.parquet'))} (FORMAT parquet, COMPRESSION zstd)`,
        );
        const annotatorSelect = annotatorColumns.map((column) => (column === 'name' ? `${scrub.sql('name')} AS name` : column)).join(', ');
        await sql.run(
          `COPY (SELECT ${annotatorSelect} FROM annotators WHERE id IN (SELECT annotator_id FROM judgments WHERE ${where}) ORDER BY id)
           TO ${quote(staging.file('annotators.parquet'))} (FORMAT parquet, COMPRESSION zstd)`,
        );
        const annotators = await sql.all<{ id: string; name: string; kind: string }>(
          `SELECT id, ${scrub.sql('name')} AS name, kind FROM annotators WHERE id IN (SELECT annotator_id FROM judgments WHERE ${where}) ORDER BY id`,
        );
        const taskSets = await sql.all<{ id: string; name: string; kind: string; items: number | bigint }>(
          `SELECT s.id, ${scrub.sql('s.name')} AS name, s.kind, (SELECT count(*) FROM task_items i WHERE i.task_set_id = s.id) AS items
           FROM task_sets s WHERE s.id IN (SELECT task_set_id FROM judgments WHERE ${where}) ORDER BY s.id`,
        );
        return { annotators, taskSets };
      });

      const files: BundleManifest['files'] = [];
      for (const [path, rows] of [
        ['judgments.parquet', found.count],
        ['annotators.parquet', facts.annotators.length],
      ] as const) {
        const file = staging.file(path);
        files.push({ path, bytes: statSync(file).size, sha256: await sha256File(file), rows });
      }
      const manifest: BundleManifest = {
        kind: 'arbiter-annotation-bundle',
        bundleVersion: 1,
        tool: { name: 'Arbiter', version: this.options.appVersion },
        bundleId: files[0]!.sha256,
        annotators: facts.annotators.map((row) => ({ id: row.id, name: row.name, kind: row.kind === 'llm' ? 'llm' : 'human' })),
        taskSets: facts.taskSets.map((row) => ({ id: row.id, name: row.name, kind: row.kind as 'pairwise', items: Number(row.items) })),
        counts: { judgments: found.count, annotators: facts.annotators.length },
        files,
      };
      writeFileSync(staging.file('manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      staging.commit();

      const id = randomUUID();
      await this.db.transaction(async (sql) => {
        await insertExportRecord(sql, {
          id,
          kind: 'bundle',
          format: manifest.bundleId,
          fileType: 'parquet',
          options: { annotatorId, taskSetIds: sets },
          folder: target,
          taskSetIds: manifest.taskSets.map((set) => set.id),
          counts: manifest.counts,
          files,
        });
        await recordAudit(sql, 'bundle.write', 'bundle', manifest.bundleId, { folder: target, annotatorId, judgments: found.count, taskSetIds: manifest.taskSets.map((set) => set.id) });
      });
      return {
        folder: target,
        bundleId: manifest.bundleId,
        judgments: found.count,
        annotators: manifest.annotators.map((annotator) => annotator.name),
        taskSets: manifest.taskSets.map((set) => set.name),
      };
    } catch (error) {
      staging.discard();
      throw error;
    }
  }

  async import(folderInput: string): Promise<BundleImportResult> {
    const folder = resolveFolder(folderInput, this.options.workspaceDir);
    const manifest = await readBundleManifest(folder);
    const judgmentsFile = join(folder, 'judgments.parquet');
    const annotatorsFile = join(folder, 'annotators.parquet');

    const result = await this.db.transaction(async (sql) => {
      try {
        await loadBundle(sql, judgmentsFile, annotatorsFile, manifest);
        await checkAgainstWorkspace(sql);
        const annotatorsAdded = await mergeAnnotators(sql);
        const merged = await mergeJudgments(sql);
        const id = randomUUID();
        const counts = {
          inBundle: manifest.counts.judgments,
          added: merged.added,
          duplicates: merged.duplicates,
          conflicts: merged.conflicts,
          conflictsWonByBundle: merged.conflictsWonByBundle,
          annotatorsAdded: annotatorsAdded.names.length,
        };
        await insertExportRecord(sql, {
          id,
          kind: 'bundle-import',
          format: manifest.bundleId,
          fileType: 'parquet',
          options: {},
          folder,
          taskSetIds: manifest.taskSets.map((set) => set.id),
          counts,
          files: manifest.files,
        });
        await recordAudit(sql, 'bundle.import', 'bundle', manifest.bundleId, { folder, ...counts, annotators: manifest.annotators.map((a) => a.id) });
        return {
          bundleId: manifest.bundleId,
          inBundle: manifest.counts.judgments,
          added: merged.added,
          duplicates: merged.duplicates,
          conflicts: merged.conflicts,
          conflictsWonByBundle: merged.conflictsWonByBundle,
          annotatorsAdded: annotatorsAdded.names,
          warnings: annotatorsAdded.warnings,
          taskSetIds: merged.taskSetIds,
        };
      } finally {
        for (const table of ['x_b', 'x_ba', 'x_new', 'x_conf']) await sql.run(`DROP TABLE IF EXISTS temp.${table}`);
      }
    });
    for (const taskSetId of result.taskSetIds) this.events.emit('labeling.changed', { taskSetId });
    const { taskSetIds: _taskSetIds, ...answer } = result;
    return answer;
  }
}

function refuse(message: string): never {
  throw new AppError('INVALID_INPUT', `This annotation bundle was not imported: ${message} Nothing in the workspace changed.`);
}

/** The manifest, and each file checked against it (present, complete, unchanged) before anything is read. */
async function readBundleManifest(folder: string): Promise<BundleManifest> {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) refuse(`${folder} is not a folder.`);
  const manifestPath = join(folder, 'manifest.json');
  if (!existsSync(manifestPath)) refuse(`${folder} has no manifest.json; is it an annotation bundle?`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    refuse(`manifest.json is not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  if ((raw as { kind?: unknown })?.kind === 'arbiter-preference-export') refuse('this folder is a training-data export, not an annotation bundle.');
  const parsed = bundleManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    refuse(`manifest.json is not an annotation bundle manifest (${issue ? `${issue.path.join('.') || 'manifest'}: ${issue.message}` : 'unknown shape'}).`);
  }
  const manifest = parsed.data;
  for (const file of manifest.files) {
    const path = join(folder, file.path);
    if (!existsSync(path)) refuse(`${file.path} is missing.`);
    const bytes = statSync(path).size;
    if (bytes !== file.bytes) refuse(`${file.path} is incomplete or changed: ${bytes} bytes, the manifest says ${file.bytes}.`);
    if ((await sha256File(path)) !== file.sha256) refuse(`${file.path} does not match its sha256 in the manifest: it was changed or damaged.`);
  }
  const judgments = manifest.files.find((file) => file.path === 'judgments.parquet');
  if (!judgments || judgments.sha256 !== manifest.bundleId) refuse('the bundle id does not match judgments.parquet.');
  if (judgments.rows !== manifest.counts.judgments) refuse('the manifest counts disagree with each other.');
  return manifest;
}

async function count(sql: Sql, query: string): Promise<number> {
  const row = await sql.one<{ n: number | bigint | null }>(query);
  return Number(row?.n ?? 0);
}

async function loadBundle(sql: Sql, judgmentsFile: string, annotatorsFile: string, manifest: BundleManifest): Promise<void> {
  for (const [table, file, columns] of [
    ['x_b', judgmentsFile, judgmentColumns],
    ['x_ba', annotatorsFile, annotatorColumns],
  ] as const) {
    try {
      await sql.run(`CREATE OR REPLACE TEMP TABLE ${table} AS SELECT * FROM read_parquet(${quote(file)})`);
    } catch (error) {
      refuse(`${file.endsWith('judgments.parquet') ? 'judgments.parquet' : 'annotators.parquet'} cannot be read as Parquet (${error instanceof Error ? error.message : String(error)}).`);
    }
    const present = (await sql.all<{ column_name: string }>(`DESCRIBE ${table}`)).map((row) => row.column_name);
    const missing = columns.filter((column) => !present.includes(column));
    if (missing.length > 0) refuse(`${table === 'x_b' ? 'judgments' : 'annotators'}.parquet lacks the column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}.`);
  }
  if ((await count(sql, 'SELECT count(*) AS n FROM x_b')) !== manifest.counts.judgments) refuse('judgments.parquet does not hold as many judgments as the manifest says.');
  const problems: [string, string][] = [
    ['a judgment without an id, key, item, task set, annotator or time', 'id IS NULL OR judgment_key IS NULL OR task_set_id IS NULL OR item_id IS NULL OR annotator_id IS NULL OR created_at IS NULL OR revision IS NULL OR revision < 1'],
    ['an unknown source', `source IS NULL OR NOT list_contains(['human', 'llm', 'adjudication'], source)`],
    ['a verdict that is not JSON', 'verdict IS NOT NULL AND NOT json_valid(verdict::VARCHAR)'],
    ['a shown order or tags that are not JSON lists', `NOT json_valid(shown_order::VARCHAR) OR json_type(shown_order::JSON) <> 'ARRAY' OR NOT json_valid(tags::VARCHAR) OR json_type(tags::JSON) <> 'ARRAY'`],
    ['a judgment that is neither a verdict nor a retraction', `verdict IS NULL AND NOT retracted AND source <> 'llm'`],
  ];
  for (const [what, where] of problems) {
    const n = await count(sql, `SELECT count(*) AS n FROM x_b WHERE ${where}`);
    if (n > 0) refuse(`judgments.parquet has ${n} row${n === 1 ? '' : 's'} with ${what}.`);
  }
  if ((await count(sql, 'SELECT count(*) - count(DISTINCT id) AS n FROM x_b')) > 0) refuse('judgments.parquet holds the same judgment id twice.');
  if ((await count(sql, `SELECT count(*) - count(DISTINCT judgment_key || '#' || revision) AS n FROM x_b`)) > 0) refuse('judgments.parquet holds one revision of a judgment twice.');
  const strangers = await count(sql, 'SELECT count(DISTINCT annotator_id) AS n FROM x_b WHERE annotator_id NOT IN (SELECT id FROM x_ba)');
  if (strangers > 0) refuse(`${strangers} annotator${strangers === 1 ? ' is' : 's are'} missing from annotators.parquet.`);
  if ((await count(sql, `SELECT count(*) AS n FROM x_ba WHERE id IS NULL OR name IS NULL OR NOT list_contains(['human', 'llm'], kind)`)) > 0) {
    refuse('annotators.parquet has an annotator without an id, a name or a known kind.');
  }
}

/** The bundle must be about this workspace's task sets and items, with verdicts that name their outputs. */
async function checkAgainstWorkspace(sql: Sql): Promise<void> {
  const unknownSets = await sql.all<{ task_set_id: string }>('SELECT DISTINCT task_set_id FROM x_b WHERE task_set_id NOT IN (SELECT id FROM task_sets) ORDER BY 1 LIMIT 5');
  if (unknownSets.length > 0) {
    refuse(
      `this workspace has no task set ${unknownSets.map((row) => row.task_set_id).join(', ')}. Import a bundle into the workspace its task sets were made in (or a copy of it).`,
    );
  }
  const unknownItems = await count(
    sql,
    'SELECT count(*) AS n FROM x_b b LEFT JOIN task_items i ON i.id = b.item_id WHERE i.id IS NULL OR i.task_set_id <> b.task_set_id',
  );
  if (unknownItems > 0) refuse(`${unknownItems} judgment${unknownItems === 1 ? ' is' : 's are'} about items this workspace does not have in that task set.`);
  const mismatched = await count(
    sql,
    `SELECT count(*) AS n FROM x_b b JOIN task_items i ON i.id = b.item_id JOIN task_sets s ON s.id = b.task_set_id
     WHERE NOT list_has_all(from_json(i.generation_ids, '["VARCHAR"]'), from_json(b.shown_order::JSON, '["VARCHAR"]'))
       OR (b.verdict IS NOT NULL AND (
         json_extract_string(b.verdict::JSON, '$.kind') IS DISTINCT FROM s.kind
         OR NOT list_has_all(from_json(i.generation_ids, '["VARCHAR"]'), list_filter(list_concat(
              [json_extract_string(b.verdict::JSON, '$.preferredGenerationId')],
              coalesce(json_extract_string(b.verdict::JSON, '$.ranks[*].generationId'), [])), x -> x IS NOT NULL))))`,
  );
  if (mismatched > 0) refuse(`${mismatched} judgment${mismatched === 1 ? '' : 's'} name outputs their item does not have, or a verdict of another task kind.`);
}

async function mergeAnnotators(sql: Sql): Promise<{ names: string[]; warnings: string[] }> {
  // Identity is the id. A new id whose name is taken here gets the id's start beside its name, so names stay unique.
  const fresh = await sql.all<{ id: string; name: string; kind: string; model_id: string | null; created_at: string; taken: boolean }>(
    `SELECT b.id, b.name, b.kind, b.model_id, b.created_at::VARCHAR AS created_at,
       EXISTS (SELECT 1 FROM annotators a WHERE lower(a.name) = lower(b.name)) AS taken
     FROM x_ba b WHERE b.id NOT IN (SELECT id FROM annotators) ORDER BY b.id`,
  );
  const names: string[] = [];
  const warnings: string[] = [];
  for (const row of fresh) {
    const name = row.taken ? `${row.name} (${row.id.slice(0, 8)})` : row.name;
    if (row.taken) warnings.push(`Another annotator here is already called “${row.name}”: the one from the bundle is “${name}”.`);
    await sql.run(
      `INSERT INTO annotators (id, name, kind, model_id, created_at) VALUES (${quote(row.id)}, ${quote(name)}, ${quote(row.kind)}, ${row.model_id === null ? 'NULL' : quote(row.model_id)}, ${quote(row.created_at)}::TIMESTAMPTZ)`,
    );
    names.push(name);
  }
  return { names, warnings };
}

interface Merged {
  added: number;
  duplicates: number;
  conflicts: number;
  conflictsWonByBundle: number;
  taskSetIds: string[];
}

async function mergeJudgments(sql: Sql): Promise<Merged> {
  const columns = judgmentColumns.join(', ');
  const cast = (column: string) =>
    column === 'shown_order' || column === 'verdict' || column === 'tags' ? `${column}::JSON AS ${column}` : column === 'created_at' ? 'created_at::TIMESTAMPTZ AS created_at' : column;
  await sql.run(`CREATE OR REPLACE TEMP TABLE x_new AS
    SELECT ${judgmentColumns.map(cast).join(', ')} FROM x_b WHERE id NOT IN (SELECT id FROM judgments)`);
  const total = await count(sql, 'SELECT count(*) AS n FROM x_b');
  const fresh = await count(sql, 'SELECT count(*) AS n FROM x_new');
  // The same judgment edited in both workspaces: a new row whose revision number is taken here by another row.
  await sql.run(`CREATE OR REPLACE TEMP TABLE x_conf AS
    WITH keys AS (SELECT DISTINCT n.judgment_key AS key FROM x_new n JOIN judgments j ON j.judgment_key = n.judgment_key AND j.revision = n.revision),
    b AS (SELECT judgment_key AS key, max(created_at) AS latest FROM x_new WHERE judgment_key IN (SELECT key FROM keys) GROUP BY 1),
    l AS (SELECT judgment_key AS key, max(created_at) AS latest, max(revision) AS top FROM judgments WHERE judgment_key IN (SELECT key FROM keys) GROUP BY 1)
    SELECT keys.key, b.latest > l.latest AS bundle_wins, l.top FROM keys JOIN b ON b.key = keys.key JOIN l ON l.key = keys.key`);
  const conflicts = await sql.all<{ key: string; bundle_wins: boolean }>('SELECT key, bundle_wins FROM x_conf ORDER BY key');
  for (const conflict of conflicts) {
    const local = await sql.one(
      `SELECT id, revision, verdict::VARCHAR AS verdict, retracted, created_at FROM judgments WHERE judgment_key = ${quote(conflict.key)} ORDER BY revision DESC LIMIT 1`,
    );
    const bundle = await sql.one(
      `SELECT id, revision, verdict::VARCHAR AS verdict, retracted, created_at FROM x_new WHERE judgment_key = ${quote(conflict.key)} ORDER BY created_at DESC, revision DESC LIMIT 1`,
    );
    const describe = (row: Record<string, unknown> | undefined) =>
      row && { id: row.id, revision: row.revision, retracted: row.retracted, verdict: row.verdict === null ? null : JSON.parse(String(row.verdict)), createdAt: row.created_at };
    await recordAudit(sql, 'judgment.import-conflict', 'judgment', conflict.key, {
      kept: conflict.bundle_wins ? 'bundle' : 'workspace',
      current: describe(conflict.bundle_wins ? bundle : local),
      other: describe(conflict.bundle_wins ? local : bundle),
    });
  }
  // Rows of keys without a conflict go in as they are; a bundle that wins a conflict continues after
  // this workspace's last revision, so its newest edit is current; a losing bundle's rows stay out.
  const touched = await sql.all<{ task_set_id: string }>(
    `SELECT DISTINCT task_set_id FROM x_new WHERE judgment_key NOT IN (SELECT key FROM x_conf WHERE NOT bundle_wins) ORDER BY 1`,
  );
  await sql.run(`INSERT INTO judgments (${columns})
    SELECT ${columns} FROM x_new WHERE judgment_key NOT IN (SELECT key FROM x_conf)
    UNION ALL
    SELECT ${judgmentColumns.map((column) => (column === 'revision' ? 'c.top + row_number() OVER (PARTITION BY n.judgment_key ORDER BY n.revision, n.created_at, n.id) AS revision' : `n.${column}`)).join(', ')}
    FROM x_new n JOIN x_conf c ON c.key = n.judgment_key WHERE c.bundle_wins`);
  const skipped = await count(sql, 'SELECT count(*) AS n FROM x_new WHERE judgment_key IN (SELECT key FROM x_conf WHERE NOT bundle_wins)');
  return {
    added: fresh - skipped,
    duplicates: total - fresh,
    conflicts: conflicts.length,
    conflictsWonByBundle: conflicts.filter((conflict) => conflict.bundle_wins).length,
    taskSetIds: touched.map((row) => row.task_set_id),
  };
}
