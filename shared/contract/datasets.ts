import { z } from 'zod';
import { method } from './define.js';

const idSchema = z.string().min(1).max(100);

export const datasetFormatSchema = z.enum(['csv', 'tsv', 'jsonl', 'json', 'parquet']);
export type DatasetFormat = z.infer<typeof datasetFormatSchema>;

/** Where rows come from: a file DuckDB reads, or text pasted into the app. */
export const datasetSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), path: z.string().min(1), format: datasetFormatSchema.optional() }),
  z.object({ kind: z.literal('text'), text: z.string().min(1).max(20_000_000), format: datasetFormatSchema }),
]);
export type DatasetSource = z.infer<typeof datasetSourceSchema>;

/** What a template variable may be called (the same rule the column mapping enforces). */
export const variableNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A usable variable name for a column: "Question Text" → "question_text", "2nd try" → "_2nd_try". */
export function suggestVariableName(column: string): string {
  if (variableNamePattern.test(column)) return column;
  const words = column
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  if (words === '') return 'column';
  return /^[0-9]/.test(words) ? `_${words}` : words;
}

/** Which source columns play which part; every other column is a template variable. */
export const columnMappingSchema = z.object({
  /** Source column → variable name (when they differ); unmapped columns keep their names. */
  rename: z.record(z.string(), z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'Variable names are letters, digits and _')).default({}),
  /** The expected answer, if any. */
  reference: z.string().nullable().default(null),
  /** Retrieved passages for grounded answers, if any. */
  context: z.string().nullable().default(null),
  /** Source columns left out entirely. */
  exclude: z.array(z.string()).default([]),
});
export type ColumnMapping = z.output<typeof columnMappingSchema>;

export const datasetColumnSchema = z.object({ name: z.string(), type: z.string() });

export const datasetPreviewSchema = z.object({
  format: datasetFormatSchema,
  columns: z.array(datasetColumnSchema),
  rows: z.array(z.record(z.string(), z.unknown())),
  rowCount: z.number().int().nonnegative(),
});
export type DatasetPreview = z.infer<typeof datasetPreviewSchema>;

export const datasetVersionSchema = z.object({
  id: idSchema,
  datasetId: idSchema,
  number: z.number().int().positive(),
  rowCount: z.number().int().nonnegative(),
  /** The template variables each row provides. */
  variables: z.array(z.string()),
  hasReference: z.boolean(),
  hasContext: z.boolean(),
  source: z.string(),
  createdAt: z.string(),
});
export type DatasetVersion = z.infer<typeof datasetVersionSchema>;

export const datasetSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  createdAt: z.string(),
  latest: datasetVersionSchema,
  versionCount: z.number().int().positive(),
});
export type DatasetSummary = z.infer<typeof datasetSummarySchema>;

export const datasetDetailSchema = datasetSummarySchema.extend({ versions: z.array(datasetVersionSchema) });
export type DatasetDetail = z.infer<typeof datasetDetailSchema>;

export const datasetRowSchema = z.object({
  /** Stable across re-imports of the same content: a hash of the row's values and its occurrence. */
  id: z.string(),
  index: z.number().int().nonnegative(),
  variables: z.record(z.string(), z.unknown()),
  reference: z.string().nullable(),
  context: z.string().nullable(),
});
export type DatasetRow = z.infer<typeof datasetRowSchema>;

const nameSchema = z.string().trim().min(1).max(200);

export const datasetMethods = {
  list: method({ summary: 'Every dataset with its newest version.', input: z.object({}), output: z.array(datasetSummarySchema) }),
  get: method({ summary: 'A dataset with all its versions.', input: z.object({ id: idSchema }), output: datasetDetailSchema }),
  preview: method({
    summary: 'Read a file or pasted text without importing: columns, types, the first rows and the row count.',
    input: z.object({ source: datasetSourceSchema, limit: z.number().int().min(1).max(200).default(20) }),
    output: datasetPreviewSchema,
  }),
  import: method({
    summary: 'Import rows as a new dataset, or as a new version of an existing one (datasetId). All or nothing.',
    input: z.object({ name: nameSchema.optional(), datasetId: idSchema.optional(), source: datasetSourceSchema, mapping: columnMappingSchema.default({ rename: {}, reference: null, context: null, exclude: [] }) }),
    output: datasetDetailSchema,
  }),
  quickAdd: method({
    summary: 'A small dataset typed in the app.',
    input: z.object({
      name: nameSchema,
      rows: z.array(z.record(z.string(), z.string())).min(1).max(1000),
      reference: z.string().nullable().default(null),
      context: z.string().nullable().default(null),
    }),
    output: datasetDetailSchema,
  }),
  rows: method({
    summary: 'A page of one version’s rows.',
    input: z.object({ versionId: idSchema, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(100) }),
    output: z.object({ rows: z.array(datasetRowSchema), total: z.number().int().nonnegative() }),
  }),
};

export const datasetEvents = {
  'datasets.changed': z.object({ datasetId: z.string() }),
};
