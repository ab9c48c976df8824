import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AppError } from '../../../shared/errors.js';
import type { Sql } from '../storage/database.js';
import { formatName, sentenceStart, type SourceFile } from './source-file.js';

/**
 * DuckDB's reader errors, reworded for the person who chose the file: which line, what is wrong,
 * what to do. Everything else (a full disk, a bug) passes through untouched.
 *
 * Line numbers: the CSV reader reports physical lines exactly. The JSON reader counts records,
 * skipping blank lines, and is one too high for malformed JSON (not for a record of the wrong
 * kind), so those are mapped back to the physical line here. Tests pin both behaviours.
 */
export async function translateReaderError(sql: Sql, file: SourceFile, error: unknown): Promise<Error> {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (!/^(Invalid Input|IO|Conversion|Binder) Error/.test(message)) return error instanceof Error ? error : new Error(message);
  if (/No files found that match the pattern/.test(message)) {
    return new AppError('NOT_FOUND', `${sentenceStart(file.label)} is no longer there.`);
  }
  switch (file.format) {
    case 'csv':
    case 'tsv':
      return csvError(sql, file, message);
    case 'json':
    case 'jsonl':
      return jsonError(sql, file, message);
    case 'parquet':
      return parquetError(file, message);
  }
}

export const notUtf8Text = (where: string) =>
  `${where} is not UTF-8 text (the file is probably Latin-1 or Windows-1252). Save it as UTF-8 (in Excel: “CSV UTF-8”) and import it again.`;

async function csvError(sql: Sql, file: SourceFile, message: string): Promise<AppError> {
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  const where = line ? `Line ${line} of ${file.label}` : sentenceStart(file.label);
  const invalid = (problem: string) => new AppError('INVALID_INPUT', `${where}: ${problem}`);

  const counts = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  if (counts) {
    const expected = Number(counts[1]);
    const reported = Number(counts[2]);
    // On a row that is too long DuckDB stops counting at the first extra value; count them all.
    let found = String(reported);
    if (reported > expected) {
      const recounted = await countCsvValues(sql, file, originalLine(message));
      found = recounted !== undefined && recounted > expected ? String(recounted) : `more than ${expected}`;
    }
    const hint = reported > expected ? ` A value with a ${file.format === 'tsv' ? 'tab' : 'comma'} in it needs double quotes around it.` : '';
    return invalid(`expected ${expected} ${plural(expected, 'column')}, found ${found}.${hint}`);
  }
  if (/unterminated quote/i.test(message)) {
    return invalid('a quoted value is never closed, or has a " inside it that is not doubled ("")');
  }
  if (/Error when sniffing file/.test(message)) {
    return new AppError('INVALID_INPUT', `${sentenceStart(file.label)} could not be read as ${formatName(file.format)}: DuckDB could not make out its rows and columns.`);
  }
  if (/Invalid unicode|not utf-8 encoded/i.test(message)) return new AppError('INVALID_INPUT', notUtf8Text(where));
  if (/Maximum line size of \d+ bytes exceeded/.test(message)) return invalid(`the line is longer than ${maxLineText}`);
  return invalid(describeProblem(message, file));
}

const maxLineText = '64 MB';

function originalLine(message: string): string | undefined {
  return /Original Line: ([\s\S]*?)\n(?:Expected Number of Columns|Possible|\S[^\n]*:)/.exec(message)?.[1];
}

