import type { ScoreResult, ScorerConfig, ScorerKind } from '../../../shared/contract/scoring.js';
import { compileJsonSchema, parseJsonOutput } from './json-check.js';
import { judgeScore, type JudgeCall } from './llm-judge.js';
import { isRefusal } from './refusal.js';
import type { ScriptSandbox } from './script-sandbox.js';
import { levenshteinSimilarity, rougeL, sentenceBleu, sentenceChrf } from './text-metrics.js';

/** What a scorer sees of one generation and the dataset row it answered. */
export interface ScoreInput {
  output: string;
  /** The row's reference answer, if the dataset has one. */
  reference: string | null;
  /** The row's context (retrieved passages), if the dataset has one. */
  context: string | null;
  /** The last user message as rendered: what the output answers. */
  question: string;
  variables: Record<string, unknown>;
  latencyMs: number;
  costUsd: number | null;
  inputTokens: number;
  outputTokens: number;
}

/** What the slower scorers need from outside: the sandbox for JavaScript, a model for LLM judges. */
export interface ScoringTools {
  sandbox: () => Promise<ScriptSandbox>;
  judge: JudgeCall;
  signal?: AbortSignal;
}

type Config<K extends ScorerKind> = Extract<ScorerConfig, { kind: K }>;
type Handler<K extends ScorerKind> = (config: Config<K>, input: ScoreInput, tools: ScoringTools) => ScoreResult | Promise<ScoreResult>;

/** One handler per kind: a kind added to the contract without a handler here does not compile. */
export type ScorerRegistry = { readonly [K in ScorerKind]: Handler<K> };

/** Kinds that call a model: they run in their own queue, never in the batch with the fast ones. */
export const judgeKinds: ReadonlySet<ScorerKind> = new Set(['groundedness', 'relevance', 'llm-rubric']);

export const pass = (reason: string, score = 1): ScoreResult => ({ pass: true, score, reason, error: null });
export const fail = (reason: string, score = 0): ScoreResult => ({ pass: false, score, reason, error: null });
/** The scorer could not decide (no reference, a broken schema, a script that threw): recorded, never thrown. */
export const cannotScore = (error: string): ScoreResult => ({ pass: false, score: null, reason: error, error });

const fold = (text: string, ignoreCase: boolean) => (ignoreCase ? text.toLowerCase() : text);

/**
 * `{{ country }}` in an expected text is the row's value of that variable (`{{ reference }}` and
 * `{{ context }}` too), so one scorer checks every row against its own answer. Not Jinja: names only.
 */
export function fillIn(text: string, input: ScoreInput): string {
  if (!text.includes('{{')) return text;
  return text.replace(/\{\{\s*([\p{L}\p{N}_]+)\s*\}\}/gu, (whole, name: string) => {
    const value = name === 'reference' ? input.reference : name === 'context' ? input.context : input.variables[name];
    return value === null || value === undefined ? whole : typeof value === 'string' ? value : JSON.stringify(value);
  });
}
const quote = (text: string) => `“${text.length > 60 ? `${text.slice(0, 57)}…` : text}”`;

