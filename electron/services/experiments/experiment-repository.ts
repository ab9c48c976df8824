import { listValue } from '@duckdb/node-api';
import {
  experimentConfigSchema,
  type ExperimentConfig,
  type ExperimentEstimate,
  type ExperimentState,
  type GenerationRecord,
} from '../../../shared/contract/experiments.js';
import type { FinishReason, GenerationError, SamplingParams } from '../../../shared/contract/generation.js';
import type { ChatMessage } from '../../../shared/contract/prompts.js';
import type { Row, Sql } from '../storage/database.js';
import { cellKey } from './cell-identity.js';

/** SQL for experiments and their generations. Knows tables and rows; the rules live in the service and the run. */

export interface ExperimentRecord {
  id: string;
  name: string;
  config: ExperimentConfig;
  estimate: ExperimentEstimate;
  state: ExperimentState;
  message: string | null;
  createdAt: string;
}

/** What is stored of an experiment's generations, summed. Tokens and cost count generated (not cached) rows only. */
export interface StoredTotals {
  succeeded: number;
  failed: number;
  cached: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export const emptyTotals: StoredTotals = { succeeded: 0, failed: 0, cached: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };

export async function insertExperiment(sql: Sql, record: Omit<ExperimentRecord, 'createdAt'>): Promise<void> {
  await sql.run(
    `INSERT INTO experiments (id, name, config, estimate, state, message) VALUES ($id, $name, $config, $estimate, $state, $message)`,
    {
      id: record.id,
      name: record.name,
      config: JSON.stringify(record.config),
      estimate: JSON.stringify(record.estimate),
      state: record.state,
      message: record.message,
    },
  );
}

export async function findExperiment(sql: Sql, id: string): Promise<ExperimentRecord | undefined> {
  const row = await sql.one('SELECT * FROM experiments WHERE id = $id', { id });
  return row && toExperiment(row);
}

export async function listExperiments(sql: Sql): Promise<ExperimentRecord[]> {
  const rows = await sql.all('SELECT * FROM experiments ORDER BY created_at DESC, id');
  return rows.map(toExperiment);
}

export async function setState(sql: Sql, id: string, state: ExperimentState, message: string | null): Promise<void> {
  await sql.run('UPDATE experiments SET state = $state, message = $message, updated_at = now() WHERE id = $id', { id, state, message });
}

export async function setConfig(sql: Sql, id: string, config: ExperimentConfig): Promise<void> {
  await sql.run('UPDATE experiments SET config = $config, updated_at = now() WHERE id = $id', { id, config: JSON.stringify(config) });
}

/** Every experiment that was running, now marked interrupted; returns their ids. */
export async function markRunningInterrupted(sql: Sql, message: string): Promise<string[]> {
  const rows = await sql.all(`SELECT id FROM experiments WHERE state = 'running'`);
  if (rows.length > 0) {
    await sql.run(`UPDATE experiments SET state = 'interrupted', message = $message, updated_at = now() WHERE state = 'running'`, { message });
  }
  return rows.map((row) => String(row.id));
}

const totalsColumns = `
  count(*) FILTER (WHERE error IS NULL) AS succeeded,
  count(*) FILTER (WHERE error IS NOT NULL) AS failed,
  count(*) FILTER (WHERE cached) AS cached,
  coalesce(sum(input_tokens) FILTER (WHERE NOT cached), 0) AS input_tokens,
  coalesce(sum(output_tokens) FILTER (WHERE NOT cached), 0) AS output_tokens,
  coalesce(sum(cost_usd) FILTER (WHERE NOT cached), 0) AS cost_usd`;

export async function storedTotals(sql: Sql, experimentId: string): Promise<StoredTotals> {
  const row = await sql.one(`SELECT ${totalsColumns} FROM generations WHERE experiment_id = $id`, { id: experimentId });
  return row ? toTotals(row) : { ...emptyTotals };
}

export async function storedTotalsByExperiment(sql: Sql): Promise<Map<string, StoredTotals>> {
  const rows = await sql.all(`SELECT experiment_id, ${totalsColumns} FROM generations GROUP BY experiment_id`);
  return new Map(rows.map((row) => [String(row.experiment_id), toTotals(row)]));
}

/** Failed cells are deleted so that a resume runs them again; one transaction with the caller's other writes. */
export async function deleteFailedGenerations(sql: Sql, experimentId: string): Promise<void> {
  await sql.run('DELETE FROM generations WHERE experiment_id = $id AND error IS NOT NULL', { id: experimentId });
}

/** The cells that have a stored generation, as cellKey strings. */
export async function storedCellKeys(sql: Sql, experimentId: string): Promise<Set<string>> {
  const rows = await sql.all('SELECT prompt_version_id, model_id, row_id, sample_index FROM generations WHERE experiment_id = $id', { id: experimentId });
  return new Set(
    rows.map((row) =>
      cellKey({ promptVersionId: String(row.prompt_version_id), modelId: String(row.model_id), rowId: String(row.row_id), sampleIndex: Number(row.sample_index) }),
    ),
  );
}

/** A successful generation that a cell with the same cache key may reuse. */
export interface CachedOutput {
  output: string;
  finishReason: FinishReason;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  timeToFirstTokenMs: number | null;
  costUsd: number | null;
  attempts: number;
}

/** For each key that has one, the oldest successful generation with it, from any experiment. */
export async function findCachedOutputs(sql: Sql, keys: readonly string[]): Promise<Map<string, CachedOutput>> {
  if (keys.length === 0) return new Map();
  const rows = await sql.all(
    `SELECT cache_key, output, finish_reason, input_tokens, output_tokens, latency_ms, ttft_ms, cost_usd, attempts
     FROM generations
     WHERE cache_key IN (SELECT unnest($keys)) AND error IS NULL AND finish_reason <> 'cancelled'
     QUALIFY row_number() OVER (PARTITION BY cache_key ORDER BY created_at, id) = 1`,
    { keys: listValue([...keys]) },
  );
  return new Map(
    rows.map((row) => [
      String(row.cache_key),
      {
        output: String(row.output),
        finishReason: row.finish_reason as FinishReason,
        inputTokens: Number(row.input_tokens),
        outputTokens: Number(row.output_tokens),
        latencyMs: Number(row.latency_ms),
        timeToFirstTokenMs: row.ttft_ms === null ? null : Number(row.ttft_ms),
        costUsd: row.cost_usd === null ? null : Number(row.cost_usd),
        attempts: Number(row.attempts),
      },
    ]),
  );
}

/**
 * A page of an experiment's generations in matrix order: prompt versions and models in the order
 * the experiment lists them, then dataset rows, then samples.
 */
export async function generationsPage(
  sql: Sql,
  experiment: ExperimentRecord,
  offset: number,
  limit: number,
): Promise<{ generations: GenerationRecord[]; total: number }> {
  const { config } = experiment;
  const params = {
    id: experiment.id,
    datasetVersionId: config.datasetVersionId,
    promptIds: listValue([...config.promptVersionIds]),
    modelIds: listValue(config.models.map((model) => model.modelId)),
    offset,
    limit,
  };
  const rows = await sql.all(
    `SELECT g.* FROM generations g
     LEFT JOIN dataset_rows r ON r.version_id = $datasetVersionId AND r.row_id = g.row_id
     WHERE g.experiment_id = $id
     ORDER BY list_position($promptIds, g.prompt_version_id), list_position($modelIds, g.model_id), r.row_index, g.row_id, g.sample_index
     LIMIT $limit OFFSET $offset`,
    params,
  );
  const count = await sql.one<{ total: number }>('SELECT count(*) AS total FROM generations WHERE experiment_id = $id', { id: experiment.id });
  return { generations: rows.map(toGeneration), total: Number(count?.total ?? 0) };
}

export function toGeneration(row: Row): GenerationRecord {
  return {
    id: String(row.id),
    experimentId: String(row.experiment_id),
    promptVersionId: String(row.prompt_version_id),
    modelId: String(row.model_id),
    rowId: String(row.row_id),
    sampleIndex: Number(row.sample_index),
    seed: Number(row.seed),
    messages: JSON.parse(String(row.messages)) as ChatMessage[],
    params: JSON.parse(String(row.params)) as SamplingParams,
    output: String(row.output),
    finishReason: row.finish_reason as FinishReason,
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    latencyMs: Number(row.latency_ms),
    timeToFirstTokenMs: row.ttft_ms === null ? null : Number(row.ttft_ms),
    costUsd: row.cost_usd === null ? null : Number(row.cost_usd),
    error: row.error === null ? null : (JSON.parse(String(row.error)) as GenerationError),
    cached: Boolean(row.cached),
    attempts: Number(row.attempts),
    createdAt: String(row.created_at),
  };
}

function toExperiment(row: Row): ExperimentRecord {
  return {
    id: String(row.id),
    name: String(row.name),
    // Parsed, so a config stored before a field was added gets that field's default.
    config: experimentConfigSchema.parse(JSON.parse(String(row.config))),
    estimate: JSON.parse(String(row.estimate)) as ExperimentEstimate,
    state: row.state as ExperimentState,
    message: row.message === null ? null : String(row.message),
    createdAt: String(row.created_at),
  };
}

function toTotals(row: Row): StoredTotals {
  return {
    succeeded: Number(row.succeeded),
    failed: Number(row.failed),
    cached: Number(row.cached),
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    costUsd: Number(row.cost_usd),
  };
}
