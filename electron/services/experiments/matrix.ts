import type { ExperimentConfig, ExperimentEstimate } from '../../../shared/contract/experiments.js';
import type { SamplingParams } from '../../../shared/contract/generation.js';
import type { ModelEntry } from '../../../shared/contract/models.js';
import type { ChatMessage } from '../../../shared/contract/prompts.js';
import { isAppError } from '../../../shared/errors.js';
import { analyzeChatTemplate, compileChatTemplate, describeIssue, type CompiledChatTemplate } from '../../../shared/template/index.js';
import { costOf } from '../providers/cost.js';
import type { Database } from '../storage/database.js';
import { availableVariables, findDatasetVersion, findPromptVersions, loadRows, type MatrixDataset, type MatrixPrompt, type MatrixRow } from './matrix-sources.js';

/** What the runner needs of the model registry (ModelService, or a stand-in in benchmarks). */
export interface ModelSource {
  get(id: string): Promise<ModelEntry>;
}

export interface MatrixModel {
  modelId: string;
  entry: ModelEntry;
  params: SamplingParams;
}

/** An experiment's parts, looked up; `problems` says in words why it cannot run (empty: it can). */
export interface ResolvedMatrix {
  prompts: MatrixPrompt[];
  models: MatrixModel[];
  dataset: MatrixDataset | null;
  samples: number;
  problems: string[];
}

/** Past this many generations an experiment is refused: split it. */
export const maxGenerations = 2_000_000;
/** Rows rendered to estimate prompt sizes; bigger datasets are sampled evenly. */
const estimateSampleRows = 500;

export async function resolveMatrix(db: Database, models: ModelSource, config: ExperimentConfig): Promise<ResolvedMatrix> {
  const problems: string[] = [];
  const { foundPrompts, dataset } = await db.read(async (sql) => ({
    foundPrompts: await findPromptVersions(sql, config.promptVersionIds),
    dataset: await findDatasetVersion(sql, config.datasetVersionId),
  }));

  const prompts: MatrixPrompt[] = [];
  const seenPrompts = new Set<string>();
  for (const id of config.promptVersionIds) {
    const prompt = foundPrompts.get(id);
    if (!prompt) {
      problems.push(`Prompt version “${id}” does not exist.`);
      continue;
    }
    if (seenPrompts.has(id)) {
      problems.push(`Prompt ${prompt.label} is listed twice.`);
      continue;
    }
    seenPrompts.add(id);
    prompts.push(prompt);
    const issue = analyzeChatTemplate(prompt.template).issues[0];
    if (issue) problems.push(`Prompt ${prompt.label} has a template error: ${describeIssue(issue)}.`);
  }

  const resolvedModels: MatrixModel[] = [];
  const seenModels = new Set<string>();
  for (const { modelId, params } of config.models) {
    let entry: ModelEntry;
    try {
      entry = await models.get(modelId);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'NOT_FOUND') throw error;
      problems.push(`Model “${modelId}” is not in the model list.`);
      continue;
    }
    if (seenModels.has(modelId)) {
      // The generations table keys a cell by model id; other parameters belong in another experiment.
      problems.push(`Model “${entry.name}” is listed twice; an experiment runs each model once, with one set of parameters.`);
      continue;
    }
    seenModels.add(modelId);
    resolvedModels.push({ modelId, entry, params });
  }

  if (!dataset) {
    problems.push(`Dataset version “${config.datasetVersionId}” does not exist.`);
  } else {
    if (dataset.rowCount === 0) problems.push(`The ${dataset.label} has no rows.`);
    if (dataset.duplicateRowIds > 0) problems.push(`The ${dataset.label} has ${dataset.duplicateRowIds} rows whose id another row has too; import it again.`);
    const available = availableVariables(dataset);
    for (const prompt of prompts) {
      const missing = prompt.variables.filter((name) => !available.has(name));
      if (missing.length > 0) {
        problems.push(`Prompt ${prompt.label} needs ${listInWords(missing.map((name) => `{{ ${name} }}`))}, which ${dataset.label} does not have.`);
      }
    }
    const generations = config.promptVersionIds.length * config.models.length * dataset.rowCount * config.samples;
    if (generations > maxGenerations) {
      problems.push(`This matrix makes ${generations.toLocaleString('en-US')} generations; the most one experiment runs is ${maxGenerations.toLocaleString('en-US')}.`);
    }
  }

  return { prompts, models: resolvedModels, dataset: dataset ?? null, samples: config.samples, problems };
}

