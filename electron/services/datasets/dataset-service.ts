import { randomUUID } from 'node:crypto';
import { basename, extname } from 'node:path';
import type { MethodOutput, ParsedInput } from '../../../shared/contract/index.js';
import type { ColumnMapping, DatasetDetail, DatasetPreview } from '../../../shared/contract/datasets.js';
import { AppError } from '../../../shared/errors.js';
import type { EventBus } from '../event-bus.js';
import type { Database, Sql } from '../storage/database.js';
import { recordAudit } from '../storage/audit-log.js';
import { planMapping, previewProjection, rowProjection } from './column-mapping.js';
import * as repo from './dataset-repository.js';
import { describeColumns, explainReaderFailure, orderedSource, ReaderFailure, withReaderErrors, type SourceColumn } from './duckdb-reader.js';
import { formatFromPath, normalizePath, openSource, sentenceStart, type SourceFile } from './source-file.js';

type Method = 'list' | 'get' | 'preview' | 'import' | 'quickAdd' | 'rows';
type In<M extends Method> = ParsedInput<'datasets', M>;
type Out<M extends Method> = Promise<MethodOutput<'datasets', M>>;

/** Where an import lands: a new dataset, or the next version of one that exists. */
type Target = { kind: 'new'; name: string; nameGiven: boolean } | { kind: 'version'; datasetId: string };

/** Datasets: imports through DuckDB's own readers, each import a new immutable version. */
export class DatasetService {
  constructor(
    readonly db: Database,
    readonly events: EventBus,
  ) {}

  async list(): Out<'list'> {
    return this.db.read((sql) => repo.listDatasets(sql));
  }

  async get(input: In<'get'>): Out<'get'> {
    return this.db.read((sql) => detail(sql, input.id));
  }

  /** Columns with DuckDB's types, the first rows and the row count; reads the whole file, so a bad row shows up here already. */
  async preview(input: In<'preview'>): Out<'preview'> {
    return withSource(await openSource(input.source), (file) => this.reading(file, (sql) => readPreview(sql, file, input.limit)));
  }

  async import(input: In<'import'>): Out<'import'> {
    const target: Target = input.datasetId
      ? { kind: 'version', datasetId: input.datasetId }
      : { kind: 'new', name: input.name ?? defaultName(input.source), nameGiven: input.name !== undefined };
    return withSource(await openSource(input.source), (file) => this.importFile(file, target, input.mapping));
  }

  /** A few rows typed in the app go through the same reader and hashing as a JSONL file with the same content. */
  async quickAdd(input: In<'quickAdd'>): Out<'quickAdd'> {
    const text = input.rows.map((row) => JSON.stringify(row)).join('\n');
    const source = { kind: 'text', text, format: 'jsonl' } as const;
    const file = await openSource(source, { label: 'the typed rows', description: 'Typed in the app' });
    const mapping: ColumnMapping = { rename: {}, exclude: [], reference: input.reference, context: input.context };
    return withSource(file, (opened) => this.importFile(opened, { kind: 'new', name: input.name, nameGiven: true }, mapping));
  }

  async rows(input: In<'rows'>): Out<'rows'> {
    return this.db.read(async (sql) => {
      const version = await repo.findVersion(sql, input.versionId);
      if (!version) throw new AppError('NOT_FOUND', 'This dataset version does not exist.');
      return { rows: await repo.rowsPage(sql, version.id, input.offset, input.limit), total: version.rowCount };
    });
  }

  /** One transaction: the rows, the version and the audit entry land together or not at all. */
  private async importFile(file: SourceFile, target: Target, mapping: ColumnMapping): Promise<DatasetDetail> {
    const started = performance.now();
    // Cheap refusals first, before the file is read; the transaction checks again.
    await this.db.read((sql) => this.resolveTarget(sql, target));
    const columns = await this.reading(file, async (sql) => {
      const described = await describeColumns(sql, file);
      await requireRows(sql, file, described);
      return described;
    });
    const plan = planMapping(columns, mapping, file.label);
    try {
      const imported = await this.db.transaction(async (sql) => {
        const { datasetId, name } = await this.resolveTarget(sql, target);
        const versionId = randomUUID();
        const rows = `SELECT ${rowProjection(plan)} FROM ${orderedSource(file, columns)}`;
        const rowCount = await withReaderErrors(() => repo.insertRows(sql, versionId, rows, { path: file.path }));
        if (rowCount === 0) throw new AppError('INVALID_INPUT', `${sentenceStart(file.label)} has no rows.`);

        if (name !== undefined) await repo.insertDataset(sql, datasetId, name);
        const number = await repo.nextVersionNumber(sql, datasetId);
        await repo.insertVersion(sql, {
          id: versionId,
          datasetId,
          number,
          rowCount,
          variables: plan.variables.map((variable) => variable.name),
          hasReference: plan.reference !== null,
          hasContext: plan.context !== null,
          source: file.description,
        });
        await recordAudit(sql, number === 1 ? 'dataset.create' : 'dataset.version.create', 'dataset', datasetId, {
          version: number,
          versionId,
          rows: rowCount,
          format: file.format,
          source: file.description,
          mapping,
          ms: Math.round(performance.now() - started),
        });
        return detail(sql, datasetId);
      });
      this.events.emit('datasets.changed', { datasetId: imported.id });
      return imported;
    } catch (error) {
      throw await this.explain(file, error);
    }
  }

