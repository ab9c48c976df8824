import type { DatasetFormat } from '../../../shared/contract/datasets.js';

/** A good first guess for pasted text; the user can always choose. */
export function guessPastedFormat(text: string): DatasetFormat {
  const start = text.trimStart();
  if (start.startsWith('[')) return 'json';
  if (start.startsWith('{')) return 'jsonl';
  const firstLine = start.split(/\r?\n/, 1)[0] ?? '';
  return firstLine.includes('\t') ? 'tsv' : 'csv';
}

/** The format a path's extension implies, as the backend reads it. */
export function formatFromExtension(path: string): DatasetFormat | undefined {
  const match = /\.([A-Za-z0-9]+)["']?\s*$/.exec(path);
  const extension = match?.[1]?.toLowerCase();
  const formats: Record<string, DatasetFormat> = { csv: 'csv', tsv: 'tsv', tab: 'tsv', jsonl: 'jsonl', ndjson: 'jsonl', json: 'json', parquet: 'parquet', pq: 'parquet' };
  return extension ? formats[extension] : undefined;
}

export const formatLabels: Record<DatasetFormat, string> = { csv: 'CSV', tsv: 'TSV', jsonl: 'JSONL', json: 'JSON', parquet: 'Parquet' };
export const formats: readonly DatasetFormat[] = ['csv', 'tsv', 'jsonl', 'json', 'parquet'];
