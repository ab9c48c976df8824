import { z } from 'zod';
import { method } from './define.js';
import { taskKindSchema, type TaskKind } from './labeling.js';

/**
 * Export: judgments leave Arbiter as training data (TRL, OpenAI preference fine-tuning, Anthropic
 * HH, K-way rankings, KTO, SFT), each export a folder with its data files, a manifest and a
 * Hugging Face dataset card; and annotation bundles carry one annotator's judgments to another
 * workspace.
 */

const idSchema = z.string().min(1).max(100);
/** A folder on the machine that runs the backend; absolute, or relative to the workspace folder. */
const folderSchema = z.string().trim().min(1, 'Say where to write the folder').max(4096);

export const exportFormatSchema = z.enum([
  'trl-conversational',
  'trl-standard',
  'trl-implicit',
  'openai-dpo',
  'anthropic-hh',
  'ranking-grouped',
  'ranking-pairs',
  'kto',
  'sft',
]);
export type ExportFormat = z.infer<typeof exportFormatSchema>;

export const exportFileTypeSchema = z.enum(['jsonl', 'parquet', 'csv']);
export type ExportFileType = z.infer<typeof exportFileTypeSchema>;

/** What a format is, for the screen, the CLI's help and the dataset card. */
export interface ExportFormatInfo {
  id: ExportFormat;
  label: string;
  /** Who reads it. */
  consumer: string;
  /** One line of the shape, as it is written. */
  shape: string;
  /** The task kinds it is made from. */
  kinds: readonly TaskKind[];
  /** The Hugging Face task tags of its dataset card. */
  tags: readonly string[];
}

export const exportFormats: readonly ExportFormatInfo[] = [
  {
    id: 'trl-conversational',
    label: 'TRL preference · conversational, explicit prompt',
    consumer: 'TRL DPOTrainer, RewardTrainer, ORPO, CPO and the like',
    shape: '{"prompt": [{"role": "user", …}], "chosen": [{"role": "assistant", …}], "rejected": [{"role": "assistant", …}]}',
    kinds: ['pairwise', 'ranking'],
    tags: ['dpo', 'preference', 'conversational'],
  },
  {
    id: 'trl-standard',
    label: 'TRL preference · standard text, explicit prompt',
    consumer: 'TRL trainers on plain text (no chat template)',
    shape: '{"prompt": "…", "chosen": "…", "rejected": "…"}',
    kinds: ['pairwise', 'ranking'],
    tags: ['dpo', 'preference'],
  },
  {
    id: 'trl-implicit',
    label: 'TRL preference · conversational, implicit prompt',
    consumer: 'Reward trainers that read whole conversations',
    shape: '{"chosen": [{"role": "user", …}, {"role": "assistant", …}], "rejected": […]}',
    kinds: ['pairwise', 'ranking'],
    tags: ['reward-modeling', 'preference', 'conversational'],
  },
  {
    id: 'openai-dpo',
    label: 'OpenAI preference fine-tuning (DPO)',
    consumer: 'OpenAI fine-tuning API, method "dpo"',
    shape: '{"input": {"messages": […]}, "preferred_output": [{"role": "assistant", …}], "non_preferred_output": [{"role": "assistant", …}]}',
    kinds: ['pairwise', 'ranking'],
    tags: ['dpo', 'preference'],
  },
  {
    id: 'anthropic-hh',
    label: 'Anthropic HH transcripts',
    consumer: 'Trainers written for Anthropic/hh-rlhf',
    shape: '{"chosen": "\\n\\nHuman: …\\n\\nAssistant: …", "rejected": "…"}',
    kinds: ['pairwise', 'ranking'],
    tags: ['rlhf', 'preference'],
  },
  {
    id: 'ranking-grouped',
    label: 'K-way rankings, grouped',
    consumer: 'Listwise reward-model training',
    shape: '{"prompt": […], "completions": [{"rank": 0, "completion": [{"role": "assistant", …}]}, …]}',
    kinds: ['ranking'],
    tags: ['reward-modeling', 'ranking'],
  },
  {
    id: 'ranking-pairs',
    label: 'K-way rankings as C(K,2) pairs',
    consumer: 'Reward models trained InstructGPT-style (one group per ranking)',
    shape: '{"prompt": […], "chosen": […], "rejected": […], "group_id": "…", "group_weight": 0.33}',
    kinds: ['ranking'],
    tags: ['reward-modeling', 'preference', 'ranking'],
  },
  {
    id: 'kto',
    label: 'Unpaired (KTO)',
    consumer: 'TRL KTOTrainer and other binary-feedback trainers',
    shape: '{"prompt": […], "completion": [{"role": "assistant", …}], "label": true}',
    kinds: ['pairwise', 'ranking', 'rubric'],
    tags: ['kto', 'unpaired-preference'],
  },
  {
    id: 'sft',
    label: 'SFT · best output per prompt',
    consumer: 'TRL SFTTrainer, OpenAI supervised fine-tuning',
    shape: '{"messages": [{"role": "system", …}, {"role": "user", …}, {"role": "assistant", …}]}',
    kinds: ['pairwise', 'ranking', 'rubric'],
    tags: ['sft', 'conversational'],
  },
];