/** Counts the values on one CSV line with DuckDB's own sniffer, for an honest "found 5". */
async function countCsvValues(sql: Sql, file: SourceFile, line: string | undefined): Promise<number | undefined> {
  if (line === undefined) return undefined;
  const folder = await mkdtemp(join(tmpdir(), 'arbiter-line-'));
  try {
    const path = join(folder, 'line.csv');
    await writeFile(path, `${line}\n`, 'utf8');
    const delim = file.format === 'tsv' ? '\t' : ',';
    const row = await sql.one<{ n: number }>(`SELECT len(Columns) AS n FROM sniff_csv($path, delim=$delim, quote='"', escape='"', header=false)`, {
      path,
      delim,
    });
    return row?.n;
  } catch {
    return undefined;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function jsonError(sql: Sql, file: SourceFile, message: string): Promise<AppError> {
  const invalid = (text: string) => new AppError('INVALID_INPUT', text);

  const malformed = /Malformed JSON in file "[\s\S]*?", at byte (\d+) in (line|record\/value) (\d+): ([^\n]*?)\.?\s*(\n|$)/.exec(message);
  if (malformed) {
    const [, byte, unit, count, problem = ''] = malformed;
    // DuckDB's count is one past the record it is reading when the JSON itself is broken.
    const where = await recordPlace(file, Number(count) - 1, unit === 'line');
    if (/invalid UTF-8/i.test(problem)) return invalid(notUtf8Text(where));
    if (/byte order mark/i.test(problem)) return invalid(`${where} starts with a byte order mark: save the file as UTF-8 without BOM.`);
    return invalid(`${where} is not valid JSON: ${problem} (at byte ${byte})`);
  }

  const wrongKind = /JSON transform error in file "[\s\S]*?", in (?:line|record\/value) (\d+): Expected OBJECT, but got (\w+)/.exec(message);
  if (wrongKind) {
    const where = await recordPlace(file, Number(wrongKind[1]), file.format === 'jsonl');
    return invalid(`${where} is ${kindOf(wrongKind[2] ?? '')}, not an object. ${recordAdvice(file)}`);
  }

  if (/expected records, but got non-record JSON/.test(message)) return firstNonRecord(sql, file);

  const array = /Expected top-level JSON array with format='array', but first character is '([\s\S])'/.exec(message);
  if (array) {
    return invalid(
      `${sentenceStart(file.label)} is not a JSON array: it starts with “${array[1]}”. A JSON dataset is one array of objects ([{…}, {…}]); for one object per line choose JSONL.`,
    );
  }
  return invalid(`${sentenceStart(file.label)} could not be read as JSON: ${describeProblem(message, file)}`);
}

function recordAdvice(file: SourceFile): string {
  return file.format === 'jsonl'
    ? 'Every line holds one JSON object, e.g. {"question": "…", "answer": "…"}.'
    : 'The array holds one JSON object per row, e.g. [{"question": "…"}, {"question": "…"}].';
}

/** Empty, or a value that is not an object: found with DuckDB reading each record as plain JSON. */
async function firstNonRecord(sql: Sql, file: SourceFile): Promise<AppError> {
  const format = file.format === 'json' ? 'array' : 'newline_delimited';
  const reader = `read_json($path, format='${format}', records='false', columns={'json': 'JSON'}) WITH ORDINALITY AS t(value, ordinal)`;
  try {
    const total = await sql.one<{ n: number }>(`SELECT count(*) AS n FROM ${reader}`, { path: file.path });
    if (!total || total.n === 0) return new AppError('INVALID_INPUT', `${sentenceStart(file.label)} has no rows.`);
    const first = await sql.one<{ ordinal: number; kind: string }>(
      `SELECT ordinal, json_type(value) AS kind FROM ${reader} WHERE json_type(value) <> 'OBJECT' ORDER BY ordinal LIMIT 1`,
      { path: file.path },
    );
    if (first) {
      const where = await recordPlace(file, first.ordinal, file.format === 'jsonl');
      return new AppError('INVALID_INPUT', `${where} is ${kindOf(first.kind)}, not an object. ${recordAdvice(file)}`);
    }
  } catch {
    // Fall through to the general words below.
  }
  return new AppError('INVALID_INPUT', `${sentenceStart(file.label)} does not hold JSON objects. ${recordAdvice(file)}`);
}

function kindOf(duckdbType: string): string {
  const type = duckdbType.toUpperCase();
  if (type === 'VARCHAR') return 'a string';
  if (type === 'ARRAY') return 'an array';
  if (type === 'BOOLEAN') return 'true or false';
  if (type === 'NULL') return 'null';
  if (/INT|DOUBLE|DECIMAL|FLOAT|HUGE/.test(type)) return 'a number';
  return `a ${type.toLowerCase()} value`;
}

/** "Line 12 of rows.jsonl" for JSONL (the physical line, blank lines included); "Record 3 of data.json" for an array. */
async function recordPlace(file: SourceFile, record: number, byLine: boolean): Promise<string> {
  if (!byLine || record < 1) return `Record ${Math.max(record, 1)} of ${file.label}`;
  const line = await physicalLineOfRecord(file.path, record).catch(() => undefined);
  return line ? `Line ${line} of ${file.label}` : `Record ${record} of ${file.label}`;
}

/** The 1-based line on which the `record`-th non-blank line of a file sits. */
async function physicalLineOfRecord(path: string, record: number): Promise<number | undefined> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'latin1' }), crlfDelay: Infinity });
  let physical = 0;
  let seen = 0;
  try {
    for await (const line of lines) {
      physical++;
      if (line.trim() !== '' && ++seen === record) return physical;
    }
  } finally {
    lines.close();
  }
  return undefined;
}

function parquetError(file: SourceFile, message: string): AppError {
  if (/No magic bytes found at end of file/.test(message)) {
    return new AppError('INVALID_INPUT', `${sentenceStart(file.label)} is not a complete Parquet file: its end is missing (was the copy cut short?).`);
  }
  return new AppError('INVALID_INPUT', `${sentenceStart(file.label)} could not be read as Parquet: ${describeProblem(message, file)}`);
}

/** DuckDB's first line, without its error class and with the temp path replaced by the user's name for the file. */
function describeProblem(message: string, file: SourceFile): string {
  const first = message.split('\n').find((line) => line.trim() !== '') ?? message;
  const text = first.replace(/^[A-Za-z ]+ Error: /, '').replaceAll(`"${file.path}"`, file.label).replaceAll(`'${file.path}'`, file.label).replaceAll(file.path, file.label);
  return text.trim().replace(/\.$/, '');
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
