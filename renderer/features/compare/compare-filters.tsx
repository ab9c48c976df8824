import type { CompareColumn } from '../../../shared/contract/compare.js';
import { modelLabel, promptLabel } from './column-label.js';

interface Choice {
  id: string;
  label: string;
}

/** Models and prompt versions of the experiment, each once, in matrix order. */
export function filterChoices(columns: readonly CompareColumn[]): { models: Choice[]; versions: Choice[] } {
  const models = new Map<string, string>();
  const versions = new Map<string, string>();
  for (const column of columns) {
    if (!models.has(column.modelId)) models.set(column.modelId, modelLabel(column));
    if (!versions.has(column.promptVersionId)) versions.set(column.promptVersionId, promptLabel(column));
  }
  const list = (map: Map<string, string>) => [...map].map(([id, label]) => ({ id, label }));
  return { models: list(models), versions: list(versions) };
}

/** A chosen subset, where [] means all: turning one off leaves the others on; the last one stays on. */
export function toggleChoice(chosen: readonly string[], all: readonly string[], id: string): string[] {
  const on = chosen.length === 0 ? [...all] : [...chosen];
  const next = on.includes(id) ? on.filter((other) => other !== id) : all.filter((other) => other === id || on.includes(other));
  if (next.length === 0) return [...chosen];
  return next.length === all.length ? [] : next;
}

/** Failed only, and (when there is a choice) which models and prompt versions count. */
export function CompareFilters({
  columns,
  failedOnly,
  onFailedOnly,
  modelIds,
  onModelIds,
  promptVersionIds,
  onPromptVersionIds,
}: {
  columns: readonly CompareColumn[];
  failedOnly: boolean;
  onFailedOnly(value: boolean): void;
  modelIds: readonly string[];
  onModelIds(ids: string[]): void;
  promptVersionIds: readonly string[];
  onPromptVersionIds(ids: string[]): void;
}) {
  const { models, versions } = filterChoices(columns);
  const failedColumns = columns.filter((column) => column.failed > 0).length;
  return (
    <div className="cmp-filters" data-testid="compare-filters">
      <div className="cmp-filter-line">
        <button
          type="button"
          className="cmp-toggle"
          aria-pressed={failedOnly}
          onClick={() => onFailedOnly(!failedOnly)}
          title={failedColumns === 0 ? 'No generation of this experiment failed' : 'Only rows with a failed generation (f)'}
          data-testid="filter-failed"
        >
          <span className="cmp-toggle-box" aria-hidden="true" />
          Failed only
          <span className="kbd">f</span>
        </button>
      </div>
      {models.length > 1 && <ChoiceLine name="Models" choices={models} chosen={modelIds} onChange={onModelIds} testId="filter-model" />}
      {versions.length > 1 && <ChoiceLine name="Prompts" choices={versions} chosen={promptVersionIds} onChange={onPromptVersionIds} testId="filter-version" />}
    </div>
  );
}

function ChoiceLine({ name, choices, chosen, onChange, testId }: { name: string; choices: Choice[]; chosen: readonly string[]; onChange(ids: string[]): void; testId: string }) {
  const all = choices.map((choice) => choice.id);
  return (
    <div className="cmp-filter-line" role="group" aria-label={name}>
      <span className="cmp-filter-name">{name}</span>
      <span className="cmp-chips">
        {choices.map((choice) => {
          const on = chosen.length === 0 || chosen.includes(choice.id);
          return (
            <button
              key={choice.id}
              type="button"
              className="cmp-chip"
              aria-pressed={on}
              title={on ? `Leave out ${choice.label}` : `Count ${choice.label}`}
              onClick={() => onChange(toggleChoice(chosen, all, choice.id))}
              data-testid={testId}
              data-label={choice.label}
            >
              {choice.label}
            </button>
          );
        })}
      </span>
    </div>
  );
}