export function exportFormatInfo(format: ExportFormat): ExportFormatInfo {
  const info = exportFormats.find((entry) => entry.id === format);
  if (!info) throw new Error(`Unknown export format ${format}`);
  return info;
}

/** PII masking: applied to every text field (messages, outputs, names) before anything is written. */
export const piiMaskSchema = z.object({
  emails: z.boolean().default(false),
  phones: z.boolean().default(false),
  cards: z.boolean().default(false),
  ips: z.boolean().default(false),
  /** The user's own patterns (RE2 syntax, as DuckDB's regexp functions read them); matches become [REDACTED]. */
  patterns: z.array(z.string().min(1).max(500)).max(20).default([]),
});
export type PiiMask = z.output<typeof piiMaskSchema>;

export const exportOptionsSchema = z.object({
  taskSetIds: z.array(idSchema).min(1, 'Pick at least one task set').max(50),
  format: exportFormatSchema,
  fileType: exportFileTypeSchema.default('jsonl'),
  /**
   * Several annotators on one item: the majority outcome (no majority: left out), only items where
   * everyone agrees, or one row per annotator. An adjudication replaces the item's votes, except
   * per annotator, where it is a row of its own.
   */
  resolve: z.enum(['majority', 'unanimous', 'per-annotator']).default('majority'),
  /** Share of votes that must agree with the row's outcome (0 to 1). */
  minAgreement: z.number().min(0).max(1).default(0),
  /** Ties never train a preference; kept, a tie is a row with choice "tie" (metadata tells it apart). */
  dropTies: z.boolean().default(true),
  /** Both-bad never becomes a pair; kept, both outputs are undesirable rows in KTO. */
  dropBothBad: z.boolean().default(true),
  /** Pairwise strength floor. "slight" or "much" leave out votes that gave no strength. */
  minStrength: z.enum(['any', 'slight', 'much']).default('any'),
  /** LLM-judge verdicts count as votes. */
  includeLlm: z.boolean().default(false),
  /** Share of prompts (dataset rows) held out as the test split; 0: train only. */
  testFraction: z.number().min(0).max(0.9).default(0),
  splitSeed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
  /** Identical training rows once; pairs whose outputs are identical left out. */
  dedupe: z.boolean().default(true),
  mask: piiMaskSchema.default({ emails: false, phones: false, cards: false, ips: false, patterns: [] }),
  /** Ids, models, prompt versions, annotators, votes, agreement, strength beside the training fields. */
  metadata: z.boolean().default(false),
  /** KTO and SFT from rubric scores: a score (0 to 1 across the scale) above this is desirable, below it undesirable. */
  rubricThreshold: z.number().min(0).max(1).default(0.5),
});
export type ExportOptions = z.output<typeof exportOptionsSchema>;
export type ExportOptionsInput = z.input<typeof exportOptionsSchema>;

/** Why rows were left out, counted; every export says what it dropped. */
export const exportSkippedSchema = z.object({
  llmVotesExcluded: z.number().int().nonnegative(),
  invalidVerdicts: z.number().int().nonnegative(),
  wrongTaskKind: z.number().int().nonnegative(),
  noConsensus: z.number().int().nonnegative(),
  belowAgreement: z.number().int().nonnegative(),
  ties: z.number().int().nonnegative(),
  bothBad: z.number().int().nonnegative(),
  belowStrength: z.number().int().nonnegative(),
  atThreshold: z.number().int().nonnegative(),
  differentPrompts: z.number().int().nonnegative(),
  identicalOutputs: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
});
export type ExportSkipped = z.infer<typeof exportSkippedSchema>;

/** Each reason, in words: "12 ties, 3 below the agreement floor". */
export const exportSkipLabels: Record<keyof ExportSkipped, string> = {
  llmVotesExcluded: 'LLM-judge verdicts',
  invalidVerdicts: 'unreadable verdicts',
  wrongTaskKind: 'judgments of a task kind this format does not use',
  noConsensus: 'items without consensus',
  belowAgreement: 'below the agreement floor',
  ties: 'ties',
  bothBad: 'both-bad',
  belowStrength: 'below the strength floor',
  atThreshold: 'rubric scores exactly at the threshold',
  differentPrompts: 'pairs whose outputs answer different prompts',
  identicalOutputs: 'pairs with identical outputs',
  duplicates: 'duplicates',
};

