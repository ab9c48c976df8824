import { z } from 'zod';
import { method } from './define.js';
import { scoreResultSchema } from './scoring.js';

const idSchema = z.string().min(1).max(100);

/** Thresholds that raise an alert while an experiment runs (recorded, and shown as a notice). null: none. */
export const runAlertsSchema = z.object({
  /** Spend so far above this: a warning before the budget (which pauses the run) is reached. */
  maxCostUsd: z.number().positive().nullable().default(null),
  /** The run's 95th percentile latency above this, once 20 generations are in. */
  maxP95LatencyMs: z.number().positive().nullable().default(null),
  /** Failed generations above this share, once 20 are in. */
  maxErrorRate: z.number().min(0).max(1).nullable().default(null),
});
export type RunAlerts = z.output<typeof runAlertsSchema>;

/** Cost, latency, throughput and quality of a set of generations. Rates are 0 to 1; null: nothing to measure. */
export const metricsSchema = z.object({
  generations: z.number().int().nonnegative(),
  succeeded: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  cached: z.number().int().nonnegative(),
  /** Generations that needed more than one attempt. */
  retried: z.number().int().nonnegative(),
  errorRate: z.number().nullable(),
  retryRate: z.number().nullable(),
  cacheHitRate: z.number().nullable(),
  /** Tokens and cost of generated (not cached) results: what was paid. */
  inputTokens: z.number().nonnegative(),
  outputTokens: z.number().nonnegative(),
  /** null when no generation has a price. */
  costUsd: z.number().nullable(),
  latencyP50: z.number().nullable(),
  latencyP95: z.number().nullable(),
  latencyP99: z.number().nullable(),
  ttftP50: z.number().nullable(),
  ttftP95: z.number().nullable(),
  /** Output tokens per second after the first token: their sum over the time after the first token. */
  tokensPerSecond: z.number().nullable(),
  /** Scores: every (generation, scorer) pair counts once. */
  scored: z.number().int().nonnegative(),
  passRate: z.number().nullable(),
  meanScore: z.number().nullable(),
});
export type Metrics = z.infer<typeof metricsSchema>;

export const monitorGroupBySchema = z.enum(['model', 'prompt', 'experiment']);
export type MonitorGroupBy = z.infer<typeof monitorGroupBySchema>;

export const metricsGroupSchema = z.object({
  key: z.string(),
  label: z.string(),
  experimentId: z.string().nullable(),
  modelId: z.string().nullable(),
  promptVersionId: z.string().nullable(),
  metrics: metricsSchema,
});
export type MetricsGroup = z.infer<typeof metricsGroupSchema>;

export const scorerMetricsSchema = z.object({ scorer: z.string(), kind: z.string(), scored: z.number().int(), passRate: z.number().nullable(), meanScore: z.number().nullable(), errors: z.number().int() });
export type ScorerMetrics = z.infer<typeof scorerMetricsSchema>;

/** One point of a trend: a group (model or prompt version) in one experiment, placed at the experiment's time. */
export const trendPointSchema = metricsGroupSchema.extend({ experimentId: z.string(), experimentName: z.string(), at: z.string() });
export type TrendPoint = z.infer<typeof trendPointSchema>;

export const generationStatusFilterSchema = z.enum(['all', 'failed', 'scored-fail', 'scored-pass']);

