import type { ExperimentConfig, ExperimentConfigInput } from '../../../shared/contract/experiments.js';
import type { SamplingParams } from '../../../shared/contract/generation.js';
import { checkInteger, checkNumber, parseOptionalNumber } from '../../ui/form-field.js';

/** One model's sampling parameters as typed (text, so a half-typed number is not lost). */
export interface ParamsDraft {
  temperature: string;
  topP: string;
  topK: string;
  maxTokens: string;
  seed: string;
  stop: string[];
}

/** The experiment being put together: kept at screen level, so leaving the builder keeps it. */
export interface BuilderDraft {
  name: string;
  /** In the order they were picked: the order of the grid's columns. */
  promptVersionIds: string[];
  modelIds: string[];
  /** By model id; kept for unpicked models too, so picking one again restores its parameters. */
  params: Record<string, ParamsDraft>;
  datasetId: string;
  datasetVersionId: string;
  samples: string;
  seed: string;
  maxCostUsd: string;
  maxTokens: string;
  remoteConcurrency: string;
  maxRetries: string;
  timeoutSeconds: string;
}

export type SettingsField = 'samples' | 'seed' | 'maxCostUsd' | 'maxTokens' | 'remoteConcurrency' | 'maxRetries' | 'timeoutSeconds';
export type ParamField = 'temperature' | 'topP' | 'topK' | 'maxTokens' | 'seed';
export type ParamErrors = Partial<Record<ParamField, string>>;

export const defaultParams: ParamsDraft = { temperature: '0.7', topP: '', topK: '', maxTokens: '512', seed: '', stop: [] };

export const emptyBuilderDraft: BuilderDraft = {
  name: '',
  promptVersionIds: [],
  modelIds: [],
  params: {},
  datasetId: '',
  datasetVersionId: '',
  samples: '1',
  seed: '42',
  maxCostUsd: '',
  maxTokens: '',
  remoteConcurrency: '8',
  maxRetries: '4',
  timeoutSeconds: '120',
};

export function paramsOf(draft: BuilderDraft, modelId: string): ParamsDraft {
  return draft.params[modelId] ?? defaultParams;
}

/** An existing experiment as a draft, to run it again with changes. */
export function draftFromConfig(config: ExperimentConfig, datasetId: string): BuilderDraft {
  const params: Record<string, ParamsDraft> = {};
  for (const model of config.models) params[model.modelId] = paramsDraftOf(model.params);
  return {
    name: `${config.name} (copy)`,
    promptVersionIds: [...config.promptVersionIds],
    modelIds: config.models.map((model) => model.modelId),
    params,
    datasetId,
    datasetVersionId: config.datasetVersionId,
    samples: String(config.samples),
    seed: String(config.seed),
    maxCostUsd: config.budget.maxCostUsd === null ? '' : String(config.budget.maxCostUsd),
    maxTokens: config.budget.maxTokens === null ? '' : String(config.budget.maxTokens),
    remoteConcurrency: String(config.remoteConcurrency),
    maxRetries: String(config.maxRetries),
    timeoutSeconds: String(config.timeoutSeconds),
  };
}

function paramsDraftOf(params: SamplingParams): ParamsDraft {
  const text = (value: number | undefined) => (value === undefined ? '' : String(value));
  return {
    temperature: String(params.temperature),
    topP: text(params.topP),
    topK: text(params.topK),
    maxTokens: String(params.maxTokens),
    seed: text(params.seed),
    stop: [...params.stop],
  };
}

