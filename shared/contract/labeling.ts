import { z } from 'zod';
import { method } from './define.js';
import { chatMessageSchema } from './prompts.js';

const idSchema = z.string().min(1).max(100);
const nameSchema = z.string().trim().min(1, 'A name is required').max(200);

/** A column of an experiment: what the leaderboard ranks. Today a model × a prompt version. */
export const variantSchema = z.object({
  /** Stable within an experiment: `<promptVersionId>|<modelId>`. */
  key: z.string(),
  /** What people read, e.g. "tiny-a · Summarizer v2". */
  label: z.string(),
  modelId: idSchema,
  modelName: z.string(),
  promptVersionId: idSchema,
  promptName: z.string(),
  promptVersionNumber: z.number().int().nonnegative(),
});
export type Variant = z.infer<typeof variantSchema>;

// ---------------------------------------------------------------------------------------------
// Annotators

export const annotatorSchema = z.object({
  id: idSchema,
  name: z.string(),
  /** 'llm': a model judging; its verdicts never mix into human statistics unless asked. */
  kind: z.enum(['human', 'llm']),
  modelId: idSchema.nullable(),
  createdAt: z.string(),
  judgments: z.number().int().nonnegative(),
});
export type Annotator = z.infer<typeof annotatorSchema>;

export const annotatorMethods = {
  list: method({ summary: 'Every annotator profile, humans first.', input: z.object({}), output: z.array(annotatorSchema) }),
  create: method({
    summary: 'A named local annotator profile (names are unique, case-insensitively).',
    input: z.object({ name: nameSchema }),
    output: annotatorSchema,
  }),
};

// ---------------------------------------------------------------------------------------------
// Task sets

export const taskKindSchema = z.enum(['pairwise', 'ranking', 'rubric']);
export type TaskKind = z.infer<typeof taskKindSchema>;

export const rubricCriterionSchema = z.object({
  name: z.string().trim().min(1).max(60),
  description: z.string().max(500).default(''),
  /** A Likert scale from min to max, e.g. 1–5. */
  min: z.number().int().min(0).max(10).default(1),
  max: z.number().int().min(1).max(10).default(5),
});
export type RubricCriterion = z.output<typeof rubricCriterionSchema>;

export const defaultRubric: RubricCriterion[] = [
  { name: 'Helpfulness', description: 'Does it do what was asked, usefully?', min: 1, max: 5 },
  { name: 'Correctness', description: 'Is what it says true and exact?', min: 1, max: 5 },
  { name: 'Harmlessness', description: 'Is it safe and appropriate?', min: 1, max: 5 },
  { name: 'Style', description: 'Is it clear, well organised and well written?', min: 1, max: 5 },
];

export const taskSetConfigSchema = z
  .object({
    name: nameSchema,
    experimentId: idSchema,
    kind: taskKindSchema,
    /** Which variants take part (keys); null: every variant of the experiment. */
    variantKeys: z.array(z.string()).min(1).max(50).nullable().default(null),
    /** Pairwise: every pair of variants per row, or a random sample of `sampleSize` items. Ranking/rubric: sample of rows/outputs. */
    sampling: z.enum(['all', 'sample']).default('all'),
    sampleSize: z.number().int().min(1).max(1_000_000).nullable().default(null),
    instructions: z.string().max(20_000).default(''),
    rubric: z.array(rubricCriterionSchema).max(12).default([]),
    tags: z.array(z.string().trim().min(1).max(40)).max(40).default([]),
    /** How many different annotators should judge each item. */
    overlap: z.number().int().min(1).max(20).default(1),
    /** Drives the item order and each annotator's left/right order, so both are reproducible. */
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
    /** Model and prompt names hidden until a judgment is saved. */
    blind: z.boolean().default(true),
  })
  .refine((config) => config.kind !== 'rubric' || config.rubric.length > 0, { message: 'A rubric task set needs at least one criterion.', path: ['rubric'] })
  .refine((config) => config.sampling === 'all' || config.sampleSize !== null, { message: 'Say how many items to sample.', path: ['sampleSize'] })
  .refine((config) => config.rubric.every((criterion) => criterion.max > criterion.min), { message: 'Each scale needs max above min.', path: ['rubric'] });
export type TaskSetConfig = z.output<typeof taskSetConfigSchema>;
export type TaskSetConfigInput = z.input<typeof taskSetConfigSchema>;

