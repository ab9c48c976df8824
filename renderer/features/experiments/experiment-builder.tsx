import { useEffect, useRef, useState } from 'react';
import type { ExperimentSummary } from '../../../shared/contract/experiments.js';
import type { ModelEntry } from '../../../shared/contract/models.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';
import { formatCost, formatCount } from '../../ui/format.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { useModShortcut } from '../../ui/use-mod-shortcut.js';
import { checkDraft, emptyBuilderDraft, type BuilderDraft } from './builder-draft.js';
import { useCatalog } from './catalog-context.js';
import { DatasetPicker } from './dataset-picker.js';
import { EstimatePanel } from './estimate-panel.js';
import { ModelParamsTable } from './model-params-table.js';
import { PromptVersionPicker } from './prompt-version-picker.js';
import { RunSettings } from './run-settings.js';
import { useDatasetDetail, useLocatedVersion } from './use-dataset-detail.js';
import { useEstimate } from './use-estimate.js';
import type { PromptVersionInfo } from './use-prompt-catalog.js';
import { useVersionVariables } from './use-version-variables.js';

type SetDraft = (update: (current: BuilderDraft) => BuilderDraft) => void;

/** A new experiment: prompt versions × models (with parameters) × a dataset version, its estimate, and Run. */
export function ExperimentBuilder({
  draft,
  setDraft,
  copyError,
  onCreated,
}: {
  draft: BuilderDraft;
  setDraft: SetDraft;
  /** Why the settings of the experiment to copy could not be read, if so. */
  copyError: string | undefined;
  onCreated(summary: ExperimentSummary): void;
}) {
  const api = useApi();
  const catalog = useCatalog();
  const rootRef = useRef<HTMLDivElement>(null);
  const [busy, setBusy] = useState(false);
  const [createError, setCreateError] = useState<string>();

  // The dataset list has no change event; whoever opens the builder gets it fresh.
  const reloadDatasets = catalog.datasets.reload;
  useEffect(reloadDatasets, [reloadDatasets]);

  // A copied draft knows its dataset version, not which dataset it belongs to.
  const located = useLocatedVersion(draft.datasetId ? '' : draft.datasetVersionId, draft.datasetId ? undefined : catalog.datasets.datasets);
  useEffect(() => {
    if (located && !draft.datasetId) setDraft((current) => ({ ...current, datasetId: located.datasetId }));
  }, [located, draft.datasetId, setDraft]);

  const pickedVersions = draft.promptVersionIds.map((id) => catalog.prompts.versions.get(id)).filter((info): info is PromptVersionInfo => info !== undefined);
  const pickedModels = draft.modelIds.map((id) => catalog.models.models?.find((model) => model.id === id)).filter((model): model is ModelEntry => model !== undefined);
  const fallbackName = suggestName(pickedVersions, pickedModels);
  const check = checkDraft(draft, fallbackName);
  const estimate = useEstimate(check.config);
  const variables = useVersionVariables(pickedVersions);
  const needed = new Map<string, string[]>();
  for (const version of pickedVersions) {
    for (const name of variables.get(version.id) ?? []) needed.set(name, [...(needed.get(name) ?? []), `${version.promptName} v${version.number}`]);
  }
  const { detail: datasetDetail } = useDatasetDetail(draft.datasetId);
  const datasetVersion =
    datasetDetail?.versions.find((version) => version.id === draft.datasetVersionId) ??
    catalog.datasets.datasets?.find((dataset) => dataset.latest.id === draft.datasetVersionId)?.latest;
  const samples = Number(draft.samples);

  const unpriced = pickedModels.filter((model) => model.prices.inputPerMillion === null || model.prices.outputPerMillion === null).map((model) => model.name);
  const overBudget = budgetNote(check.config?.budget, estimate.estimate);

  const set = <K extends keyof BuilderDraft>(key: K, value: BuilderDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));

  const create = async (run: boolean) => {
    const config = check.config;
    const answer = estimate.estimate;
    if (busy || !config || estimate.pending || !answer || answer.problems.length > 0) return;
    setBusy(true);
    setCreateError(undefined);
    try {
      let summary = await api.experiments.create(config);
      if (run) summary = await api.experiments.start({ id: summary.id });
      // The choices stay for the next experiment (change one thing, run again); the name does not.
      setDraft((current) => ({ ...current, name: '' }));
      onCreated(summary);
    } catch (reason) {
      setCreateError(describeError(reason));
    } finally {
      setBusy(false);
    }
  };
  useModShortcut(rootRef, 'Enter', () => void create(true));

  return (
    <div className="ex-builder" ref={rootRef} data-testid="experiment-builder">
      <header className="ex-builder-head">
        <Icon name="experiments" size={16} className="ex-builder-icon" />
        <input
          className="ex-name-input"
          value={draft.name}
          placeholder={fallbackName}
          aria-label="Experiment name"
          spellCheck={false}
          maxLength={200}
          onChange={(event) => set('name', event.target.value)}
          data-testid="experiment-name"
        />
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          onClick={() => setDraft(() => emptyBuilderDraft)}
          title="Start over with nothing picked"
          data-testid="clear-builder"
        >
          Clear
        </button>
      </header>
      {copyError && (
        <div className="ex-notices">
          <Notice tone="danger">{copyError}</Notice>
        </div>
      )}
      <div className="ex-builder-body">
        <div className="ex-builder-scroll">
          <PromptVersionPicker selected={draft.promptVersionIds} onChange={(ids) => set('promptVersionIds', ids)} />
          <ModelParamsTable
            selected={draft.modelIds}
            params={draft.params}
            errors={check.paramErrors}
            onSelect={(ids) => set('modelIds', ids)}
            onParams={(modelId, params) => setDraft((current) => ({ ...current, params: { ...current.params, [modelId]: params } }))}
          />
          <DatasetPicker
            datasetId={draft.datasetId}
            versionId={draft.datasetVersionId}
            needed={needed}
            onChange={(datasetId, datasetVersionId) => setDraft((current) => ({ ...current, datasetId, datasetVersionId }))}
          />
          <RunSettings draft={draft} errors={check.settingErrors} onChange={(field, value) => set(field, value)} />
        </div>
        <EstimatePanel
          shape={{
            promptVersions: draft.promptVersionIds.length,
            models: draft.modelIds.length,
            columns: pickedVersions.map((version) => ({ prompt: `${version.promptName} v${version.number}`, models: pickedModels.map((model) => model.name) })),
            rows: datasetVersion?.rowCount,
            samples: Number.isInteger(samples) && samples > 0 ? samples : undefined,
          }}
          estimate={estimate}
          missing={check.missing}
          unpriced={unpriced}
          overBudget={overBudget}
          busy={busy}
          createError={createError}
          onCreate={(run) => void create(run)}
        />
      </div>
    </div>
  );
}

