import { z } from 'zod';
import { method } from './define.js';
import { variantSchema } from './labeling.js';

const idSchema = z.string().min(1).max(100);

export const leaderboardEntrySchema = z.object({
  variant: variantSchema,
  /**
   * Pairwise and ranking sets: Bradley-Terry, 400 points per factor of 10 in odds, centred on 1000
   * (ties and both-bad count as half a win each). Rubric sets: the mean score over all criteria.
   * low/high: the 95% bootstrap interval of the same number.
   */
  rating: z.number(),
  low: z.number(),
  high: z.number(),
  /** 1 + the variants whose interval lies wholly above this one's: overlapping intervals share a rank. */
  rank: z.number().int().positive(),
  wins: z.number().nonnegative(),
  losses: z.number().nonnegative(),
  ties: z.number().nonnegative(),
  bothBad: z.number().nonnegative(),
  comparisons: z.number().int().nonnegative(),
  /** (wins + ties / 2) / comparisons; null without comparisons. */
  winRate: z.number().nullable(),
});
export type LeaderboardEntry = z.infer<typeof leaderboardEntrySchema>;

export const agreementPairSchema = z.object({
  /** Annotator names. */
  annotatorA: z.string(),
  annotatorB: z.string(),
  items: z.number().int().nonnegative(),
  percent: z.number().nullable(),
  kappa: z.number().nullable(),
});

export const agreementSchema = z.object({
  /** Units judged by at least two annotators. */
  items: z.number().int().nonnegative(),
  annotators: z.number().int().nonnegative(),
  percent: z.number().nullable(),
  /** Krippendorff's alpha: nominal for pairwise choices and rankings' winners, ordinal for rubric scores. */
  alpha: z.number().nullable(),
  alphaLevel: z.enum(['nominal', 'ordinal']),
  pairs: z.array(agreementPairSchema),
  /** Rubric task sets: alpha (ordinal) per criterion. */
  criteria: z.array(z.object({ criterion: z.string(), items: z.number().int().nonnegative(), alpha: z.number().nullable(), percent: z.number().nullable() })),
});
export type Agreement = z.infer<typeof agreementSchema>;

export const judgeReportSchema = z.object({
  annotatorId: idSchema,
  name: z.string(),
  modelId: idSchema.nullable(),
  /** Items the judge gave a verdict in both orders. */
  items: z.number().int().nonnegative(),
  /** Share of those items whose verdict changed when the outputs swapped places. */
  flipRate: z.number().nullable(),
  /** Answers that could not be read as a verdict. */
  unparsed: z.number().int().nonnegative(),
  /** Items with a human majority that the judge also judged consistently. */
  comparedWithHumans: z.number().int().nonnegative(),
  agreementWithHumans: z.number().nullable(),
});
export type JudgeReport = z.infer<typeof judgeReportSchema>;

export const leaderboardSchema = z.object({
  taskSetId: idSchema,
  kind: z.enum(['pairwise', 'ranking', 'rubric']),
  entries: z.array(leaderboardEntrySchema),
  /** winRate[i][j]: share of i's comparisons with j that i won (ties half); null when they never met. Same order as entries. */
  matrix: z.object({ winRate: z.array(z.array(z.number().nullable())), games: z.array(z.array(z.number().int().nonnegative())) }),
  /** Human votes only, whatever includeJudges says (a judge's own bias is its flip rate). */
  positionBias: z.object({
    /** Decisive pairwise judgments (a winner, not tie or both bad). */
    decisive: z.number().int().nonnegative(),
    firstWins: z.number().int().nonnegative(),
    /** Share of decisive judgments won by the left (first shown) output; null without any. */
    firstWinRate: z.number().nullable(),
    /** Two-sided binomial test against 0.5. */
    pValue: z.number().nullable(),
  }),
  agreement: agreementSchema,
  /** Rubric: mean score per variant and criterion. */
  rubric: z.array(z.object({ variantKey: z.string(), criterion: z.string(), mean: z.number().nullable(), count: z.number().int().nonnegative() })),
  judges: z.array(judgeReportSchema),
  judgments: z.object({ human: z.number().int().nonnegative(), llm: z.number().int().nonnegative(), adjudicated: z.number().int().nonnegative() }),
  resamples: z.number().int().nonnegative(),
  includedJudges: z.boolean(),
});
export type Leaderboard = z.infer<typeof leaderboardSchema>;

export const leaderboardMethods = {
  get: method({
    summary: 'Win rates, Bradley-Terry ratings with bootstrap intervals, position bias and agreement for a task set.',
    input: z.object({
      taskSetId: idSchema,
      /** Count LLM-judge verdicts as votes too (never by default). */
      includeJudges: z.boolean().default(false),
      resamples: z.number().int().min(0).max(10_000).default(1000),
      seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
    }),
    output: leaderboardSchema,
  }),
};

// ---------------------------------------------------------------------------------------------
// LLM as judge

export const defaultJudgePrompt = `Please act as an impartial judge and evaluate the quality of the responses provided by two AI assistants to the user question displayed below. Choose the assistant that follows the user's instructions and answers the user's question better. Consider helpfulness, relevance, accuracy, depth and level of detail. Do not let the order in which the responses were presented, their length, or the names of the assistants influence your decision. Be as objective as possible.

{% if reference %}[Reference answer]
{{ reference }}

{% endif %}[User question]
{{ question }}

[The start of Assistant A's answer]
{{ answer_a }}
[The end of Assistant A's answer]

[The start of Assistant B's answer]
{{ answer_b }}
[The end of Assistant B's answer]

After a short explanation, output your final verdict by strictly following this format: "[[A]]" if assistant A is better, "[[B]]" if assistant B is better, and "[[C]]" for a tie.`;

export const judgeRunSchema = z.object({
  taskSetId: idSchema,
  annotatorId: idSchema,
  modelId: idSchema,
  state: z.enum(['running', 'completed', 'cancelled', 'failed']),
  /** Verdicts to ask for: two per item (both orders). */
  total: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  message: z.string().nullable(),
});
export type JudgeRun = z.infer<typeof judgeRunSchema>;

export const judgeMethods = {
  defaultPrompt: method({ summary: 'The judge prompt a new run starts from (Jinja: question, answer_a, answer_b, reference).', input: z.object({}), output: z.object({ prompt: z.string() }) }),
  start: method({
    summary:
      'A model judges every pairwise item of a task set in both orders; verdicts are stored apart from human ones. A model with an edited prompt is a judge of its own (its own annotator), so changing the prompt judges afresh; starting the same judge again fills only what is missing.',
    input: z.object({
      taskSetId: idSchema,
      modelId: idSchema,
      prompt: z.string().min(1).max(50_000).default(defaultJudgePrompt),
      maxTokens: z.number().int().min(1).max(8192).default(512),
    }),
    output: judgeRunSchema,
  }),
  cancel: method({ summary: 'Stop a judge run; verdicts given so far stay.', input: z.object({ taskSetId: idSchema, modelId: idSchema }), output: judgeRunSchema }),
  runs: method({ summary: 'Judge runs of a task set, running or finished in this session.', input: z.object({ taskSetId: idSchema }), output: z.array(judgeRunSchema) }),
};

export const judgeEvents = {
  'judge.progress': judgeRunSchema,
};