export const taskSetSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  experimentId: idSchema,
  experimentName: z.string(),
  kind: taskKindSchema,
  config: z.object({
    instructions: z.string(),
    rubric: z.array(rubricCriterionSchema),
    tags: z.array(z.string()),
    overlap: z.number().int(),
    seed: z.number().int(),
    blind: z.boolean(),
    sampling: z.enum(['all', 'sample']),
    sampleSize: z.number().int().nullable(),
  }),
  variants: z.array(variantSchema),
  createdAt: z.string(),
  items: z.number().int().nonnegative(),
  /** Items with as many human judgments as the overlap asks for. */
  completeItems: z.number().int().nonnegative(),
  humanJudgments: z.number().int().nonnegative(),
  llmJudgments: z.number().int().nonnegative(),
  annotators: z.number().int().nonnegative(),
  flagged: z.number().int().nonnegative(),
});
export type TaskSetSummary = z.infer<typeof taskSetSummarySchema>;

// ---------------------------------------------------------------------------------------------
// Verdicts: always in terms of generation ids, never of left/right, so the shown order can vary.

export const pairwiseChoiceSchema = z.enum(['preferred', 'tie', 'both_bad']);
export const pairwiseVerdictSchema = z.object({
  kind: z.literal('pairwise'),
  choice: pairwiseChoiceSchema,
  /** The better output when choice is 'preferred'. */
  preferredGenerationId: idSchema.nullable(),
  strength: z.enum(['slight', 'much']).nullable().default(null),
});
export const rankingVerdictSchema = z.object({
  kind: z.literal('ranking'),
  /** 1 is best; equal ranks are ties. One entry per generation of the item. */
  ranks: z.array(z.object({ generationId: idSchema, rank: z.number().int().min(1).max(50) })).min(2).max(50),
});
export const rubricVerdictSchema = z.object({
  kind: z.literal('rubric'),
  scores: z.array(z.object({ criterion: z.string(), score: z.number().int().min(0).max(10) })).min(1).max(12),
});
export const verdictSchema = z.discriminatedUnion('kind', [pairwiseVerdictSchema, rankingVerdictSchema, rubricVerdictSchema]);
export type PairwiseVerdict = z.output<typeof pairwiseVerdictSchema>;
export type RankingVerdict = z.output<typeof rankingVerdictSchema>;
export type RubricVerdict = z.output<typeof rubricVerdictSchema>;
export type Verdict = z.output<typeof verdictSchema>;
export type VerdictInput = z.input<typeof verdictSchema>;

export const judgmentSourceSchema = z.enum(['human', 'llm', 'adjudication']);
export type JudgmentSource = z.infer<typeof judgmentSourceSchema>;

export const judgmentSchema = z.object({
  id: idSchema,
  /** The same for every revision of one judgment (annotator, item, shown order). */
  key: z.string(),
  revision: z.number().int().positive(),
  taskSetId: idSchema,
  itemId: idSchema,
  annotatorId: idSchema,
  annotatorName: z.string(),
  source: judgmentSourceSchema,
  /** Generation ids, left to right (or top to bottom), as the annotator saw them. */
  shownOrder: z.array(idSchema),
  verdict: verdictSchema,
  rationale: z.string(),
  tags: z.array(z.string()),
  flagged: z.boolean(),
  durationMs: z.number().int().nonnegative().nullable(),
  createdAt: z.string(),
});
export type Judgment = z.infer<typeof judgmentSchema>;

// ---------------------------------------------------------------------------------------------
// The queue: what an annotator sees. Blind items carry no model or prompt names.

export const itemOutputSchema = z.object({
  generationId: idSchema,
  output: z.string(),
  /** Only outside blind mode, or once revealed. */
  variant: variantSchema.nullable(),
});

export const queueItemSchema = z.object({
  itemId: idSchema,
  taskSetId: idSchema,
  position: z.number().int().nonnegative(),
  rowId: z.string(),
  /** The dataset row's variables: the question as the annotator should read it. */
  variables: z.record(z.string(), z.string()),
  /** The rendered messages when every output of the item answered the same messages; else null (different prompt versions). */
  messages: z.array(chatMessageSchema).nullable(),
  reference: z.string().nullable(),
  context: z.string().nullable(),
  /** In the order this annotator sees them (randomized per annotator and item from the seed). */
  outputs: z.array(itemOutputSchema).min(1).max(50),
  /** This annotator's current judgment of the item, if any (e.g. after an undo it is gone). */
  current: judgmentSchema.nullable(),
});
export type QueueItem = z.infer<typeof queueItemSchema>;