export function checkParams(draft: ParamsDraft): { params: SamplingParams; errors: ParamErrors } {
  const errors: ParamErrors = {};
  const put = (field: ParamField, message: string | undefined) => {
    if (message) errors[field] = message;
  };
  put('temperature', checkNumber(draft.temperature, 'Temperature', 0, 2));
  const topP = parseOptionalNumber(draft.topP);
  if (topP !== undefined && !(topP > 0 && topP <= 1)) errors.topP = 'Top P is above 0 and at most 1.';
  put('topK', checkInteger(draft.topK, 'Top K', 1, 1000));
  put('maxTokens', checkInteger(draft.maxTokens, 'Max tokens', 1, 32_768));
  put('seed', checkInteger(draft.seed, 'The seed', 0, 2 ** 31 - 1));
  const number = (text: string) => {
    const value = parseOptionalNumber(text);
    return value === undefined || Number.isNaN(value) ? undefined : value;
  };
  const topK = number(draft.topK);
  const seed = number(draft.seed);
  return {
    params: {
      temperature: number(draft.temperature) ?? 0.7,
      maxTokens: number(draft.maxTokens) ?? 512,
      stop: draft.stop,
      ...(topP !== undefined && !Number.isNaN(topP) ? { topP } : {}),
      ...(topK !== undefined ? { topK } : {}),
      ...(seed !== undefined ? { seed } : {}),
    },
    errors,
  };
}

export interface DraftCheck {
  /** The config to estimate and create, once the draft has every part. */
  config: ExperimentConfigInput | null;
  settingErrors: Partial<Record<SettingsField, string>>;
  paramErrors: Record<string, ParamErrors>;
  /** What is still to choose or fix, in words, before it can run. */
  missing: string[];
}

/** Validates what can be checked here; whether it can run against the data is `experiments.estimate`'s answer. */
export function checkDraft(draft: BuilderDraft, fallbackName: string): DraftCheck {
  const settingErrors: DraftCheck['settingErrors'] = {};
  const put = (field: SettingsField, message: string | undefined) => {
    if (message) settingErrors[field] = message;
  };
  put('samples', checkInteger(draft.samples, 'Samples per cell', 1, 100, true));
  put('seed', checkInteger(draft.seed, 'The seed', 0, 2 ** 31 - 1, true));
  const maxCost = parseOptionalNumber(draft.maxCostUsd);
  if (maxCost !== undefined && !(maxCost > 0)) settingErrors.maxCostUsd = 'Max spend is a positive number of dollars.';
  put('maxTokens', checkInteger(draft.maxTokens, 'Max tokens', 1, Number.MAX_SAFE_INTEGER));
  put('remoteConcurrency', checkInteger(draft.remoteConcurrency, 'Concurrency', 1, 256, true));
  put('maxRetries', checkInteger(draft.maxRetries, 'Retries', 0, 10, true));
  put('timeoutSeconds', checkInteger(draft.timeoutSeconds, 'The timeout', 1, 3600, true));

  const paramErrors: Record<string, ParamErrors> = {};
  const models = draft.modelIds.map((modelId) => {
    const { params, errors } = checkParams(paramsOf(draft, modelId));
    if (Object.keys(errors).length > 0) paramErrors[modelId] = errors;
    return { modelId, params };
  });

  const missing: string[] = [];
  if (draft.promptVersionIds.length === 0) missing.push('Pick at least one prompt version.');
  if (draft.modelIds.length === 0) missing.push('Pick at least one model.');
  if (!draft.datasetVersionId) missing.push('Pick a dataset.');
  if (Object.keys(settingErrors).length > 0 || Object.keys(paramErrors).length > 0) missing.push('Fix the values marked in red.');
  if (missing.length > 0) return { config: null, settingErrors, paramErrors, missing };

  const name = draft.name.trim() || fallbackName;
  const integer = (text: string) => Number(text.trim());
  return {
    config: {
      name,
      promptVersionIds: draft.promptVersionIds,
      models,
      datasetVersionId: draft.datasetVersionId,
      samples: integer(draft.samples),
      seed: integer(draft.seed),
      budget: {
        maxCostUsd: maxCost ?? null,
        maxTokens: draft.maxTokens.trim() ? integer(draft.maxTokens) : null,
      },
      remoteConcurrency: integer(draft.remoteConcurrency),
      maxRetries: integer(draft.maxRetries),
      timeoutSeconds: integer(draft.timeoutSeconds),
    },
    settingErrors,
    paramErrors,
    missing,
  };
}
