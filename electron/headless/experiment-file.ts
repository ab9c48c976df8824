import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import { isMap, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { columnMappingSchema, datasetFormatSchema, type ColumnMapping, type DatasetFormat } from '../../shared/contract/datasets.js';
import { samplingParamsSchema, type SamplingParams } from '../../shared/contract/generation.js';
import { localSettingsSchema, pricesSchema, remoteProviderSchema, type LocalSettings, type Prices, type RemoteProvider } from '../../shared/contract/models.js';
import { chatRoleSchema, labelSchema, type ChatTemplate } from '../../shared/contract/prompts.js';
import { runAlertsSchema, type RunAlerts } from '../../shared/contract/monitor.js';
import { scorerListSchema, type ScorerConfig } from '../../shared/contract/scoring.js';
import { analyzeChatTemplate } from '../../shared/template/index.js';

/**
 * `arbiter run experiment.yaml`: the file format, its validation, and where in the file each
 * problem is. test/fixtures/experiments/example.yaml is the commented reference.
 */

export type PathSegment = string | number;

/** A problem a person fixes in the file: where it is, which field, and what is wrong. */
export interface FileProblem {
  /** `experiment.yaml:12:7`, or just the file name when the problem is the whole file. */
  where: string;
  /** `models[1].baseUrl`; empty for the whole file. */
  field: string;
  message: string;
}

export class ExperimentFileError extends Error {
  constructor(readonly problems: FileProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ExperimentFileError';
  }
}

export function formatProblem(problem: FileProblem): string {
  return `${problem.where}: ${problem.field ? `${problem.field}: ` : ''}${problem.message}`;
}

const nameSchema = z.string().trim().min(1, 'must not be empty').max(200);
/** The contract's own rule for key names (models.ts), repeated because it is not exported. */
const envNameSchema = z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/, 'must be an environment variable name like OPENAI_API_KEY');

const sampling = samplingParamsSchema.shape;
/** Sampling parameters as written: every one optional; defaults come from the contract. */
const paramsSchema = z
  .object({
    temperature: sampling.temperature.unwrap().optional(),
    topP: sampling.topP,
    topK: sampling.topK,
    maxTokens: sampling.maxTokens.unwrap().optional(),
    stop: sampling.stop.unwrap().optional(),
    seed: sampling.seed,
  })
  .strict();
type ParamsInput = z.output<typeof paramsSchema>;

const messageSchema = z.object({ role: chatRoleSchema, content: z.string().min(1, 'must not be empty').max(200_000) }).strict();

/** A bare string is one user message, the way promptfoo files write prompts. */
const promptSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { messages: [{ role: 'user', content: value }] } : value),
  z
    .object({
      name: nameSchema.optional(),
      messages: z.array(messageSchema).min(1).max(200).optional(),
      version: z.number().int().positive().optional(),
      label: labelSchema.optional(),
    })
    .strict()
    .superRefine((prompt, ctx) => {
      if (prompt.messages) {
        for (const key of ['version', 'label'] as const) {
          if (prompt[key] !== undefined) {
            ctx.addIssue({ code: 'custom', path: [key], message: `an inline prompt (with messages) has no ${key}; to run a saved version, leave messages out` });
          }
        }
      } else if (!prompt.name) {
        ctx.addIssue({ code: 'custom', path: [], message: 'needs messages (an inline prompt) or the name of a prompt in the workspace' });
      } else if (prompt.version !== undefined && prompt.label !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['label'], message: 'give a version or a label, not both' });
      }
    }),
);

const modelSchema = z
  .object({
    name: nameSchema.optional(),
    path: z.string().min(1).optional(),
    settings: localSettingsSchema.partial().strict().optional(),
    provider: remoteProviderSchema.optional(),
    baseUrl: z.url().optional(),
    model: z.string().trim().min(1).max(200).optional(),
    apiKeyEnv: envNameSchema.optional(),
    // Named only to refuse it in words: a key in a file ends up in a repository.
    apiKey: z.unknown().optional(),
    prices: pricesSchema.partial().strict().optional(),
    params: paramsSchema.optional(),
  })
  .strict()
  .superRefine((model, ctx) => {
    if (model.apiKey !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['apiKey'],
        message: 'API keys never go in the file: put the key in an environment variable and name that variable with apiKeyEnv',
      });
    }
    if (model.path !== undefined && model.provider !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['provider'], message: 'a model is either local (path) or remote (provider), not both' });
      return;
    }
    if (model.path === undefined && model.provider === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'needs path (a local GGUF file) or provider (a remote endpoint)' });
      return;
    }
    if (model.path !== undefined) {
      for (const key of ['baseUrl', 'model', 'apiKeyEnv'] as const) {
        if (model[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `a local model (path) has no ${key}` });
      }
      return;
    }
    if (model.settings !== undefined) ctx.addIssue({ code: 'custom', path: ['settings'], message: 'settings are load settings of a local model (path)' });
    if (model.model === undefined) ctx.addIssue({ code: 'custom', path: ['model'], message: 'is required for a remote model (the name the endpoint knows it by)' });
    if (model.provider === 'openai-compatible' && model.baseUrl === undefined) {
      ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: 'is required for an openai-compatible endpoint, e.g. http://127.0.0.1:8000/v1' });
    }
  });

const datasetSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { path: value } : value),
  z
    .object({
      path: z.string().min(1),
      name: nameSchema.optional(),
      format: datasetFormatSchema.optional(),
      reference: z.string().min(1).optional(),
      context: z.string().min(1).optional(),
      rename: columnMappingSchema.shape.rename.unwrap().optional(),
      exclude: z.array(z.string().min(1)).optional(),
    })
    .strict(),
);

export const experimentFileSchema = z
  .object({
    name: nameSchema.optional(),
    prompts: z.array(promptSchema).min(1).max(50),
    models: z.array(modelSchema).min(1).max(50),
    dataset: datasetSchema,
    params: paramsSchema.optional(),
    samples: z.number().int().min(1).max(100).optional(),
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
    budget: z.object({ maxCostUsd: z.number().positive().optional(), maxTokens: z.number().int().positive().optional() }).strict().optional(),
    concurrency: z.number().int().min(1).max(256).optional(),
    maxRetries: z.number().int().min(0).max(10).optional(),
    timeoutSeconds: z.number().int().min(1).max(3600).optional(),
    scorers: z.preprocess(judgeNamesToIds, scorerListSchema).optional(),
    alerts: runAlertsSchema.partial().strict().optional(),
  })
  .strict();

/**
 * In a file an LLM judge is named by model (`judge: local vLLM`, a model of the file or of the
 * workspace); until models are resolved its id is the placeholder `judge:<name>`.
 */
export const judgePlaceholder = 'judge:';
function judgeNamesToIds(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((scorer: unknown) => {
    if (!scorer || typeof scorer !== 'object' || !('judge' in scorer)) return scorer;
    const { judge, ...rest } = scorer as { judge: unknown };
    return { ...rest, modelId: `${judgePlaceholder}${String(judge)}` };
  });
}

export type PromptSpec =
  | { kind: 'inline'; index: number; name: string; template: ChatTemplate }
  | { kind: 'saved'; index: number; name: string; version: number | null; label: string | null };

export type ModelSpec = { index: number; name: string | null; params: SamplingParams; prices: Partial<Prices> | null } & (
  | { kind: 'local'; path: string; settings: Partial<LocalSettings> | null }
  | { kind: 'remote'; provider: RemoteProvider; baseUrl: string | null; model: string; apiKeyEnv: string | null }
);

export interface DatasetSpec {
  path: string;
  name: string;
  format: DatasetFormat | null;
  mapping: ColumnMapping;
}

/** The file, validated and with every path resolved against the file's folder. */
export interface ExperimentSpec {
  file: string;
  name: string;
  prompts: PromptSpec[];
  models: ModelSpec[];
  dataset: DatasetSpec;
  samples: number;
  seed: number;
  budget: { maxCostUsd: number | null; maxTokens: number | null };
  concurrency: number | null;
  maxRetries: number | null;
  timeoutSeconds: number | null;
  scorers: ScorerConfig[];
  alerts: RunAlerts | null;
  /** `file:line:col` of a field, for problems found later (e.g. a prompt that is not in the workspace). */
  locate(path: PathSegment[]): string;
}

/** Reads and validates an experiment file; throws ExperimentFileError listing every problem found. */
export function loadExperimentFile(file: string): ExperimentSpec {
  const shown = displayPath(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not an experiment file' : String(error);
    throw new ExperimentFileError([{ where: shown, field: '', message }]);
  }
  return parseExperimentFile(text, file);
}

export function parseExperimentFile(text: string, file: string): ExperimentSpec {
  const shown = displayPath(file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${shown}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    throw new ExperimentFileError(doc.errors.slice(0, 5).map((error) => ({ where: at(error.pos[0]), field: '', message: `YAML: ${firstLine(error.message)}` })));
  }
  const locate = (path: PathSegment[]) => locateIn(doc, path, at, shown);
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) {
    throw new ExperimentFileError([{ where: shown, field: '', message: 'the file is empty; see test/fixtures/experiments/example.yaml for the format' }]);
  }
  const parsed = experimentFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ExperimentFileError(parsed.error.issues.slice(0, 10).map((issue) => toProblem(issue, doc, at, shown)));
  }
  return normalize(parsed.data, raw as RawFile, file, locate);
}

type ParsedFile = z.output<typeof experimentFileSchema>;
type RawFile = { models?: { settings?: Record<string, unknown> }[] };