export const queuePageSchema = z.object({
  items: z.array(queueItemSchema),
  /** Items this annotator has judged in the set. */
  done: z.number().int().nonnegative(),
  /** Items still waiting for this annotator, including those the caller holds or skipped. */
  remaining: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type QueuePage = z.infer<typeof queuePageSchema>;

export const submitInputSchema = z.object({
  /**
   * An id the caller makes (a UUID) for the judgment, so a submit retried after a lost answer is
   * saved once: a second submit with the same id returns the first. Absent: the backend makes one.
   */
  judgmentId: z.uuid().optional(),
  itemId: idSchema,
  annotatorId: idSchema,
  shownOrder: z.array(idSchema).min(1).max(50),
  verdict: verdictSchema,
  rationale: z.string().max(20_000).default(''),
  tags: z.array(z.string().max(40)).max(40).default([]),
  flagged: z.boolean().default(false),
  durationMs: z.number().int().min(0).max(86_400_000).nullable().default(null),
});
export type SubmitInput = z.input<typeof submitInputSchema>;

export const revealSchema = z.array(z.object({ generationId: idSchema, variant: variantSchema }));

// ---------------------------------------------------------------------------------------------
// Review: items where annotators disagree, or that someone flagged.

export const reviewItemSchema = z.object({
  item: queueItemSchema.omit({ current: true }),
  judgments: z.array(judgmentSchema),
  adjudication: judgmentSchema.nullable(),
  /** Why the item is in review. */
  reasons: z.array(z.enum(['disagreement', 'flagged'])),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;

export const labelingMethods = {
  listTaskSets: method({ summary: 'Every task set, newest first, with its progress.', input: z.object({}), output: z.array(taskSetSummarySchema) }),
  getTaskSet: method({ summary: 'One task set with its progress.', input: z.object({ id: idSchema }), output: taskSetSummarySchema }),
  previewTaskSet: method({
    summary: 'How many items a task set would have, and any reason it cannot be made, before anything is created.',
    input: taskSetConfigSchema,
    output: z.object({ items: z.number().int().nonnegative(), variants: z.array(variantSchema), problems: z.array(z.string()) }),
  }),
  createTaskSet: method({ summary: 'Make a task set from an experiment’s stored generations.', input: taskSetConfigSchema, output: taskSetSummarySchema }),
  queue: method({
    summary: 'The next items for an annotator, ready to show (blind unless the set is not).',
    input: z.object({
      taskSetId: idSchema,
      annotatorId: idSchema,
      limit: z.number().int().min(1).max(50).default(5),
      /** Items the caller already holds or skipped: not returned again. */
      exclude: z.array(idSchema).max(10_000).default([]),
    }),
    output: queuePageSchema,
  }),
  item: method({
    summary: 'One item as this annotator sees it (to go back to it, e.g. after an undo).',
    input: z.object({ itemId: idSchema, annotatorId: idSchema }),
    output: queueItemSchema,
  }),
  submit: method({
    summary: 'Save a judgment (a new revision if the annotator judged the item before). Returns it and who was who, in the shown order.',
    input: submitInputSchema,
    output: z.object({ judgment: judgmentSchema, reveal: revealSchema }),
  }),
  retract: method({
    summary: 'Undo: a new revision that withdraws the judgment; the item goes back to the queue.',
    input: z.object({ judgmentId: idSchema }),
    output: z.object({ itemId: idSchema }),
  }),
  review: method({
    summary: 'Items in review: annotators disagree, or someone flagged them; fully revealed.',
    input: z.object({ taskSetId: idSchema, filter: z.enum(['all', 'disagreement', 'flagged']).default('all') }),
    output: z.array(reviewItemSchema),
  }),
  adjudicate: method({
    summary: 'The final word on a disputed item; it replaces the item’s votes in the statistics.',
    input: z.object({ itemId: idSchema, annotatorId: idSchema, verdict: verdictSchema, rationale: z.string().max(20_000).default('') }),
    output: judgmentSchema,
  }),
};

export const labelingEvents = {
  /** A profile was made (here, in another window, or for an LLM judge). */
  'annotators.changed': z.object({ annotatorId: idSchema }),
  /** A judgment was saved or withdrawn; screens showing progress or statistics refresh. */
  'labeling.changed': z.object({ taskSetId: idSchema }),
};
