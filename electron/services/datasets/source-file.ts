import { copyFile, mkdtemp, open, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import type { DatasetFormat, DatasetSource } from '../../../shared/contract/datasets.js';
import { AppError } from '../../../shared/errors.js';

/** A file DuckDB can read, and how to talk about it to the person who chose it. */
export interface SourceFile {
  /** What DuckDB opens: the user's file, or a temporary stand-in for it. */
  readonly path: string;
  readonly format: DatasetFormat;
  /** In messages: "data.csv", "the pasted text". */
  readonly label: string;
  /** Stored with the version: where the rows came from. */
  readonly description: string;
  /** Removes whatever temporary files were made for this source. */
  dispose(): Promise<void>;
}

const formatNames: Record<DatasetFormat, string> = { csv: 'CSV', tsv: 'TSV', jsonl: 'JSONL', json: 'JSON', parquet: 'Parquet' };

const extensions: Record<string, DatasetFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};

export function formatName(format: DatasetFormat): string {
  return formatNames[format];
}

/** "data.csv" → csv; undefined when the name does not say. */
export function formatFromPath(path: string): DatasetFormat | undefined {
  return extensions[extname(path).toLowerCase()];
}

/**
 * Turns what the user typed or pasted into a file on disk that DuckDB's readers can open,
 * after the checks DuckDB itself words badly (missing file, folders, UTF-16, zip archives).
 */
export async function openSource(source: DatasetSource, options: { label?: string; description?: string } = {}): Promise<SourceFile> {
  if (source.kind === 'text') return openText(source.text, source.format, options);
  return openPath(source.path, source.format, options);
}

async function openPath(typed: string, chosen: DatasetFormat | undefined, options: { label?: string; description?: string }): Promise<SourceFile> {
  const path = normalizePath(typed);
  const name = basename(path);
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw new AppError('NOT_FOUND', `There is no file at ${path}.`);
    if (error.code === 'EACCES' || error.code === 'EPERM') throw new AppError('INVALID_INPUT', `${name} can't be read: permission denied.`);
    throw new AppError('INVALID_INPUT', `${name} can't be read: ${error.message}`);
  });
  if (info.isDirectory()) throw new AppError('INVALID_INPUT', `${path} is a folder; choose a file in it.`);
  const format = chosen ?? formatFromPath(path);
  if (!format) {
    throw new AppError('INVALID_INPUT', `Can't tell the format of ${name} from its name: choose CSV, TSV, JSONL, JSON or Parquet.`);
  }
  if (info.size === 0) throw new AppError('INVALID_INPUT', `${name} is empty: the file has no rows.`);
  const label = options.label ?? name;
  const head = await readHead(path, label);
  checkBytes(head, format, label);

  const temp = new TempFolder();
  try {
    let readable = path;
    if ((format === 'json' || format === 'jsonl') && hasUtf8Bom(head)) {
      // DuckDB's JSON reader refuses a byte order mark; Windows editors like to write one.
      readable = join(await temp.folder(), `source${extname(path)}`);
      await pipeline(createReadStream(path, { start: 3 }), createWriteStream(readable));
    } else if (/[*?[\]{}]/.test(path)) {
      // DuckDB treats * ? [ ] { } in a path as a glob; a link with a plain name reads exactly this file.
      readable = await temp.plainNameFor(path);
    }
    return { path: readable, format, label, description: options.description ?? path, dispose: () => temp.dispose() };
  } catch (error) {
    await temp.dispose();
    throw error;
  }
}

async function openText(text: string, format: DatasetFormat, options: { label?: string; description?: string }): Promise<SourceFile> {
  const label = options.label ?? 'the pasted text';
  if (text.trim() === '') throw new AppError('INVALID_INPUT', `${sentenceStart(label)} is empty: there are no rows.`);
  // A BOM pasted along with the text means nothing here, and the JSON reader refuses one.
  const body = text.replace(/^\uFEFF/, '');
  const temp = new TempFolder();
  try {
    const path = join(await temp.folder(), `pasted.${format}`);
    await writeFile(path, body, 'utf8');
    const size = Buffer.byteLength(body, 'utf8');
    return { path, format, label, description: options.description ?? `Pasted ${formatName(format)} (${size.toLocaleString('en-US')} bytes)`, dispose: () => temp.dispose() };
  } catch (error) {
    await temp.dispose();
    throw error;
  }
}

