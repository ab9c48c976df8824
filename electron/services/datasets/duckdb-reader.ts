import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sql } from '../storage/database.js';
import { AppError } from '../../../shared/errors.js';
import { notUtf8Text, translateReaderError } from './reader-errors.js';
import type { SourceFile } from './source-file.js';

/** A column of the source as DuckDB sees it. */
export interface SourceColumn {
  /** As written in the file's header or keys. */
  name: string;
  /** What DuckDB detects, shown in the preview (for CSV this is a guess; the text is kept as written). */
  type: string;
  /** What the strict reader hands over: VARCHAR for CSV/TSV, JSON for JSON/JSONL, the stored type for Parquet. */
  readType: string;
  /** CSV text, where an empty cell is an empty string, not a missing value. */
  csv: boolean;
}

// Long passages (retrieved context) make long lines; DuckDB's defaults stop at 2 MB and 16 MB.
const maxLineBytes = 64 * 1024 * 1024;

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function delimiter(file: SourceFile): string {
  return file.format === 'tsv' ? '\t' : ',';
}

/** RFC 4180 quoting, the delimiter fixed by the format, a header row: no guessing that can silently go wrong. */
function csvOptions(file: SourceFile): string {
  return `delim=${quoteLiteral(delimiter(file))}, quote='"', escape='"', header=true, max_line_size=${maxLineBytes}`;
}

function jsonOptions(file: SourceFile): string {
  return `format=${file.format === 'json' ? "'array'" : "'newline_delimited'"}, records='true', maximum_object_size=${maxLineBytes}`;
}

function columnsStruct(columns: readonly SourceColumn[], type: string): string {
  return `{${columns.map((column) => `${quoteLiteral(column.name)}: ${quoteLiteral(type)}`).join(', ')}}`;
}

/** The file's columns and their detected types. Reads the whole file for JSON, so keys that appear late are not missed. */
export async function describeColumns(sql: Sql, file: SourceFile): Promise<SourceColumn[]> {
  const columns = await withReaderErrors(async () => {
    if (file.format === 'csv' || file.format === 'tsv') return describeCsv(sql, file);
    const relation = file.format === 'parquet' ? 'read_parquet($path)' : `read_json($path, ${jsonOptions(file)}, sample_size=-1)`;
    const rows = await sql.all<DescribedColumn>(`DESCRIBE SELECT * FROM ${relation}`, { path: file.path });
    const readType = (type: string) => (file.format === 'parquet' ? type : 'JSON');
    return rows.map((row) => ({ name: row.column_name, type: row.column_type, readType: readType(row.column_type), csv: false }));
  });
  if (columns.some((column) => column.name.includes('\uFFFD'))) throw new AppError('INVALID_INPUT', notUtf8Text(`Line 1 of ${file.label}`));
  return columns;
}

/**
 * The header row decides the columns: names and how many. DuckDB's sniffer only adds the types it
 * detects, for the preview; on a small file with one bad row it would guess the count from that row.
 */
async function describeCsv(sql: Sql, file: SourceFile): Promise<SourceColumn[]> {
  const header = await headerColumns(sql, file);
  const detected = await sql.all<DescribedColumn>(`DESCRIBE SELECT * FROM read_csv($path, ${csvOptions(file)})`, { path: file.path }).catch(
    // Whatever stops the sniffer, the strict read reports with its line number.
    () => undefined,
  );
  const agrees = detected?.length === header.length && detected.every((column, index) => column.column_name === header[index]?.column_name);
  return header.map((column, index) => ({ name: column.column_name, type: (agrees && detected[index]?.column_type) || 'VARCHAR', readType: 'VARCHAR', csv: true }));
}

type DescribedColumn = { column_name: string; column_type: string };

/** The column names from the first line alone (a header with a line break inside quotes is not supported). */
async function headerColumns(sql: Sql, file: SourceFile): Promise<DescribedColumn[]> {
  const handle = await open(file.path, 'r');
  const folder = await mkdtemp(join(tmpdir(), 'arbiter-header-'));
  try {
    const buffer = Buffer.alloc(1024 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead);
    const end = head.indexOf(0x0a);
    const path = join(folder, 'header.csv');
    await writeFile(path, end === -1 ? head : head.subarray(0, end + 1));
    return await sql.all<DescribedColumn>(`DESCRIBE SELECT * FROM read_csv($path, ${csvOptions(file)}, all_varchar=true)`, { path });
  } finally {
    await handle.close();
    await rm(folder, { recursive: true, force: true });
  }
}

/** The file as a FROM item that reads every value strictly: a bad row is an error that names its line, never skipped. */
export function strictReader(file: SourceFile, columns: readonly SourceColumn[]): string {
  switch (file.format) {
    case 'csv':
    case 'tsv':
      return `read_csv($path, auto_detect=false, strict_mode=true, ${csvOptions(file)}, columns=${columnsStruct(columns, 'VARCHAR')})`;
    case 'json':
    case 'jsonl':
      // Every value as JSON: numbers keep their digits, nested objects stay nested, nothing is coerced.
      return `read_json($path, ${jsonOptions(file)}, columns=${columnsStruct(columns, 'JSON')})`;
    case 'parquet':
      return 'read_parquet($path)';
  }
}

/** Positional names for the source's columns (c0, c1, …), so no header, however odd, can collide with SQL. */
export function columnAlias(index: number): string {
  return `c${index}`;
}

/** The rows in file order: c0…cN and `ordinal` (1-based). */
export function orderedSource(file: SourceFile, columns: readonly SourceColumn[]): string {
  const aliases = [...columns.map((_, index) => columnAlias(index)), 'ordinal'].join(', ');
  return `${strictReader(file, columns)} WITH ORDINALITY AS src(${aliases})`;
}

/**
 * A DuckDB error raised while reading the file. It is put into words only after the transaction it
 * happened in has rolled back: DuckDB refuses further statements in an aborted transaction, and
 * the wording sometimes needs a look at the file (how many values that line really has).
 */
export class ReaderFailure extends Error {
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
    this.name = 'ReaderFailure';
  }
}

/** Marks DuckDB's errors from reading the file, for `explainReaderFailure` once outside the transaction. */
export async function withReaderErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof AppError || error instanceof ReaderFailure ? error : new ReaderFailure(error);
  }
}

/** A ReaderFailure in plain words (INVALID_INPUT or NOT_FOUND); anything else as it was. `sql` must be usable. */
export async function explainReaderFailure(sql: Sql, file: SourceFile, error: unknown): Promise<unknown> {
  return error instanceof ReaderFailure ? translateReaderError(sql, file, error.original) : error;
}