export function describeSkipped(skipped: ExportSkipped): string {
  return (Object.keys(exportSkipLabels) as (keyof ExportSkipped)[])
    .filter((reason) => skipped[reason] > 0)
    .map((reason) => `${skipped[reason].toLocaleString('en-US')} ${exportSkipLabels[reason]}`)
    .join(', ');
}

export const exportCountsSchema = z.object({
  rows: z.number().int().nonnegative(),
  train: z.number().int().nonnegative(),
  test: z.number().int().nonnegative(),
  /** Current judgments read (after the LLM filter), and the items they are about. */
  judgments: z.number().int().nonnegative(),
  items: z.number().int().nonnegative(),
  /** Distinct prompts (dataset rows) in each split: never one in both. */
  trainPrompts: z.number().int().nonnegative(),
  testPrompts: z.number().int().nonnegative(),
  skipped: exportSkippedSchema,
});
export type ExportCounts = z.infer<typeof exportCountsSchema>;

export const exportFileSchema = z.object({
  /** Relative to the export folder, with forward slashes. */
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string(),
  /** Data rows (null for the card). */
  rows: z.number().int().nonnegative().nullable(),
  split: z.enum(['train', 'test']).nullable(),
});
export type ExportFile = z.infer<typeof exportFileSchema>;

/** manifest.json: everything needed to know what the folder holds and where it came from. Derived from the workspace only, so the same workspace and options give the same bytes. */
export const exportManifestSchema = z.object({
  kind: z.literal('arbiter-preference-export'),
  manifestVersion: z.literal(1),
  tool: z.object({ name: z.string(), version: z.string() }),
  format: exportFormatSchema,
  formatLabel: z.string(),
  fileType: exportFileTypeSchema,
  /** The options; user masking patterns are counted, never written (they may name what they hide). */
  filters: z.object({
    resolve: z.string(),
    minAgreement: z.number(),
    dropTies: z.boolean(),
    dropBothBad: z.boolean(),
    minStrength: z.string(),
    includeLlm: z.boolean(),
    testFraction: z.number(),
    splitSeed: z.number(),
    dedupe: z.boolean(),
    metadata: z.boolean(),
    rubricThreshold: z.number(),
    mask: z.object({ emails: z.boolean(), phones: z.boolean(), cards: z.boolean(), ips: z.boolean(), customPatterns: z.number().int() }),
  }),
  columns: z.array(z.string()),
  counts: exportCountsSchema,
  taskSets: z.array(z.object({ id: z.string(), name: z.string(), kind: taskKindSchema, experimentId: z.string() })),
  experiments: z.array(z.object({ id: z.string(), name: z.string() })),
  promptVersions: z.array(z.object({ id: z.string(), prompt: z.string(), number: z.number().int(), contentHash: z.string() })),
  models: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(['local', 'remote']), provider: z.string().nullable(), model: z.string().nullable() })),
  annotators: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(['human', 'llm']), judgments: z.number().int().nonnegative() })),
  files: z.array(exportFileSchema),
});
export type ExportManifest = z.infer<typeof exportManifestSchema>;

export const exportSourceSchema = z.object({
  id: idSchema,
  name: z.string(),
  kind: taskKindSchema,
  experimentId: idSchema,
  experimentName: z.string(),
  items: z.number().int().nonnegative(),
  humanJudgments: z.number().int().nonnegative(),
  llmJudgments: z.number().int().nonnegative(),
  annotators: z.number().int().nonnegative(),
  createdAt: z.string(),
});
export type ExportSource = z.infer<typeof exportSourceSchema>;

export const exportRecordSchema = z.object({
  id: idSchema,
  kind: z.enum(['dataset', 'bundle', 'bundle-import']),
  format: z.string(),
  fileType: z.string(),
  folder: z.string(),
  rows: z.number().int().nonnegative(),
  taskSetNames: z.array(z.string()),
  createdAt: z.string(),
});
export type ExportRecord = z.infer<typeof exportRecordSchema>;

