import { z } from 'zod';
import { method } from './define.js';
import { generationErrorSchema, finishReasonSchema, samplingParamsSchema } from './generation.js';
import { runAlertsSchema } from './monitor.js';
import { chatMessageSchema } from './prompts.js';
import { scorerListSchema } from './scoring.js';

const idSchema = z.string().min(1).max(100);

/** Limits on what a run may spend; null: no limit. The run pauses before work that would pass one. */
export const experimentBudgetSchema = z.object({
  maxCostUsd: z.number().positive().nullable().default(null),
  maxTokens: z.number().int().positive().nullable().default(null),
});
export type ExperimentBudget = z.output<typeof experimentBudgetSchema>;

export const experimentModelSchema = z.object({ modelId: idSchema, params: samplingParamsSchema });

/** The matrix: prompt versions × models (each with its sampling parameters) × dataset rows × samples. */
export const experimentConfigSchema = z.object({
  name: z.string().trim().min(1).max(200),
  promptVersionIds: z.array(idSchema).min(1).max(50),
  models: z.array(experimentModelSchema).min(1).max(50),
  datasetVersionId: idSchema,
  samples: z.number().int().min(1).max(100).default(1),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
  budget: experimentBudgetSchema.default({ maxCostUsd: null, maxTokens: null }),
  /** Concurrent requests per remote endpoint. */
  remoteConcurrency: z.number().int().min(1).max(256).default(8),
  /** Retries of a failed cell (429, 5xx, timeouts, dropped connections) before it is recorded as failed. */
  maxRetries: z.number().int().min(0).max(10).default(4),
  /** Longest wait for a model's first or next token before the attempt counts as timed out (and is retried). */
  timeoutSeconds: z.number().int().min(1).max(3600).default(120),
  /** Automatic checks run on every generation as it is stored. Absent (as in configs stored before scoring): none. */
  scorers: scorerListSchema.optional(),
  /** Thresholds that raise an alert during a run. Absent: none. */
  alerts: runAlertsSchema.optional(),
});
export type ExperimentConfig = z.output<typeof experimentConfigSchema>;
export type ExperimentConfigInput = z.input<typeof experimentConfigSchema>;

export const experimentEstimateSchema = z.object({
  cells: z.number().int().nonnegative(),
  generations: z.number().int().nonnegative(),
  /** null when some model has no prices. */
  estimatedCostUsd: z.number().nonnegative().nullable(),
  estimatedTokens: z.number().int().nonnegative(),
  /** Why it cannot run, e.g. 'Prompt “Summarizer” v3 needs {{ audience }}, which the dataset lacks.' Empty: runnable. */
  problems: z.array(z.string()),
});
export type ExperimentEstimate = z.infer<typeof experimentEstimateSchema>;

export const experimentStateSchema = z.enum(['draft', 'running', 'paused', 'cancelled', 'interrupted', 'completed']);
export type ExperimentState = z.infer<typeof experimentStateSchema>;

export const experimentProgressSchema = z.object({
  experimentId: idSchema,
  state: experimentStateSchema,
  total: z.number().int().nonnegative(),
  succeeded: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  cached: z.number().int().nonnegative(),
  inFlight: z.number().int().nonnegative(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  tokensPerSecond: z.number().nonnegative().nullable(),
  etaSeconds: z.number().nonnegative().nullable(),
  /** Why the run paused or stopped (budget reached, cancelled, interrupted by a crash). */
  message: z.string().nullable(),
});
export type ExperimentProgress = z.infer<typeof experimentProgressSchema>;

export const experimentSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  state: experimentStateSchema,
  createdAt: z.string(),
  config: experimentConfigSchema,
  estimate: experimentEstimateSchema,
  progress: experimentProgressSchema,
});
export type ExperimentSummary = z.infer<typeof experimentSummarySchema>;

/** One stored generation: everything needed to reproduce and judge it. */
export const generationRecordSchema = z.object({
  id: idSchema,
  experimentId: idSchema,
  promptVersionId: idSchema,
  modelId: idSchema,
  rowId: z.string(),
  sampleIndex: z.number().int().nonnegative(),
  seed: z.number().int(),
  messages: z.array(chatMessageSchema),
  params: samplingParamsSchema,
  output: z.string(),
  finishReason: finishReasonSchema,
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  latencyMs: z.number().nonnegative(),
  timeToFirstTokenMs: z.number().nonnegative().nullable(),
  costUsd: z.number().nonnegative().nullable(),
  error: generationErrorSchema.nullable(),
  cached: z.boolean(),
  attempts: z.number().int().positive(),
  createdAt: z.string(),
});
export type GenerationRecord = z.infer<typeof generationRecordSchema>;

export const experimentMethods = {
  list: method({ summary: 'Every experiment, newest first.', input: z.object({}), output: z.array(experimentSummarySchema) }),
  get: method({ summary: 'One experiment with its progress.', input: z.object({ id: idSchema }), output: experimentSummarySchema }),
  estimate: method({
    summary: 'Size, estimated cost and any reason the matrix cannot run, before anything is created.',
    input: experimentConfigSchema,
    output: experimentEstimateSchema,
  }),
  create: method({ summary: 'Save an experiment (refused with reasons if it cannot run).', input: experimentConfigSchema, output: experimentSummarySchema }),
  start: method({
    summary: 'Run (or resume) an experiment: only cells without a stored generation run. fresh: ignore the cache.',
    input: z.object({
      id: idSchema,
      fresh: z.boolean().default(false),
      /** Replaces the experiment's budget first, e.g. to raise it after the run paused at it. */
      budget: experimentBudgetSchema.optional(),
    }),
    output: experimentSummarySchema,
  }),
  cancel: method({ summary: 'Stop in-flight work within a second; finished cells stay.', input: z.object({ id: idSchema }), output: experimentSummarySchema }),
  results: method({
    summary: 'A page of stored generations, in matrix order.',
    input: z.object({ id: idSchema, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(5000).default(500) }),
    output: z.object({ generations: z.array(generationRecordSchema), total: z.number().int().nonnegative() }),
  }),
};

export const experimentEvents = {
  'experiment.progress': experimentProgressSchema,
  'experiment.generation': generationRecordSchema,
};
