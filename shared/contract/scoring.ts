import { z } from 'zod';
import { method } from './define.js';

const idSchema = z.string().min(1).max(100);

/**
 * Every kind of automatic check, one registry (after promptfoo's assertions): the backend keeps a
 * `Record<ScorerKind, Handler>`, so a kind without a handler does not compile.
 */
export const scorerKinds = [
  'equals',
  'contains',
  'contains-any',
  'contains-all',
  'regex',
  'starts-with',
  'is-json',
  'json-schema',
  'length',
  'refusal',
  'latency',
  'cost',
  'bleu',
  'rouge-l',
  'chrf',
  'levenshtein',
  'groundedness',
  'relevance',
  'llm-rubric',
  'javascript',
] as const;
export const scorerKindSchema = z.enum(scorerKinds);
export type ScorerKind = z.infer<typeof scorerKindSchema>;

/** A scorer's name: its column in the grid, its key in the gate file. Default: its kind. */
const scorerNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.:-]*$/u, 'letters, digits, spaces, _ . : - only');

const base = { name: scorerNameSchema.optional() };
const caseOption = { ignoreCase: z.boolean().default(false) };
/** Similarity scorers pass at or above this score (0 to 1). */
const threshold = (fallback: number) => ({ threshold: z.number().min(0).max(1).default(fallback) });
/** The model that judges, and what counts as a pass of its 0-to-1 score. */
const judge = { modelId: idSchema, ...threshold(0.5) };

export const scorerConfigSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('equals'),
    ...base,
    /** Absent: the row's reference answer. */
    value: z.string().max(100_000).optional(),
    ...caseOption,
    /** Compare without leading and trailing whitespace. */
    trim: z.boolean().default(true),
  }),
  z.object({ kind: z.literal('contains'), ...base, value: z.string().min(1).max(10_000), ...caseOption }),
  z.object({ kind: z.literal('contains-any'), ...base, values: z.array(z.string().min(1).max(10_000)).min(1).max(200), ...caseOption }),
  z.object({ kind: z.literal('contains-all'), ...base, values: z.array(z.string().min(1).max(10_000)).min(1).max(200), ...caseOption }),
  z.object({ kind: z.literal('regex'), ...base, pattern: z.string().min(1).max(2_000), flags: z.string().regex(/^[imsu]*$/, 'flags: i, m, s, u').default('') }),
  z.object({ kind: z.literal('starts-with'), ...base, value: z.string().min(1).max(10_000), ...caseOption }),
  z.object({ kind: z.literal('is-json'), ...base }),
  z.object({ kind: z.literal('json-schema'), ...base, schema: z.record(z.string(), z.unknown()) }),
  z.object({
    kind: z.literal('length'),
    ...base,
    min: z.number().int().min(0).nullable().default(null),
    max: z.number().int().min(0).nullable().default(null),
    unit: z.enum(['characters', 'words', 'tokens']).default('characters'),
  }),
  /** Passes when the model answered; `expectRefusal` flips it, for prompts it should refuse. */
  z.object({ kind: z.literal('refusal'), ...base, expectRefusal: z.boolean().default(false) }),
  z.object({ kind: z.literal('latency'), ...base, maxMs: z.number().positive() }),
  z.object({ kind: z.literal('cost'), ...base, maxUsd: z.number().nonnegative() }),
  z.object({ kind: z.literal('bleu'), ...base, ...threshold(0.3) }),
  z.object({ kind: z.literal('rouge-l'), ...base, ...threshold(0.5) }),
  z.object({ kind: z.literal('chrf'), ...base, ...threshold(0.5) }),
  z.object({ kind: z.literal('levenshtein'), ...base, ...threshold(0.8), ...caseOption }),
  z.object({ kind: z.literal('groundedness'), ...base, ...judge }),
  z.object({ kind: z.literal('relevance'), ...base, ...judge }),
  z.object({ kind: z.literal('llm-rubric'), ...base, ...judge, rubric: z.string().trim().min(1).max(20_000) }),
  /**
   * `code` is the body of `function (output, context)`; it returns a boolean, a number from 0 to 1,
   * or `{ pass, score, reason }`. It runs in a QuickJS sandbox: no Node, no network, no files.
   */
  z.object({ kind: z.literal('javascript'), ...base, code: z.string().min(1).max(50_000), timeoutMs: z.number().int().min(10).max(5_000).default(250) }),
]);
export type ScorerConfig = z.output<typeof scorerConfigSchema>;
export type ScorerConfigInput = z.input<typeof scorerConfigSchema>;

export function scorerName(scorer: { kind: ScorerKind; name?: string | undefined }): string {
  return scorer.name ?? scorer.kind;
}

/** An experiment's scorers: names must differ, since a score is stored under its scorer's name. */
export const scorerListSchema = z
  .array(scorerConfigSchema)
  .max(30)
  .superRefine((scorers, ctx) => {
    const seen = new Set<string>();
    scorers.forEach((scorer, index) => {
      const name = scorerName(scorer);
      if (seen.has(name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `two scorers are called “${name}”; give one a name` });
      seen.add(name);
    });
  });

/** What one scorer says about one generation. `error`: it could not decide (and pass is false). */
export const scoreResultSchema = z.object({
  pass: z.boolean(),
  /** 0 to 1; null when the scorer could not run. */
  score: z.number().min(0).max(1).nullable(),
  reason: z.string(),
  error: z.string().nullable().default(null),
});
export type ScoreResult = z.output<typeof scoreResultSchema>;