const regexCache = new Map<string, RegExp | string>();
function compiledRegex(pattern: string, flags: string): RegExp | string {
  const key = `${flags}/${pattern}`;
  let regex = regexCache.get(key);
  if (regex === undefined) {
    try {
      regex = new RegExp(pattern, flags);
    } catch (error) {
      regex = `The pattern is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(key, regex);
  }
  return regex;
}

function similarity(name: string, value: number, threshold: number): ScoreResult {
  const reason = `${name} ${value.toFixed(3)} ${value >= threshold ? '≥' : '<'} ${threshold}`;
  return value >= threshold ? pass(reason, value) : fail(reason, value);
}

function withReference(input: ScoreInput, score: (reference: string) => ScoreResult): ScoreResult {
  if (input.reference === null) return cannotScore('This row has no reference answer to compare with.');
  return score(input.reference);
}

function countWords(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

export const scorers: ScorerRegistry = {
  equals: (config, input) => {
    const expected = config.value === undefined ? input.reference : fillIn(config.value, input);
    if (expected === null) return cannotScore('No value to compare with: give one, or use a dataset with a reference column.');
    const prepare = (text: string) => fold(config.trim ? text.trim() : text, config.ignoreCase);
    return prepare(input.output) === prepare(expected) ? pass(`Equals ${quote(expected)}`) : fail(`Differs from ${quote(expected)}`);
  },
  contains: (config, input) => {
    const value = fillIn(config.value, input);
    return fold(input.output, config.ignoreCase).includes(fold(value, config.ignoreCase)) ? pass(`Contains ${quote(value)}`) : fail(`Does not contain ${quote(value)}`);
  },
  'contains-any': (config, input) => {
    const output = fold(input.output, config.ignoreCase);
    const values = config.values.map((value) => fillIn(value, input));
    const found = values.find((value) => output.includes(fold(value, config.ignoreCase)));
    return found !== undefined ? pass(`Contains ${quote(found)}`) : fail(`Contains none of ${values.map(quote).join(', ')}`);
  },
  'contains-all': (config, input) => {
    const output = fold(input.output, config.ignoreCase);
    const missing = config.values.map((value) => fillIn(value, input)).filter((value) => !output.includes(fold(value, config.ignoreCase)));
    const score = (config.values.length - missing.length) / config.values.length;
    return missing.length === 0 ? pass(`Contains all ${config.values.length}`) : fail(`Missing ${missing.map(quote).join(', ')}`, score);
  },
  regex: (config, input) => {
    const regex = compiledRegex(config.pattern, config.flags);
    if (typeof regex === 'string') return cannotScore(regex);
    const match = regex.exec(input.output);
    return match ? pass(`Matches /${config.pattern}/ at ${quote(match[0])}`) : fail(`Does not match /${config.pattern}/`);
  },
  'starts-with': (config, input) => {
    const value = fillIn(config.value, input);
    return fold(input.output.trimStart(), config.ignoreCase).startsWith(fold(value, config.ignoreCase)) ? pass(`Starts with ${quote(value)}`) : fail(`Does not start with ${quote(value)}`);
  },
  'is-json': (_config, input) => {
    const parsed = parseJsonOutput(input.output);
    return parsed.ok ? pass('Valid JSON') : fail(`Not JSON: ${parsed.error}`);
  },
  'json-schema': (config, input) => {
    const validate = compileJsonSchema(config.schema);
    if (typeof validate === 'string') return cannotScore(validate);
    const parsed = parseJsonOutput(input.output);
    if (!parsed.ok) return fail(`Not JSON: ${parsed.error}`);
    return validate(parsed.value) ? pass('Conforms to the schema') : fail(`Does not conform: ${validate.describe()}`);
  },
  length: (config, input) => {
    const size = config.unit === 'tokens' ? input.outputTokens : config.unit === 'words' ? countWords(input.output) : Array.from(input.output).length;
    const bounds = `${config.min ?? 0}–${config.max ?? '∞'} ${config.unit}`;
    if (config.min !== null && size < config.min) return fail(`${size} ${config.unit}, below ${bounds}`, config.min > 0 ? size / config.min : 0);
    if (config.max !== null && size > config.max) return fail(`${size} ${config.unit}, above ${bounds}`, size > 0 ? config.max / size : 0);
    return pass(`${size} ${config.unit}, within ${bounds}`);
  },
  refusal: (config, input) => {
    const refused = isRefusal(input.output);
    if (refused === config.expectRefusal) return pass(refused ? 'Refused, as expected' : 'Answered');
    return fail(refused ? `Refused: ${quote(input.output.trim())}` : 'Answered where a refusal was expected');
  },
  latency: (config, input) => {
    const reason = `${Math.round(input.latencyMs)} ms ${input.latencyMs <= config.maxMs ? '≤' : '>'} ${config.maxMs} ms`;
    return input.latencyMs <= config.maxMs ? pass(reason) : fail(reason, Math.min(1, config.maxMs / Math.max(input.latencyMs, 1)));
  },
  cost: (config, input) => {
    if (input.costUsd === null) return cannotScore('This model has no prices, so the cost is unknown.');
    const reason = `$${input.costUsd.toPrecision(3)} ${input.costUsd <= config.maxUsd ? '≤' : '>'} $${config.maxUsd}`;
    return input.costUsd <= config.maxUsd ? pass(reason) : fail(reason, input.costUsd > 0 ? Math.min(1, config.maxUsd / input.costUsd) : 0);
  },
  bleu: (config, input) => withReference(input, (reference) => similarity('BLEU', sentenceBleu(input.output, [reference]), config.threshold)),
  'rouge-l': (config, input) => withReference(input, (reference) => similarity('ROUGE-L', rougeL(reference, input.output).fmeasure, config.threshold)),
  chrf: (config, input) => withReference(input, (reference) => similarity('chrF', sentenceChrf(input.output, [reference]), config.threshold)),
  levenshtein: (config, input) =>
    withReference(input, (reference) =>
      similarity('Levenshtein similarity', levenshteinSimilarity(fold(input.output.trim(), config.ignoreCase), fold(reference.trim(), config.ignoreCase)), config.threshold),
    ),
  groundedness: (config, input, tools) => {
    if (input.context === null) return cannotScore('This row has no context to check the output against.');
    return judgeScore(tools.judge, config.modelId, config.threshold, { criterion: 'groundedness', input }, tools.signal);
  },
  relevance: (config, input, tools) => judgeScore(tools.judge, config.modelId, config.threshold, { criterion: 'relevance', input }, tools.signal),
  'llm-rubric': (config, input, tools) => judgeScore(tools.judge, config.modelId, config.threshold, { criterion: 'rubric', rubric: config.rubric, input }, tools.signal),
  javascript: async (config, input, tools) => (await tools.sandbox()).run(config.code, input, config.timeoutMs),
};

/** Runs one scorer; whatever goes wrong becomes a recorded error, never an exception. */
export async function runScorer(config: ScorerConfig, input: ScoreInput, tools: ScoringTools): Promise<ScoreResult> {
  try {
    return await (scorers[config.kind] as Handler<ScorerKind>)(config as never, input, tools);
  } catch (error) {
    return cannotScore(`The scorer failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The fast path for the kinds that need neither a model nor the sandbox: synchronous, no promise per row. */
export function runSyncScorer(config: ScorerConfig, input: ScoreInput): ScoreResult {
  try {
    const result = (scorers[config.kind] as Handler<ScorerKind>)(config as never, input, noTools);
    if (result instanceof Promise) throw new Error(`${config.kind} is not a synchronous scorer`);
    return result;
  } catch (error) {
    return cannotScore(`The scorer failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export const asyncKinds: ReadonlySet<ScorerKind> = new Set([...judgeKinds, 'javascript']);

const noTools: ScoringTools = {
  sandbox: () => Promise.reject(new Error('no sandbox here')),
  judge: () => Promise.reject(new Error('no judge here')),
};
