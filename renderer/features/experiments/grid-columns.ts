import type { ExperimentConfig } from '../../../shared/contract/experiments.js';
import type { ModelEntry } from '../../../shared/contract/models.js';
import type { PromptVersionInfo } from './use-prompt-catalog.js';

/** One column of the results grid: a prompt version answered by a model. */
export interface GridColumn {
  index: number;
  promptVersionId: string;
  modelId: string;
  /** "Capitals v2" */
  promptLabel: string;
  labels: string[];
  modelName: string;
  modelKind: 'local' | 'remote' | 'missing';
  /** The first column of its prompt version. */
  groupStart: boolean;
}

/** Columns of one prompt version, side by side under one header. */
export interface ColumnGroup {
  promptVersionId: string;
  label: string;
  labels: string[];
  span: number;
}

/** Columns in the experiment's order: each prompt version, then each model under it. */
export function gridColumns(
  config: ExperimentConfig,
  versions: ReadonlyMap<string, PromptVersionInfo>,
  models: readonly ModelEntry[] | undefined,
): { columns: GridColumn[]; groups: ColumnGroup[] } {
  const columns: GridColumn[] = [];
  const groups: ColumnGroup[] = [];
  for (const promptVersionId of config.promptVersionIds) {
    const version = versions.get(promptVersionId);
    const promptLabel = version ? `${version.promptName} v${version.number}` : 'Prompt version';
    const labels = version?.labels ?? [];
    groups.push({ promptVersionId, label: promptLabel, labels, span: config.models.length });
    for (const [modelIndex, { modelId }] of config.models.entries()) {
      const model = models?.find((entry) => entry.id === modelId);
      columns.push({
        index: columns.length,
        promptVersionId,
        modelId,
        promptLabel,
        labels,
        modelName: model?.name ?? (models ? 'Removed model' : '…'),
        modelKind: model?.kind ?? 'missing',
        groupStart: modelIndex === 0,
      });
    }
  }
  return { columns, groups };
}
