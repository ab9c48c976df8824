import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  describeSkipped,
  exportFormatInfo,
  type ExportFile,
  type ExportManifest,
  type ExportOptions,
  type ExportPreview,
  type ExportRecord,
  type ExportResult,
  type ExportSource,
} from '../../../shared/contract/export.js';
import { AppError } from '../../../shared/errors.js';
import type { Database, Sql } from '../storage/database.js';
import { recordAudit } from '../storage/audit-log.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { datasetCard } from './dataset-card.js';
import { resolveFolder, sha256File, sha256Text, slug, StagingFolder } from './export-folder.js';
import { insertExportRecord, listExportRecords } from './export-records.js';
import { readLineage } from './lineage.js';
import { quote } from './sql-text.js';
import { stage, type Staged } from './stage.js';
import { TextScrub, type ScrubSources } from './text-scrub.js';
import { dropStaged } from './votes.js';

export interface ExportServiceOptions {
  /** The workspace folder: default exports go to its `exports/` folder; its path never goes into one. */
  workspaceDir: string;
  appVersion: string;
  /** Key values to take out of every text (the backend's own store); never written anywhere. */
  secrets: Pick<SecretStore, 'list' | 'get'>;
  homeDir?: string;
}

const extensions = { jsonl: 'jsonl', parquet: 'parquet', csv: 'csv' } as const;

/**
 * Turns judgments into training files. The work is SQL over temp tables (see votes.ts, rows.ts)
 * and DuckDB's own COPY writes the files, so a million pairs never pass through JavaScript.
 */
export class ExportService {
  private readonly db: Database;
  private readonly options: ExportServiceOptions;

  constructor(db: Database, options: ExportServiceOptions) {
    this.db = db;
    this.options = options;
  }

  get exportsFolder(): string {
    return join(this.options.workspaceDir, 'exports');
  }

  async sources(): Promise<{ taskSets: ExportSource[]; annotators: { id: string; name: string; kind: 'human' | 'llm'; judgments: number }[]; exportsFolder: string }> {
    return this.db.read(async (sql) => {
      const sets = await sql.all(`
        WITH cur AS (
          SELECT * FROM judgments QUALIFY row_number() OVER (PARTITION BY judgment_key ORDER BY revision DESC) = 1
        ), counts AS (
          SELECT task_set_id, count(*) FILTER (WHERE source <> 'llm') AS human, count(*) FILTER (WHERE source = 'llm') AS llm,
            count(DISTINCT annotator_id) FILTER (WHERE source = 'human') AS annotators
          FROM cur WHERE NOT retracted AND verdict IS NOT NULL GROUP BY task_set_id
        ), items AS (SELECT task_set_id, count(*) AS n FROM task_items GROUP BY task_set_id)
        SELECT s.id, s.name, s.kind, s.experiment_id, coalesce(e.name, s.experiment_id) AS experiment_name, s.created_at,
          coalesce(i.n, 0) AS items, coalesce(c.human, 0) AS human, coalesce(c.llm, 0) AS llm, coalesce(c.annotators, 0) AS annotators
        FROM task_sets s LEFT JOIN experiments e ON e.id = s.experiment_id LEFT JOIN counts c ON c.task_set_id = s.id
        LEFT JOIN items i ON i.task_set_id = s.id
        WHERE s.archived_at IS NULL ORDER BY s.created_at DESC, s.id`);
      const annotators = await sql.all(`
        WITH cur AS (SELECT * FROM judgments QUALIFY row_number() OVER (PARTITION BY judgment_key ORDER BY revision DESC) = 1)
        SELECT a.id, a.name, a.kind, count(c.id) FILTER (WHERE NOT c.retracted) AS judgments
        FROM annotators a LEFT JOIN cur c ON c.annotator_id = a.id GROUP BY a.id, a.name, a.kind
        ORDER BY a.kind = 'llm', lower(a.name), a.id`);
      return {
        taskSets: sets.map((row) => ({
          id: String(row.id),
          name: String(row.name),
          kind: row.kind as ExportSource['kind'],
          experimentId: String(row.experiment_id),
          experimentName: String(row.experiment_name),
          items: Number(row.items),
          humanJudgments: Number(row.human),
          llmJudgments: Number(row.llm),
          annotators: Number(row.annotators),
          createdAt: String(row.created_at),
        })),
        annotators: annotators.map((row) => ({ id: String(row.id), name: String(row.name), kind: row.kind === 'llm' ? ('llm' as const) : ('human' as const), judgments: Number(row.judgments) })),
        exportsFolder: this.exportsFolder,
      };
    });
  }