/**
 * Size, tokens and cost before anything runs. Prompt tokens are the rendered messages' characters
 * / 4 (rows sampled evenly past 500); output tokens are each model's maxTokens, an upper bound.
 */
export async function estimateMatrix(db: Database, matrix: ResolvedMatrix, config: ExperimentConfig): Promise<ExperimentEstimate> {
  const rowCount = matrix.dataset?.rowCount ?? 0;
  const cells = config.promptVersionIds.length * config.models.length * rowCount;
  const generations = cells * config.samples;
  const problems = [...matrix.problems];

  const sampleRows = matrix.dataset && rowCount > 0 ? await db.read((sql) => loadRows(sql, matrix.dataset!, estimateSampleRows)) : [];
  let inputTokensPerPass = 0; // every prompt version over every row, once
  for (const prompt of matrix.prompts) {
    if (sampleRows.length === 0) break;
    let tokens = 0;
    let failure: string | null = null;
    for (const row of sampleRows) {
      const rendered = renderCell(prompt, row);
      if ('error' in rendered) {
        failure ??= `Prompt ${prompt.label} cannot be rendered for row ${row.rowIndex + 1}: ${rendered.error}`;
        continue;
      }
      tokens += estimateTokens(rendered.messages);
    }
    if (failure && matrix.problems.length === 0) problems.push(failure);
    inputTokensPerPass += (tokens / sampleRows.length) * rowCount;
  }

  let estimatedTokens = 0;
  let estimatedCostUsd: number | null = 0;
  const complete = matrix.models.length === config.models.length;
  for (const model of matrix.models) {
    const inputTokens = inputTokensPerPass * config.samples;
    const outputTokens = config.promptVersionIds.length * rowCount * config.samples * model.params.maxTokens;
    estimatedTokens += inputTokens + outputTokens;
    const cost = costOf(model.entry.prices, inputTokens, outputTokens);
    estimatedCostUsd = cost === null || estimatedCostUsd === null ? null : estimatedCostUsd + cost;
  }
  return {
    cells,
    generations,
    estimatedCostUsd: complete ? estimatedCostUsd : null,
    estimatedTokens: Math.round(estimatedTokens),
    problems,
  };
}

export type RenderedCell = { messages: ChatMessage[] } | { error: string };

/** A prompt version rendered with one row's values; a failure is data (the cell is recorded as failed). */
export function renderCell(prompt: MatrixPrompt, row: MatrixRow): RenderedCell {
  try {
    let compiled = compiledTemplates.get(prompt.template);
    if (!compiled) {
      compiled = compileChatTemplate(prompt.template);
      compiledTemplates.set(prompt.template, compiled);
    }
    return { messages: compiled.render(row.values) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Each prompt version's template is parsed once per run, not once per row. */
const compiledTemplates = new WeakMap<MatrixPrompt['template'], CompiledChatTemplate>();

/** About four characters a token: the common rule for English text, used before a tokenizer runs. */
export function estimateTokens(messages: readonly ChatMessage[]): number {
  let characters = 0;
  for (const message of messages) characters += message.content.length;
  return Math.ceil(characters / 4);
}

/** '{{ a }}', '{{ a }} and {{ b }}', '{{ a }}, {{ b }} and {{ c }}'. */
function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
