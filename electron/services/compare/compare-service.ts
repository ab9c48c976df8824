import type { CompareColumn, CompareFilter, ComparePrompt } from '../../../shared/contract/compare.js';
import type { DatasetRow } from '../../../shared/contract/datasets.js';
import type { MethodOutput, ParsedInput } from '../../../shared/contract/index.js';
import { AppError } from '../../../shared/errors.js';
import { findDataset, findVersion } from '../datasets/dataset-repository.js';
import { findExperiment, type ExperimentRecord } from '../experiments/experiment-repository.js';
import { renderCell } from '../experiments/matrix.js';
import { findPromptVersions } from '../experiments/matrix-sources.js';
import type { Database, Sql } from '../storage/database.js';
import * as repo from './compare-repository.js';

type Method = 'experiment' | 'rows' | 'locate' | 'row';
type In<M extends Method> = ParsedInput<'compare', M>;
type Out<M extends Method> = Promise<MethodOutput<'compare', M>>;

/** Compare: an experiment's rows, found by filters, and one row's outputs side by side. Reads only. */
export class CompareService {
  constructor(readonly db: Database) {}

  async experiment(input: In<'experiment'>): Out<'experiment'> {
    return this.db.read(async (sql) => {
      const experiment = await loadExperiment(sql, input.experimentId);
      const { config } = experiment;
      const modelIds = config.models.map((model) => model.modelId);
      const prompts = await repo.promptVersionNames(sql, config.promptVersionIds);
      const models = await repo.modelNames(sql, modelIds);
      const counts = await repo.columnCounts(sql, experiment.id);
      const version = await findVersion(sql, config.datasetVersionId);
      const dataset = version && (await findDataset(sql, version.datasetId));
      const columns: CompareColumn[] = config.promptVersionIds.flatMap((promptVersionId) =>
        modelIds.map((modelId) => {
          const prompt = prompts.get(promptVersionId);
          const model = models.get(modelId);
          const count = counts.find((entry) => entry.promptVersionId === promptVersionId && entry.modelId === modelId);
          return {
            key: `${promptVersionId}|${modelId}`,
            promptVersionId,
            modelId,
            promptName: prompt?.name ?? null,
            promptVersionNumber: prompt?.number ?? null,
            modelName: model?.name ?? null,
            modelKind: model?.kind ?? null,
            generations: count?.generations ?? 0,
            failed: count?.failed ?? 0,
          };
        }),
      );
      return {
        id: experiment.id,
        name: experiment.name,
        state: experiment.state,
        createdAt: experiment.createdAt,
        samples: config.samples,
        dataset:
          version && dataset
            ? {
                versionId: version.id,
                name: dataset.name,
                number: version.number,
                rowCount: version.rowCount,
                variables: version.variables,
                hasReference: version.hasReference,
                hasContext: version.hasContext,
              }
            : null,
        columns,
      };
    });
  }

  async rows(input: In<'rows'>): Out<'rows'> {
    return this.db.read(async (sql) => repo.matchingRows(sql, rowQuery(await loadExperiment(sql, input.experimentId), input.filter), input.offset, input.limit));
  }

  async locate(input: In<'locate'>): Out<'locate'> {
    return this.db.read(async (sql) => ({ position: await repo.matchPosition(sql, rowQuery(await loadExperiment(sql, input.experimentId), input.filter), input.rowId) }));
  }

  async row(input: In<'row'>): Out<'row'> {
    const { experiment, row, generations, version } = await this.db.read(async (sql) => {
      const experiment = await loadExperiment(sql, input.experimentId);
      const { config } = experiment;
      const row = await repo.findRow(sql, config.datasetVersionId, input.rowId);
      if (!row) throw new AppError('NOT_FOUND', `Row ${input.rowId} is not in this experiment’s dataset.`);
      const modelIds = config.models.map((model) => model.modelId);
      return {
        experiment,
        row,
        generations: await repo.rowGenerations(sql, experiment.id, row.id, config.promptVersionIds, modelIds),
        version: await findVersion(sql, config.datasetVersionId),
      };
    });
    const values = templateValues(row, version?.hasReference ?? false, version?.hasContext ?? false);
    const prompts = await this.prompts(experiment, row, values, generations);
    return { row, generations: generations.map(({ messages: _messages, ...rest }) => rest), prompts };
  }

  /**
   * Each prompt version's messages for the row: what was sent, from a stored generation (the same
   * for every model and sample); for a version with nothing stored yet, rendered from its template.
   */
  private async prompts(
    experiment: ExperimentRecord,
    row: DatasetRow,
    values: Record<string, unknown>,
    generations: readonly { promptVersionId: string; messages: ComparePrompt['messages'] }[],
  ): Promise<ComparePrompt[]> {
    const { promptVersionIds } = experiment.config;
    const stored = new Map<string, ComparePrompt['messages']>();
    for (const generation of generations) if (!stored.has(generation.promptVersionId)) stored.set(generation.promptVersionId, generation.messages);
    const missing = promptVersionIds.filter((id) => !stored.has(id));
    const templates = missing.length > 0 ? await this.db.read((sql) => findPromptVersions(sql, missing)) : new Map();
    return promptVersionIds.map((promptVersionId): ComparePrompt => {
      const messages = stored.get(promptVersionId);
      if (messages) return { promptVersionId, messages, source: 'stored', error: null };
      const prompt = templates.get(promptVersionId);
      if (!prompt) return { promptVersionId, messages: [], source: 'preview', error: 'This prompt version is no longer in the library.' };
      const rendered = renderCell(prompt, { rowId: row.id, rowIndex: row.index, values });
      return 'messages' in rendered
        ? { promptVersionId, messages: rendered.messages, source: 'preview', error: null }
        : { promptVersionId, messages: [], source: 'preview', error: rendered.error };
    });
  }
}

async function loadExperiment(sql: Sql, id: string): Promise<ExperimentRecord> {
  const experiment = await findExperiment(sql, id);
  if (!experiment) throw new AppError('NOT_FOUND', 'That experiment does not exist (it may be in another workspace).');
  return experiment;
}

/** The filter narrowed to the experiment's own columns; an empty list means all of them. */
function rowQuery(experiment: ExperimentRecord, filter: CompareFilter): repo.RowQuery {
  const { config } = experiment;
  const narrow = (all: readonly string[], chosen: readonly string[]) => {
    if (chosen.length === 0) return [...all];
    const picked = all.filter((id) => chosen.includes(id));
    // No column of the experiment is chosen: nothing counts (an id no column has stands for "none").
    return picked.length > 0 ? picked : [''];
  };
  return {
    experimentId: experiment.id,
    datasetVersionId: config.datasetVersionId,
    promptVersionIds: narrow(config.promptVersionIds, filter.promptVersionIds),
    modelIds: narrow(
      config.models.map((model) => model.modelId),
      filter.modelIds,
    ),
    search: filter.search.trim(),
    failedOnly: filter.failedOnly,
  };
}

/**
 * What a template sees for a row, as the runner builds it (matrix-sources.ts): the variables, plus
 * `reference` and `context` when the dataset has them, unless a variable has that name.
 */
function templateValues(row: DatasetRow, hasReference: boolean, hasContext: boolean): Record<string, unknown> {
  const values: Record<string, unknown> = { ...row.variables };
  if (hasReference && !('reference' in values)) values.reference = row.reference ?? '';
  if (hasContext && !('context' in values)) values.context = row.context ?? '';
  return values;
}