export const drillScoreSchema = scoreResultSchema.extend({ scorer: z.string() });
export const drillRowSchema = z.object({
  id: z.string(),
  experimentId: z.string(),
  experimentName: z.string(),
  modelId: z.string(),
  modelName: z.string(),
  promptVersionId: z.string(),
  promptLabel: z.string(),
  rowId: z.string(),
  sampleIndex: z.number().int(),
  /** The first 2,000 characters. */
  output: z.string(),
  error: z.string().nullable(),
  latencyMs: z.number(),
  ttftMs: z.number().nullable(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number().nullable(),
  attempts: z.number().int(),
  cached: z.boolean(),
  createdAt: z.string(),
  scores: z.array(drillScoreSchema),
});
export type DrillRow = z.infer<typeof drillRowSchema>;

export const comparedSideSchema = z.object({
  generationId: z.string(),
  output: z.string(),
  error: z.string().nullable(),
  latencyMs: z.number(),
  costUsd: z.number().nullable(),
  outputTokens: z.number().int(),
  passed: z.number().int(),
  failed: z.number().int(),
  meanScore: z.number().nullable(),
  scores: z.array(drillScoreSchema),
});

/** One dataset row (and sample) answered in both experiments, in the same column position. */
export const comparedRowSchema = z.object({
  rowId: z.string(),
  sampleIndex: z.number().int(),
  /** "Capitals v3 × gpt-4o-mini → Capitals v4 × gpt-4o-mini" */
  column: z.string(),
  variables: z.string(),
  reference: z.string().nullable(),
  baseline: comparedSideSchema,
  candidate: comparedSideSchema,
  /** Scorers that passed in the baseline and fail in the candidate (negative: newly passing). */
  lostPasses: z.number().int(),
  scoreDelta: z.number().nullable(),
  latencyDeltaMs: z.number(),
  costDeltaUsd: z.number().nullable(),
  verdict: z.enum(['worse', 'better', 'same']),
});
export type ComparedRow = z.infer<typeof comparedRowSchema>;

export const experimentRefSchema = z.object({ id: z.string(), name: z.string(), createdAt: z.string() });

export const comparisonSchema = z.object({
  baseline: experimentRefSchema,
  candidate: experimentRefSchema,
  metrics: z.object({ baseline: metricsSchema, candidate: metricsSchema }),
  scorers: z.array(z.object({ scorer: z.string(), baseline: scorerMetricsSchema.nullable(), candidate: scorerMetricsSchema.nullable() })),
  paired: z.number().int(),
  worse: z.number().int(),
  better: z.number().int(),
  /** Worst first: lost passes, then the largest drop in score, then the largest rise in latency. */
  rows: z.array(comparedRowSchema),
  /** Why rows could not be paired, if some could not (different datasets, shapes). */
  note: z.string().nullable(),
});
export type Comparison = z.infer<typeof comparisonSchema>;

export const alertKindSchema = z.enum(['budget', 'cost', 'latency', 'error-rate']);
export const alertSchema = z.object({
  id: z.string(),
  experimentId: z.string(),
  experimentName: z.string(),
  kind: alertKindSchema,
  message: z.string(),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  createdAt: z.string(),
});
export type Alert = z.infer<typeof alertSchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  occurredAt: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  /** Who did it: the annotator the change names, when it names one. */
  actor: z.string().nullable(),
  detail: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

const experimentIdsSchema = z.array(idSchema).max(500).default([]);

export const monitorMethods = {
  overview: method({
    summary: 'Cost, latency, throughput and quality of experiments (empty: all), grouped by model, prompt version or experiment.',
    input: z.object({ experimentIds: experimentIdsSchema, groupBy: monitorGroupBySchema.default('model') }),
    output: z.object({
      totals: metricsSchema,
      groups: z.array(metricsGroupSchema),
      scorers: z.array(scorerMetricsSchema),
      /** Above 250,000 generations in scope, percentiles come from a T-digest (within about 1%). */
      approximatePercentiles: z.boolean().default(false),
    }),
  }),
  trend: method({
    summary: 'The same figures per experiment over time, one series per model or prompt version.',
    input: z.object({ experimentIds: experimentIdsSchema, groupBy: z.enum(['model', 'prompt']).default('model'), limit: z.number().int().min(1).max(500).default(100) }),
    output: z.object({ points: z.array(trendPointSchema) }),
  }),
  generations: method({
    summary: 'The generations behind a figure: filtered, sorted, a page at a time, with their scores.',
    input: z.object({
      experimentIds: experimentIdsSchema,
      modelId: idSchema.nullable().default(null),
      promptVersionId: idSchema.nullable().default(null),
      status: generationStatusFilterSchema.default('all'),
      scorer: z.string().max(60).nullable().default(null),
      sort: z.enum(['latency', 'cost', 'score', 'time', 'tokens']).default('latency'),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(50),
    }),
    output: z.object({ rows: z.array(drillRowSchema), total: z.number().int() }),
  }),
  compare: method({
    summary: 'Two experiments side by side: deltas in quality, cost and latency, and the rows that got worse first.',
    input: z.object({ baselineId: idSchema, candidateId: idSchema, limit: z.number().int().min(1).max(2_000).default(200) }),
    output: comparisonSchema,
  }),
  alerts: method({
    summary: 'Alerts raised while experiments ran, newest first.',
    input: z.object({ experimentId: idSchema.nullable().default(null), limit: z.number().int().min(1).max(1_000).default(100) }),
    output: z.array(alertSchema),
  }),
  audit: method({
    summary: 'The audit log, newest first: every change to prompts, models, datasets, experiments, judgments, and every export.',
    input: z.object({ entity: z.string().max(60).nullable().default(null), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1_000).default(100) }),
    output: z.object({ entries: z.array(auditEntrySchema), total: z.number().int(), entities: z.array(z.string()) }),
  }),
  exportAudit: method({
    summary: 'The whole audit log as a CSV or JSON Lines file’s text.',
    input: z.object({ format: z.enum(['csv', 'jsonl']).default('csv') }),
    output: z.object({ fileName: z.string(), content: z.string(), entries: z.number().int() }),
  }),
};

export const monitorEvents = {
  'monitor.alert': alertSchema,
};