/** "Capitals v1, v2 × tiny-a, gpt-4o-mini": a name from what was picked, for when none is typed. */
function suggestName(versions: PromptVersionInfo[], models: ModelEntry[]): string {
  if (versions.length === 0 && models.length === 0) return 'Name this experiment';
  const byPrompt = new Map<string, number[]>();
  for (const version of versions) byPrompt.set(version.promptName, [...(byPrompt.get(version.promptName) ?? []), version.number]);
  const prompts = [...byPrompt].map(([name, numbers]) => `${name} ${numbers.map((n) => `v${n}`).join(', ')}`).join(' vs ');
  const names = models.map((model) => model.name).join(', ');
  const text = [prompts, names].filter(Boolean).join(' × ');
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

function budgetNote(
  budget: { maxCostUsd?: number | null | undefined; maxTokens?: number | null | undefined } | undefined,
  estimate: { estimatedCostUsd: number | null; estimatedTokens: number } | undefined,
): string | null {
  if (!budget || !estimate) return null;
  if (budget.maxCostUsd && estimate.estimatedCostUsd !== null && estimate.estimatedCostUsd > budget.maxCostUsd) {
    return `The estimate is above the max spend; the run pauses when it reaches ${formatCost(budget.maxCostUsd)}.`;
  }
  if (budget.maxTokens && estimate.estimatedTokens > budget.maxTokens) {
    return `The estimate is above the token limit; the run pauses at ${formatCount(budget.maxTokens)} tokens.`;
  }
  return null;
}
