import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse as parseYaml } from 'yaml';

/** Reading an export back the way its consumers do: JSON lines, Parquet through DuckDB, the card's YAML. */

export function readJsonl(path: string): any[] {
  const text = readFileSync(path, 'utf8');
  if (text.length > 0) {
    if (!text.endsWith('\n')) throw new Error(`${path} does not end with a newline`);
  }
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line));
}

export async function readParquet(path: string): Promise<any[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${path.replaceAll("'", "''")}')`);
    return reader.getRowObjectsJson() as any[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export async function readCsv(path: string): Promise<any[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`SELECT * FROM read_csv('${path.replaceAll("'", "''")}', header = true, all_varchar = true)`);
    return reader.getRowObjectsJson() as any[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The YAML front matter of a dataset card. */
export function frontMatter(card: string): any {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(card);
  if (!match) throw new Error('The card has no YAML front matter');
  return parseYaml(match[1]!);
}

/** sha256 of every file under a folder, by relative path. */
export function folderDigest(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(folder, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(folder);
  return out;
}

/** Every byte of every file under a folder, as text (Parquet too: its strings are stored plainly or zstd-compressed). */
export function folderText(folder: string): string {
  return Object.keys(folderDigest(folder))
    .map((path) => readFileSync(join(folder, path)).toString('latin1'))
    .join('\n');
}

export function pairsOf(n: number): number {
  return (n * (n - 1)) / 2;
}