/** Accepts what people paste into a path field: quotes around it, a file:// URL, a leading ~. */
export function normalizePath(typed: string): string {
  let path = typed.trim().replace(/^(["'])(.*)\1$/, '$2');
  if (path.startsWith('file://')) path = fileURLToPath(path);
  if (path === '~' || path.startsWith('~/') || path.startsWith('~\\')) path = join(homedir(), path.slice(1));
  return resolve(path);
}

async function readHead(path: string, label: string): Promise<Buffer> {
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new AppError('INVALID_INPUT', `${label} can't be read: ${error.code === 'EACCES' ? 'permission denied' : error.message}.`);
  });
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function hasUtf8Bom(head: Buffer): boolean {
  return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
}

/** What the first bytes give away: text in an encoding other than UTF-8, or not text at all. */
function checkBytes(head: Buffer, format: DatasetFormat, label: string): void {
  const starts = (...bytes: number[]) => bytes.every((byte, index) => head[index] === byte);
  const saveAsUtf8 = `Save it as UTF-8 (in Excel: “CSV UTF-8”; in most editors: Save with encoding → UTF-8) and import it again.`;
  if (format === 'parquet') {
    if (!starts(0x50, 0x41, 0x52, 0x31)) throw notParquet(label, head);
    return;
  }
  if (starts(0xff, 0xfe, 0x00, 0x00) || starts(0x00, 0x00, 0xfe, 0xff)) {
    throw new AppError('INVALID_INPUT', `${sentenceStart(label)} is UTF-32 text; Arbiter reads UTF-8. ${saveAsUtf8}`);
  }
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) {
    throw new AppError('INVALID_INPUT', `${sentenceStart(label)} is UTF-16 text; Arbiter reads UTF-8. ${saveAsUtf8}`);
  }
  if (starts(0x50, 0x41, 0x52, 0x31)) {
    throw new AppError('INVALID_INPUT', `${sentenceStart(label)} is a Parquet file, not ${formatName(format)}: choose Parquet as the format.`);
  }
  if (starts(0x1f, 0x8b) || starts(0x28, 0xb5, 0x2f, 0xfd)) {
    throw new AppError('INVALID_INPUT', `${sentenceStart(label)} is compressed (gzip or zstd): unpack it first, then import the ${formatName(format)} file inside.`);
  }
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    throw new AppError('INVALID_INPUT', `${sentenceStart(label)} is a zip archive (an Excel workbook?), not ${formatName(format)} text. Export the sheet as CSV first.`);
  }
  const zeros = head.indexOf(0);
  if (zeros !== -1) {
    // UTF-16 without a byte order mark: every other byte of ASCII text is zero.
    const sample = head.subarray(0, Math.min(head.length, 512));
    const zeroCount = sample.reduce((count, byte) => count + (byte === 0 ? 1 : 0), 0);
    if (zeroCount >= sample.length / 4) {
      throw new AppError('INVALID_INPUT', `${sentenceStart(label)} looks like UTF-16 text (every other byte is zero); Arbiter reads UTF-8. ${saveAsUtf8}`);
    }
    throw new AppError('INVALID_INPUT', `${sentenceStart(label)} contains zero bytes: it looks like a binary file, not ${formatName(format)} text.`);
  }
}

function notParquet(label: string, head: Buffer): AppError {
  const text = head.subarray(0, 1).toString('latin1');
  const hint = text === '{' || text === '[' ? ' It looks like JSON.' : /^[\x20-\x7e]/.test(text) ? ' It looks like text (CSV?).' : '';
  return new AppError('INVALID_INPUT', `${sentenceStart(label)} is not a Parquet file: it does not start with Parquet's “PAR1” marker.${hint}`);
}

/** "the pasted text" → "The pasted text" at the start of a sentence; a file name stays as it is spelled. */
export function sentenceStart(label: string): string {
  return label.startsWith('the ') ? `T${label.slice(1)}` : label;
}

/** One private temp folder per source, made on first use and removed with everything in it. */
class TempFolder {
  private path: string | undefined;

  async folder(): Promise<string> {
    this.path ??= await mkdtemp(join(tmpdir(), 'arbiter-import-'));
    return this.path;
  }

  async plainNameFor(original: string): Promise<string> {
    const link = join(await this.folder(), `source${extname(original).replace(/[*?[\]{}]/g, '')}`);
    await symlink(original, link).catch(() => copyFile(original, link));
    return link;
  }

  async dispose(): Promise<void> {
    if (this.path) await rm(this.path, { recursive: true, force: true });
    this.path = undefined;
  }
}