  /** The dataset an import goes to: an existing one (which must exist), or a new id and a free name. */
  private async resolveTarget(sql: Sql, target: Target): Promise<{ datasetId: string; name?: string }> {
    if (target.kind === 'version') {
      if (!(await repo.datasetExists(sql, target.datasetId))) throw new AppError('NOT_FOUND', 'This dataset does not exist.');
      return { datasetId: target.datasetId };
    }
    return { datasetId: randomUUID(), name: await this.freeName(sql, target.name, target.nameGiven) };
  }

  /** Reads the file outside any transaction; a reader failure is put into words afterwards. */
  private async reading<T>(file: SourceFile, work: (sql: Sql) => Promise<T>): Promise<T> {
    try {
      return await this.db.read(work);
    } catch (error) {
      throw await this.explain(file, error);
    }
  }

  /** After the failed statement's transaction is gone, DuckDB answers the questions the wording needs. */
  private async explain(file: SourceFile, error: unknown): Promise<unknown> {
    return error instanceof ReaderFailure ? this.db.read((sql) => explainReaderFailure(sql, file, error)) : error;
  }

  /** A name the user typed must be free; one derived from a file name gets " (2)" if it is not. */
  private async freeName(sql: Sql, name: string, given: boolean): Promise<string> {
    if (!(await repo.nameExists(sql, name))) return name;
    if (given) throw new AppError('CONFLICT', `A dataset named “${name}” already exists: import into it as a new version, or choose another name.`);
    for (let n = 2; ; n++) {
      const candidate = `${name} (${n})`;
      if (!(await repo.nameExists(sql, candidate))) return candidate;
    }
  }
}

async function withSource<T>(file: SourceFile, work: (file: SourceFile) => Promise<T>): Promise<T> {
  try {
    return await work(file);
  } finally {
    await file.dispose();
  }
}

async function detail(sql: Sql, id: string): Promise<DatasetDetail> {
  const summary = await repo.findDataset(sql, id);
  if (!summary) throw new AppError('NOT_FOUND', 'This dataset does not exist.');
  return { ...summary, versions: await repo.listVersions(sql, id) };
}

async function readPreview(sql: Sql, file: SourceFile, limit: number): Promise<DatasetPreview> {
  const columns = await describeColumns(sql, file);
  await requireRows(sql, file, columns);
  const source = orderedSource(file, columns);
  const values = previewProjection(columns);
  return withReaderErrors(async () => {
    const rows = await sql.all<{ value: string }>(`SELECT ${values} AS value FROM ${source} ORDER BY ordinal LIMIT ${limit}`, { path: file.path });
    // Counting a value of every column makes DuckDB read (and check) all of them, not just the line breaks.
    const total = await sql.one<{ n: number }>(`SELECT count(${values}) AS n FROM ${source}`, { path: file.path });
    return {
      format: file.format,
      columns: columns.map((column) => ({ name: column.name, type: column.type })),
      rows: rows.map((row) => JSON.parse(row.value) as Record<string, unknown>),
      rowCount: total?.n ?? 0,
    };
  });
}

/** "The file has no rows" before anything else is said about it (an empty file's "columns" mean nothing). */
async function requireRows(sql: Sql, file: SourceFile, columns: readonly SourceColumn[]): Promise<void> {
  const first = await withReaderErrors(() => sql.one(`SELECT 1 AS found FROM ${orderedSource(file, columns)} LIMIT 1`, { path: file.path }));
  if (!first) throw new AppError('INVALID_INPUT', `${sentenceStart(file.label)} has no rows.`);
}

function defaultName(source: In<'import'>['source']): string {
  if (source.kind === 'text') return 'Pasted rows';
  const name = basename(normalizePath(source.path));
  const stem = formatFromPath(name) ? name.slice(0, -extname(name).length) : name;
  return stem.trim() || 'Imported rows';
}
