import { useId } from 'react';
import type { ModelEntry } from '../../../shared/contract/models.js';
import { routeHref } from '../../app/router.js';
import { Icon } from '../../ui/icon.js';
import { StopSequences } from '../playground/stop-sequences.js';
import { defaultParams, type ParamErrors, type ParamField, type ParamsDraft } from './builder-draft.js';
import { useCatalog } from './catalog-context.js';

const maxPicked = 50;

const numberFields: { field: ParamField; label: string; title: string; placeholder: string }[] = [
  { field: 'temperature', label: 'Temp', title: 'Temperature, 0–2', placeholder: '0.7' },
  { field: 'topP', label: 'Top P', title: 'Top P (nucleus), above 0 and at most 1; empty: the model’s default', placeholder: '—' },
  { field: 'topK', label: 'Top K', title: 'Top K, 1–1,000; empty: the model’s default', placeholder: '—' },
  { field: 'maxTokens', label: 'Max tokens', title: 'Most output tokens per generation, 1–32,768', placeholder: '512' },
  { field: 'seed', label: 'Seed', title: 'A fixed sampling seed for this model; empty: derived from the experiment’s seed per cell', placeholder: 'auto' },
];

/** Every model, one row each: tick to use it, then its sampling parameters in the same row. */
export function ModelParamsTable({
  selected,
  params,
  errors,
  onSelect,
  onParams,
}: {
  selected: string[];
  params: Record<string, ParamsDraft>;
  errors: Record<string, ParamErrors>;
  onSelect(ids: string[]): void;
  onParams(modelId: string, params: ParamsDraft): void;
}) {
  const { models } = useCatalog();
  const list = models.models ?? [];
  // Models an older experiment used that were removed since still show, so they can be unticked.
  const missing = selected.filter((id) => !list.some((model) => model.id === id));

  return (
    <section className="ex-section" aria-labelledby="ex-models-title">
      <div className="ex-section-head">
        <h3 className="section-title" id="ex-models-title">
          Models
        </h3>
        <span className="ex-count" data-testid="picked-models-count">
          {selected.length === 0 ? 'none picked' : `${selected.length} picked`}
        </span>
      </div>
      {models.error && <p className="form-error">{models.error}</p>}
      {models.models?.length === 0 ? (
        <p className="ex-hint">
          No models yet. <a href={routeHref('models')}>Add a GGUF file or an API endpoint on the Models screen.</a>
        </p>
      ) : (
        <div className="ex-table-wrap">
          <table className="ex-model-table" data-testid="model-table">
            <thead>
              <tr>
                <th className="ex-col-check" aria-label="Use" />
                <th>Model</th>
                {numberFields.map((field) => (
                  <th key={field.field} className="ex-col-num" title={field.title}>
                    {field.label}
                  </th>
                ))}
                <th className="ex-col-stop" title="Stop sequences: type one and press Enter (\n is a newline); Backspace removes the last">
                  Stop
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((model) => (
                <ModelRow
                  key={model.id}
                  model={model}
                  position={selected.indexOf(model.id)}
                  params={params[model.id] ?? defaultParams}
                  errors={errors[model.id]}
                  disabled={selected.length >= maxPicked}
                  onToggle={(on) => onSelect(on ? [...selected, model.id] : selected.filter((id) => id !== model.id))}
                  onParams={(next) => onParams(model.id, next)}
                />
              ))}
              {missing.map((id) => (
                <tr key={id} data-checked>
                  <td className="ex-col-check">
                    <input type="checkbox" className="checkbox" checked onChange={() => onSelect(selected.filter((other) => other !== id))} aria-label="Remove the missing model" />
                  </td>
                  <td colSpan={7} className="form-error">
                    A model this experiment used is no longer in the model list.
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ParamErrorList selected={selected} errors={errors} models={list} />
    </section>
  );
}

function ModelRow({
  model,
  position,
  params,
  errors,
  disabled,
  onToggle,
  onParams,
}: {
  model: ModelEntry;
  position: number;
  params: ParamsDraft;
  errors: ParamErrors | undefined;
  disabled: boolean;
  onToggle(on: boolean): void;
  onParams(params: ParamsDraft): void;
}) {
  const checked = position !== -1;
  const checkboxId = useId();
  const detail = model.kind === 'local' ? 'local GGUF' : model.baseUrl ? hostOf(model.baseUrl) : model.provider;
  return (
    <tr data-checked={checked || undefined} data-testid="model-option" data-model-name={model.name}>
      <td className="ex-col-check">
        <input
          id={checkboxId}
          type="checkbox"
          className="checkbox"
          checked={checked}
          disabled={!checked && disabled}
          onChange={(event) => onToggle(event.target.checked)}
          aria-label={`Use ${model.name}`}
          data-testid="pick-model"
          data-model-name={model.name}
        />
      </td>
      <td className="ex-model-cell">
        <label className="ex-model-name" htmlFor={checkboxId} title={model.kind === 'local' ? model.path : `${model.provider} · ${model.model}`}>
          {checked && <span className="ex-version-position">{position + 1}</span>}
          <Icon name={model.kind === 'local' ? 'file' : 'globe'} size={12} className="ex-model-kind" />
          <span className="ex-model-title">{model.name}</span>
          <span className="ex-model-detail">{detail}</span>
        </label>
      </td>
      {checked ? (
        <>
          {numberFields.map((field) => (
            <td key={field.field} className="ex-col-num">
              <input
                className="input input-number ex-param-input"
                inputMode="decimal"
                value={params[field.field]}
                placeholder={field.placeholder}
                aria-label={`${field.title} for ${model.name}`}
                title={errors?.[field.field] ?? field.title}
                aria-invalid={errors?.[field.field] ? true : undefined}
                onChange={(event) => onParams({ ...params, [field.field]: event.target.value })}
                data-testid={`param-${field.field}`}
              />
            </td>
          ))}
          <td className="ex-col-stop">
            <StopSequences id={`stop-${model.id}`} value={params.stop} onChange={(stop) => onParams({ ...params, stop })} />
          </td>
        </>
      ) : (
        <td colSpan={6} className="ex-model-off">
          {model.kind === 'local' && model.status.state === 'error' ? <span className="form-error">{model.status.message}</span> : null}
        </td>
      )}
    </tr>
  );
}

function ParamErrorList({ selected, errors, models }: { selected: string[]; errors: Record<string, ParamErrors>; models: ModelEntry[] }) {
  const lines = selected.flatMap((id) => {
    const name = models.find((model) => model.id === id)?.name ?? 'A model';
    return Object.values(errors[id] ?? {}).map((message) => `${name}: ${message}`);
  });
  if (lines.length === 0) return null;
  return (
    <ul className="ex-field-errors" role="alert">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
