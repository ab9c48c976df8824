import { listValue } from '@duckdb/node-api';
import type { ExperimentConfig } from '../../../shared/contract/experiments.js';
import type { Variant } from '../../../shared/contract/labeling.js';
import type { Sql } from '../storage/database.js';

/**
 * What the leaderboard ranks: a column of an experiment. Today a column is a prompt version × a
 * model; this is the one place that says so, so a richer column (a model with its own settings)
 * changes this file and the SQL expression below, nothing downstream.
 */
export function variantKey(promptVersionId: string, modelId: string): string {
  return `${promptVersionId}|${modelId}`;
}

/** The same key, computed by DuckDB over a generations row aliased `g`. */
export const variantKeySql = `(g.prompt_version_id || '|' || g.model_id)`;

/** The experiment's variants in its own column order, with names people read. */
export async function experimentVariants(sql: Sql, config: ExperimentConfig): Promise<Variant[]> {
  const modelIds = config.models.map((model) => model.modelId);
  const models = await sql.all<{ id: string; name: string }>('SELECT id, name FROM models WHERE id IN (SELECT unnest($ids))', { ids: listValue(modelIds) });
  const versions = await sql.all<{ id: string; number: number; name: string }>(
    `SELECT v.id, v.number, p.name FROM prompt_versions v JOIN prompts p ON p.id = v.prompt_id WHERE v.id IN (SELECT unnest($ids))`,
    { ids: listValue([...config.promptVersionIds]) },
  );
  const modelName = new Map(models.map((row) => [row.id, row.name]));
  const version = new Map(versions.map((row) => [row.id, row]));
  const oneModel = modelIds.length === 1;
  const onePrompt = config.promptVersionIds.length === 1;
  const variants: Variant[] = [];
  for (const promptVersionId of config.promptVersionIds) {
    for (const modelId of modelIds) {
      const prompt = version.get(promptVersionId);
      const promptLabel = prompt ? `${prompt.name} v${prompt.number}` : 'deleted prompt';
      const model = modelName.get(modelId) ?? 'deleted model';
      variants.push({
        key: variantKey(promptVersionId, modelId),
        label: oneModel && !onePrompt ? promptLabel : onePrompt && !oneModel ? model : `${model} · ${promptLabel}`,
        modelId,
        modelName: model,
        promptVersionId,
        promptName: prompt?.name ?? 'deleted prompt',
        promptVersionNumber: prompt?.number ?? 0,
      });
    }
  }
  return variants;
}