export const scoreRecordSchema = scoreResultSchema.extend({
  generationId: idSchema,
  experimentId: idSchema,
  scorer: z.string(),
  kind: scorerKindSchema,
});
export type ScoreRecord = z.infer<typeof scoreRecordSchema>;

/** How far scoring of an experiment has got. LLM judges take time; the rest scores as results arrive. */
export const scoringStatusSchema = z.object({
  experimentId: idSchema,
  scorers: z.array(z.string()),
  /** Successful generations × scorers. */
  expected: z.number().int().nonnegative(),
  scored: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  running: z.boolean(),
});
export type ScoringStatus = z.infer<typeof scoringStatusSchema>;

/** For the scorer editor: what each kind needs, in words. */
export const scorerCatalog: Record<ScorerKind, { label: string; group: 'Match' | 'Format' | 'Limits' | 'Similarity' | 'LLM judge' | 'Custom'; needs: 'reference' | 'context' | 'model' | null; summary: string }> = {
  equals: { label: 'Equals', group: 'Match', needs: null, summary: 'The output is exactly a text (default: the reference).' },
  contains: { label: 'Contains', group: 'Match', needs: null, summary: 'The output contains a text.' },
  'contains-any': { label: 'Contains any', group: 'Match', needs: null, summary: 'The output contains at least one of several texts.' },
  'contains-all': { label: 'Contains all', group: 'Match', needs: null, summary: 'The output contains every one of several texts.' },
  regex: { label: 'Regex', group: 'Match', needs: null, summary: 'The output matches a regular expression.' },
  'starts-with': { label: 'Starts with', group: 'Match', needs: null, summary: 'The output starts with a text.' },
  'is-json': { label: 'Valid JSON', group: 'Format', needs: null, summary: 'The output parses as JSON (a ```json fence is allowed).' },
  'json-schema': { label: 'JSON Schema', group: 'Format', needs: null, summary: 'The output is JSON that conforms to a JSON Schema.' },
  length: { label: 'Length', group: 'Format', needs: null, summary: 'Characters, words or tokens within bounds.' },
  refusal: { label: 'Not a refusal', group: 'Format', needs: null, summary: 'The model answered instead of refusing.' },
  latency: { label: 'Latency', group: 'Limits', needs: null, summary: 'Finished within a time.' },
  cost: { label: 'Cost', group: 'Limits', needs: null, summary: 'Cost at most an amount.' },
  bleu: { label: 'BLEU', group: 'Similarity', needs: 'reference', summary: 'BLEU against the reference (sacreBLEU, 0 to 1).' },
  'rouge-l': { label: 'ROUGE-L', group: 'Similarity', needs: 'reference', summary: 'ROUGE-L F1 against the reference.' },
  chrf: { label: 'chrF', group: 'Similarity', needs: 'reference', summary: 'Character n-gram F-score against the reference.' },
  levenshtein: { label: 'Levenshtein', group: 'Similarity', needs: 'reference', summary: '1 − edit distance ÷ length, against the reference.' },
  groundedness: { label: 'Groundedness', group: 'LLM judge', needs: 'model', summary: 'A judge model rates how well the context supports the output.' },
  relevance: { label: 'Relevance', group: 'LLM judge', needs: 'model', summary: 'A judge model rates how well the output answers the question.' },
  'llm-rubric': { label: 'LLM rubric', group: 'LLM judge', needs: 'model', summary: 'A judge model scores the output against your rubric.' },
  javascript: { label: 'JavaScript', group: 'Custom', needs: null, summary: 'Your function, in a sandbox with a time limit.' },
};

export const scoringMethods = {
  configure: method({
    summary: 'Replace an experiment’s scorers and score every stored generation with them again.',
    input: z.object({ experimentId: idSchema, scorers: scorerListSchema }),
    output: scoringStatusSchema,
  }),
  status: method({ summary: 'How far scoring of an experiment has got.', input: z.object({ experimentId: idSchema }), output: scoringStatusSchema }),
  scores: method({
    summary: 'A page of an experiment’s scores.',
    input: z.object({ experimentId: idSchema, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(20_000).default(5_000) }),
    output: z.object({ scores: z.array(scoreRecordSchema), total: z.number().int().nonnegative() }),
  }),
  rows: method({
    summary: 'The dataset rows (by index) where some generation fails, or every scored one passes: what the grid’s score filter shows.',
    input: z.object({ experimentId: idSchema, outcome: z.enum(['fail', 'pass']), scorer: z.string().max(60).nullable().default(null) }),
    output: z.object({ rowIndices: z.array(z.number().int().nonnegative()) }),
  }),
  test: method({
    summary: 'Try one scorer on a text, without storing anything.',
    input: z.object({
      scorer: scorerConfigSchema,
      output: z.string().max(200_000),
      reference: z.string().max(200_000).nullable().default(null),
      context: z.string().max(200_000).nullable().default(null),
      question: z.string().max(200_000).default(''),
    }),
    output: scoreResultSchema,
  }),
};

export const scoringEvents = {
  /** Scores committed for some generations of an experiment. */
  'scoring.scores': z.object({ experimentId: idSchema, scores: z.array(scoreRecordSchema) }),
  'scoring.status': scoringStatusSchema,
};