  async preview(input: ExportOptions, limit: number): Promise<ExportPreview> {
    const options = normalize(input);
    const scrub = await this.prepare(options);
    const shownAs = options.fileType === 'csv' ? 'csv' : 'jsonl';
    const file = join(tmpdir(), `arbiter-preview-${randomUUID()}.${shownAs}`);
    return this.db.read(async (sql) => {
      try {
        const staged = await stage(sql, options, scrub);
        const split = staged.counts.train > 0 || staged.counts.test === 0 ? 'train' : 'test';
        // The same COPY as the real file, limited: what the preview shows is what the file will hold.
        await sql.run(
          `COPY (${staged.rows(split, limit, jsonText(staged, shownAs))})
           TO ${quote(file)} ${copyOptions(shownAs)}`,
        );
        const text = readFileSync(file, 'utf8');
        const lines = text.split('\n').filter((line, index, all) => line.length > 0 || index < all.length - 1);
        return { lines, shownAs, columns: staged.columns, counts: staged.counts, defaultFolder: await this.defaultFolder(sql, options) };
      } finally {
        await dropStaged(sql);
        rmSync(file, { force: true });
      }
    });
  }

  async write(input: ExportOptions, folder: string | null, overwrite: boolean): Promise<ExportResult> {
    const options = normalize(input);
    const scrub = await this.prepare(options);
    const target = folder === null ? await this.db.read((sql) => this.defaultFolder(sql, options)) : resolveFolder(folder, this.options.workspaceDir);
    const staging = StagingFolder.open(target, overwrite);
    try {
      const written = await this.db.read(async (sql) => {
        try {
          const staged = await stage(sql, options, scrub);
          if (staged.counts.rows === 0) {
            throw new AppError('INVALID_INPUT', `Nothing to export: these options leave no rows. ${whyEmpty(staged)}`.trim());
          }
          const files: { split: 'train' | 'test'; path: string; rows: number }[] = [];
          for (const split of ['train', 'test'] as const) {
            const rows = split === 'train' ? staged.counts.train : staged.counts.test;
            if (rows === 0) continue;
            const path = `data/${split}.${extensions[options.fileType]}`;
            await sql.run(
              `COPY (${staged.rows(split, undefined, jsonText(staged, options.fileType))})
               TO ${quote(staging.file(path))} ${copyOptions(options.fileType)}`,
            );
            files.push({ split, path, rows });
          }
          const lineage = await readLineage(sql, scrub);
          return { staged, files, lineage };
        } finally {
          await dropStaged(sql);
        }
      });

      const dataFiles: ExportFile[] = [];
      for (const file of written.files) {
        const path = staging.file(file.path);
        dataFiles.push({ path: file.path, bytes: statSync(path).size, sha256: await sha256File(path), rows: file.rows, split: file.split });
      }
      const info = exportFormatInfo(options.format);
      const base: Omit<ExportManifest, 'files'> = {
        kind: 'arbiter-preference-export',
        manifestVersion: 1,
        tool: { name: 'Arbiter', version: this.options.appVersion },
        format: options.format,
        formatLabel: info.label,
        fileType: options.fileType,
        filters: {
          resolve: options.resolve,
          minAgreement: options.minAgreement,
          dropTies: options.dropTies,
          dropBothBad: options.dropBothBad,
          minStrength: options.minStrength,
          includeLlm: options.includeLlm,
          testFraction: options.testFraction,
          splitSeed: options.splitSeed,
          dedupe: options.dedupe,
          metadata: options.metadata,
          rubricThreshold: options.rubricThreshold,
          mask: { emails: options.mask.emails, phones: options.mask.phones, cards: options.mask.cards, ips: options.mask.ips, customPatterns: options.mask.patterns.length },
        },
        columns: written.staged.columns,
        counts: written.staged.counts,
        ...written.lineage,
      };
      const card = datasetCard(base, written.files);
      writeFileSync(staging.file('README.md'), card);
      const manifest: ExportManifest = {
        ...base,
        files: [...dataFiles, { path: 'README.md', bytes: Buffer.byteLength(card), sha256: sha256Text(card), rows: null, split: null }],
      };
      writeFileSync(staging.file('manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      staging.commit();

      const exportId = randomUUID();
      await this.db.transaction(async (sql) => {
        await insertExportRecord(sql, {
          id: exportId,
          kind: 'dataset',
          format: options.format,
          fileType: options.fileType,
          options,
          folder: target,
          taskSetIds: options.taskSetIds,
          counts: manifest.counts,
          files: manifest.files,
        });
        await recordAudit(sql, 'export.write', 'export', exportId, {
          format: options.format,
          fileType: options.fileType,
          folder: target,
          taskSetIds: options.taskSetIds,
          rows: manifest.counts.rows,
          files: manifest.files.map((file) => ({ path: file.path, sha256: file.sha256 })),
        });
      });
      return { exportId, folder: target, manifest };
    } catch (error) {
      staging.discard();
      throw error;
    }
  }

  list(): Promise<ExportRecord[]> {
    return this.db.read((sql) => listExportRecords(sql));
  }

  /** Checks the options against the workspace and builds the scrub (keys, paths, PII) for them. */
  private async prepare(options: ExportOptions): Promise<TextScrub> {
    await this.db.read(async (sql) => {
      const found = await sql.all<{ id: string; name: string; kind: string }>(
        `SELECT id, name, kind FROM task_sets WHERE id IN (${options.taskSetIds.map(quote).join(', ')}) ORDER BY id`,
      );
      const missing = options.taskSetIds.filter((id) => !found.some((row) => row.id === id));
      if (missing.length > 0) throw new AppError('NOT_FOUND', `No task set ${missing.map((id) => `“${id}”`).join(', ')} in this workspace.`);
      const info = exportFormatInfo(options.format);
      if (!found.some((row) => info.kinds.includes(row.kind as 'pairwise'))) {
        throw new AppError(
          'INVALID_INPUT',
          `${info.label} is made from ${info.kinds.join(' or ')} task sets; ${found.map((row) => `“${row.name}” is ${row.kind}`).join(', ')}.`,
        );
      }
      for (const [index, pattern] of options.mask.patterns.entries()) {
        try {
          await sql.all(`SELECT regexp_matches('', ${quote(pattern)}) AS ok`);
        } catch (error) {
          const reason = error instanceof Error ? error.message.replace(/^.*?Error: /, '') : String(error);
          throw new AppError('INVALID_INPUT', `Masking pattern ${index + 1} (${pattern}) is not a valid regular expression: ${reason}`);
        }
      }
    });
    return new TextScrub(await this.scrubSources(), options.mask);
  }

  /** What every export takes out of its text whatever the options: key values, local model paths, the workspace and home folders. */
  async scrubSources(): Promise<ScrubSources> {
    const { paths, keyNames } = await this.db.read(async (sql) => ({
      paths: await sql.all<{ path: string | null }>(`SELECT json_extract_string(config, '$.path') AS path FROM models WHERE kind = 'local'`),
      keyNames: await sql.all<{ name: string | null }>(`SELECT DISTINCT json_extract_string(config, '$.apiKeyName') AS name FROM models WHERE kind = 'remote'`),
    }));
    return {
      secrets: this.secretValues(keyNames.map((row) => row.name).filter((name): name is string => Boolean(name))),
      modelPaths: paths.map((row) => row.path).filter((path): path is string => Boolean(path)),
      homeDir: this.options.homeDir ?? homedir(),
      workspaceDir: this.options.workspaceDir,
    };
  }

  private secretValues(modelKeyNames: string[]): string[] {
    const names = new Set([...this.options.secrets.list().map((info) => info.name), ...modelKeyNames]);
    const values: string[] = [];
    for (const name of names) {
      try {
        const value = this.options.secrets.get(name);
        if (value) values.push(value);
      } catch {
        // A key that cannot be read cannot be written either.
      }
    }
    return values;
  }

  /** exports/<task sets>-<format>-<file type>-<hash of the options>: the same options, the same folder. */
  private async defaultFolder(sql: Sql, options: ExportOptions): Promise<string> {
    const rows = await sql.all<{ name: string }>(`SELECT name FROM task_sets WHERE id IN (${options.taskSetIds.map(quote).join(', ')}) ORDER BY id`);
    const name = `${slug(rows.map((row) => row.name).join(' '), 40)}-${options.format}-${options.fileType}-${sha256Text(JSON.stringify(options)).slice(0, 8)}`;
    return join(this.exportsFolder, name);
  }
}

/** Task sets in one order and patterns as given: equal options give equal files and folder names. */
function normalize(options: ExportOptions): ExportOptions {
  return { ...options, taskSetIds: [...new Set(options.taskSetIds)].sort() };
}

/** CSV gets lists and objects as JSON text: a spreadsheet cell holds text. */
function jsonText(staged: Staged, fileType: 'jsonl' | 'parquet' | 'csv'): ReadonlySet<string> {
  return new Set(fileType === 'csv' ? staged.nested : []);
}

function copyOptions(fileType: 'jsonl' | 'parquet' | 'csv'): string {
  // Snappy, Parquet's usual codec: zstd made the file a third the size and the export twice as slow.
  if (fileType === 'parquet') return '(FORMAT parquet, COMPRESSION snappy)';
  if (fileType === 'csv') return '(FORMAT csv, HEADER true)';
  return '(FORMAT json)';
}

function whyEmpty(staged: Staged): string {
  if (staged.counts.judgments === 0) return 'The task sets have no judgments that count (are they labeled? LLM verdicts count only when included).';
  const skipped = describeSkipped(staged.counts.skipped);
  return skipped ? `Left out: ${skipped}.` : '';
}
