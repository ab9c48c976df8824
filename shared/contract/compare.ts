import { z } from 'zod';
import { datasetRowSchema } from './datasets.js';
import { method } from './define.js';
import { experimentStateSchema, generationRecordSchema } from './experiments.js';
import { chatMessageSchema } from './prompts.js';

/** Compare: one experiment row's outputs side by side, rows found by filters that run in SQL. */

const idSchema = z.string().min(1).max(100);

/** One column of an experiment: a prompt version answered by a model, in matrix order. */
export const compareColumnSchema = z.object({
  /** `<promptVersionId>|<modelId>`: stable within an experiment. */
  key: z.string(),
  promptVersionId: idSchema,
  modelId: idSchema,
  /** null when the prompt version is no longer in the library. */
  promptName: z.string().nullable(),
  promptVersionNumber: z.number().int().positive().nullable(),
  /** null when the model was removed from the registry. */
  modelName: z.string().nullable(),
  modelKind: z.enum(['local', 'remote']).nullable(),
  /** Stored generations of this column (every row and sample), and how many of them failed. */
  generations: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});
export type CompareColumn = z.infer<typeof compareColumnSchema>;

export const compareExperimentSchema = z.object({
  id: idSchema,
  name: z.string(),
  state: experimentStateSchema,
  createdAt: z.string(),
  samples: z.number().int().positive(),
  /** null when the dataset version cannot be found. */
  dataset: z
    .object({
      versionId: idSchema,
      name: z.string(),
      number: z.number().int().positive(),
      rowCount: z.number().int().nonnegative(),
      variables: z.array(z.string()),
      hasReference: z.boolean(),
      hasContext: z.boolean(),
    })
    .nullable(),
  columns: z.array(compareColumnSchema),
});
export type CompareExperiment = z.infer<typeof compareExperimentSchema>;

/**
 * Which rows to list. `promptVersionIds` / `modelIds` narrow the columns that count (empty: all of
 * them); `failedOnly` and `search` then look only at those columns' generations.
 */
export const compareFilterSchema = z.object({
  /** Case-insensitive substring of a row's variable values, reference, context, or of an output. */
  search: z.string().max(500).default(''),
  /** Rows with at least one failed generation. */
  failedOnly: z.boolean().default(false),
  promptVersionIds: z.array(idSchema).max(50).default([]),
  modelIds: z.array(idSchema).max(50).default([]),
});
export type CompareFilter = z.output<typeof compareFilterSchema>;
export type CompareFilterInput = z.input<typeof compareFilterSchema>;

export const compareRowSchema = datasetRowSchema.extend({
  /** Stored generations of this row in the columns that count, and how many failed. */
  generations: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});
export type CompareRow = z.infer<typeof compareRowSchema>;

/** A generation as Compare shows it: its messages are in the row's `prompts` instead (the same for every model). */
export const compareGenerationSchema = generationRecordSchema.omit({ messages: true });
export type CompareGeneration = z.infer<typeof compareGenerationSchema>;

/** The rendered messages of one prompt version for one row. */
export const comparePromptSchema = z.object({
  promptVersionId: idSchema,
  messages: z.array(chatMessageSchema),
  /** 'stored': what was sent (from a stored generation). 'preview': rendered now, nothing stored yet. */
  source: z.enum(['stored', 'preview']),
  /** Why the template could not be rendered for this row (preview only). */
  error: z.string().nullable(),
});
export type ComparePrompt = z.infer<typeof comparePromptSchema>;

const filtered = { experimentId: idSchema, filter: compareFilterSchema.default({ search: '', failedOnly: false, promptVersionIds: [], modelIds: [] }) };

export const compareMethods = {
  experiment: method({
    summary: 'An experiment as Compare needs it: its columns (prompt version × model, in matrix order) with names and counts, and its dataset.',
    input: z.object({ experimentId: idSchema }),
    output: compareExperimentSchema,
  }),
  rows: method({
    summary: 'A page of the experiment’s dataset rows that match the filter, in dataset order, with failed counts; total counts every match.',
    input: z.object({ ...filtered, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(200) }),
    output: z.object({ rows: z.array(compareRowSchema), total: z.number().int().nonnegative() }),
  }),
  locate: method({
    summary: 'Where a row is among the rows that match the filter (0-based), or null when it does not match.',
    input: z.object({ ...filtered, rowId: z.string().min(1).max(200) }),
    output: z.object({ position: z.number().int().nonnegative().nullable() }),
  }),
  row: method({
    summary: 'One row: its values, every stored generation of it (every column and sample, matrix order) and each prompt version’s rendered messages.',
    input: z.object({ experimentId: idSchema, rowId: z.string().min(1).max(200) }),
    output: z.object({
      row: datasetRowSchema,
      generations: z.array(compareGenerationSchema),
      prompts: z.array(comparePromptSchema),
    }),
  }),
};