function normalize(data: ParsedFile, raw: RawFile, file: string, locate: (path: PathSegment[]) => string): ExperimentSpec {
  const folder = dirname(file);
  const problems: FileProblem[] = [];
  const problem = (path: PathSegment[], message: string) => problems.push({ where: locate(path), field: fieldName(path), message });
  const name = data.name ?? basename(file, extname(file));

  const prompts: PromptSpec[] = data.prompts.map((prompt, index) => {
    if (prompt.messages) {
      const template: ChatTemplate = { messages: prompt.messages };
      for (const issue of analyzeChatTemplate(template).issues.slice(0, 3)) {
        problem(['prompts', index, 'messages', issue.messageIndex, 'content'], `template line ${issue.line}, column ${issue.column}: ${issue.message}`);
      }
      return { kind: 'inline', index, name: prompt.name ?? `${name} · prompt ${index + 1}`, template };
    }
    return { kind: 'saved', index, name: prompt.name ?? '', version: prompt.version ?? null, label: prompt.label ?? null };
  });

  const models: ModelSpec[] = data.models.map((model, index) => {
    const params = samplingParamsSchema.parse({ ...data.params, ...model.params }) as SamplingParams;
    const common = { index, name: model.name ?? null, params, prices: model.prices ?? null };
    if (model.path !== undefined) {
      const path = resolve(folder, model.path);
      if (!existsSync(path)) problem(['models', index, 'path'], `no such file: ${path}`);
      else if (!statSync(path).isFile()) problem(['models', index, 'path'], 'must be one .gguf file, not a folder');
      // Only the settings written in the file: the parsed ones carry defaults that would overwrite the workspace's.
      const written = raw.models?.[index]?.settings;
      const settings = written && model.settings ? (pickKeys(model.settings, Object.keys(written)) as Partial<LocalSettings>) : null;
      return { ...common, kind: 'local', path, settings };
    }
    return {
      ...common,
      kind: 'remote',
      provider: model.provider ?? 'openai-compatible',
      baseUrl: model.baseUrl ?? null,
      model: model.model ?? '',
      apiKeyEnv: model.apiKeyEnv ?? null,
    };
  });

  const datasetPath = resolve(folder, data.dataset.path);
  if (!existsSync(datasetPath)) problem(['dataset', 'path'], `no such file: ${datasetPath}`);
  const dataset: DatasetSpec = {
    path: datasetPath,
    name: data.dataset.name ?? basename(datasetPath),
    format: data.dataset.format ?? null,
    mapping: {
      rename: data.dataset.rename ?? {},
      reference: data.dataset.reference ?? null,
      context: data.dataset.context ?? null,
      exclude: data.dataset.exclude ?? [],
    },
  };

  if (problems.length > 0) throw new ExperimentFileError(problems);
  return {
    file,
    name,
    prompts,
    models,
    dataset,
    samples: data.samples ?? 1,
    seed: data.seed ?? 42,
    budget: { maxCostUsd: data.budget?.maxCostUsd ?? null, maxTokens: data.budget?.maxTokens ?? null },
    concurrency: data.concurrency ?? null,
    maxRetries: data.maxRetries ?? null,
    timeoutSeconds: data.timeoutSeconds ?? null,
    scorers: data.scorers ?? [],
    alerts: data.alerts ? { maxCostUsd: null, maxP95LatencyMs: null, maxErrorRate: null, ...data.alerts } : null,
    locate,
  };
}

function toProblem(issue: z.core.$ZodIssue, doc: Document, at: (offset: number) => string, shown: string): FileProblem {
  const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const keyNode = keyNodeIn(doc, path, key);
    return {
      where: keyNode?.range ? at(keyNode.range[0]) : locateIn(doc, path, at, shown),
      field: fieldName([...path, key]),
      message: issue.keys.length === 1 ? 'is not a field of the experiment file format (a typo?)' : `${issue.keys.join(', ')} are not fields of the format`,
    };
  }
  let message = issue.message;
  if (issue.code === 'invalid_type' && /received undefined$/.test(message)) message = `is required (${issue.expected})`;
  else message = message.replace(/^Invalid input: /, '');
  return { where: locateIn(doc, path, at, shown), field: fieldName(path), message };
}

/** The node at `path`, or its nearest ancestor that exists (a missing field points at its parent). */
function locateIn(doc: Document, path: PathSegment[], at: (offset: number) => string, shown: string): string {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth);
    const node = (prefix.length === 0 ? doc.contents : doc.getIn(prefix, true)) as YamlNode | null | undefined;
    if (node && typeof node === 'object' && 'range' in node && node.range) return at(node.range[0]);
  }
  return shown;
}

function keyNodeIn(doc: Document, path: PathSegment[], key: string): YamlNode | undefined {
  const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
  return (pair?.key as YamlNode | undefined) ?? undefined;
}

/** `models[1].baseUrl` */
export function fieldName(path: PathSegment[]): string {
  return path.reduce<string>((text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment), '');
}

function pickKeys<T extends object>(value: T, keys: string[]): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => keys.includes(key))) as Partial<T>;
}

function displayPath(file: string): string {
  const fromHere = relative(process.cwd(), file);
  return fromHere && !fromHere.startsWith('..') && !isAbsolute(fromHere) ? fromHere : file;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