export const exportPreviewSchema = z.object({
  /** The first rows exactly as the file will hold them: JSON lines, or CSV lines (header first). Parquet shows JSON lines of the same values. */
  lines: z.array(z.string()),
  shownAs: z.enum(['jsonl', 'csv']),
  columns: z.array(z.string()),
  counts: exportCountsSchema,
  /** Where Export writes when no folder is given. */
  defaultFolder: z.string(),
});
export type ExportPreview = z.infer<typeof exportPreviewSchema>;

export const exportResultSchema = z.object({
  exportId: idSchema,
  /** Absolute. */
  folder: z.string(),
  manifest: exportManifestSchema,
});
export type ExportResult = z.infer<typeof exportResultSchema>;

// ---------------------------------------------------------------------------------------------
// Annotation bundles: judgments (every revision, retractions included) travel between workspaces.

export const bundleManifestSchema = z.object({
  kind: z.literal('arbiter-annotation-bundle'),
  bundleVersion: z.literal(1),
  tool: z.object({ name: z.string(), version: z.string() }),
  /** sha256 of the judgment file: the same judgments give the same id. */
  bundleId: z.string().regex(/^[0-9a-f]{64}$/),
  annotators: z.array(z.object({ id: idSchema, name: z.string(), kind: z.enum(['human', 'llm']) })).max(10_000),
  taskSets: z.array(z.object({ id: idSchema, name: z.string(), kind: taskKindSchema, items: z.number().int().nonnegative() })).max(10_000),
  counts: z.object({ judgments: z.number().int().nonnegative(), annotators: z.number().int().nonnegative() }),
  files: z
    .array(z.object({ path: z.enum(['judgments.parquet', 'annotators.parquet']), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/), rows: z.number().int().nonnegative() }))
    .length(2),
});
export type BundleManifest = z.infer<typeof bundleManifestSchema>;

export const bundleResultSchema = z.object({
  folder: z.string(),
  bundleId: z.string(),
  judgments: z.number().int().nonnegative(),
  annotators: z.array(z.string()),
  taskSets: z.array(z.string()),
});
export type BundleResult = z.infer<typeof bundleResultSchema>;

export const bundleImportResultSchema = z.object({
  bundleId: z.string(),
  /** Judgment rows in the bundle, and what became of them. */
  inBundle: z.number().int().nonnegative(),
  added: z.number().int().nonnegative(),
  /** Already in this workspace (the same ids): importing twice changes nothing. */
  duplicates: z.number().int().nonnegative(),
  /** The same judgment changed in both workspaces: the newest edit is current, the other is in the audit log. */
  conflicts: z.number().int().nonnegative(),
  conflictsWonByBundle: z.number().int().nonnegative(),
  annotatorsAdded: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type BundleImportResult = z.infer<typeof bundleImportResultSchema>;

export const exportMethods = {
  sources: method({
    summary: 'Task sets that can be exported, with their judgment counts, and the annotators (for bundles).',
    input: z.object({}),
    output: z.object({
      taskSets: z.array(exportSourceSchema),
      annotators: z.array(z.object({ id: idSchema, name: z.string(), kind: z.enum(['human', 'llm']), judgments: z.number().int().nonnegative() })),
      exportsFolder: z.string(),
    }),
  }),
  preview: method({
    summary: 'The first rows exactly as an export with these options would write them, and the counts.',
    input: z.object({ options: exportOptionsSchema, limit: z.number().int().min(1).max(100).default(5) }),
    output: exportPreviewSchema,
  }),
  write: method({
    summary: 'Write an export folder: data files per split, manifest.json and a dataset card (README.md).',
    input: z.object({
      options: exportOptionsSchema,
      /** null: a folder named after the task sets and format under the workspace's exports/ folder. */
      folder: folderSchema.nullable().default(null),
      /** Replace a folder that already holds files. */
      overwrite: z.boolean().default(false),
    }),
    output: exportResultSchema,
  }),
  list: method({ summary: 'Exports, bundles and bundle imports made in this workspace, newest first.', input: z.object({}), output: z.array(exportRecordSchema) }),
  writeBundle: method({
    summary: 'Write an annotation bundle (judgments.parquet, annotators.parquet, manifest.json) of one annotator’s judgments, or everyone’s.',
    input: z.object({
      annotatorId: idSchema.nullable().default(null),
      /** Empty: every task set the annotator judged. */
      taskSetIds: z.array(idSchema).max(50).default([]),
      folder: folderSchema.nullable().default(null),
      overwrite: z.boolean().default(false),
    }),
    output: bundleResultSchema,
  }),
  importBundle: method({
    summary: 'Import an annotation bundle: all or nothing, idempotent, annotators kept; a malformed or partial bundle is refused.',
    input: z.object({ folder: folderSchema }),
    output: bundleImportResultSchema,
  }),
};
