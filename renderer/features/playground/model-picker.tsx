import type { ModelEntry } from '../../../shared/contract/models.js';
import { Icon } from '../../ui/icon.js';
import { maxPlaygroundModels } from './playground-draft.js';

/** Up to four models; the order they are picked in is the order of the columns. */
export function ModelPicker({ models, selected, onChange }: { models: ModelEntry[] | undefined; selected: string[]; onChange(ids: string[]): void }) {
  const full = selected.length >= maxPlaygroundModels;
  if (models && models.length === 0) return <p className="picker-empty">Add a model on the Library tab first.</p>;
  return (
    <ul className="model-picker" aria-label="Models to compare" data-testid="model-picker">
      {models?.map((model) => {
        const position = selected.indexOf(model.id);
        const checked = position !== -1;
        return (
          <li key={model.id}>
            <label className="picker-row" data-checked={checked || undefined} data-disabled={(!checked && full) || undefined}>
              <input
                type="checkbox"
                className="checkbox"
                checked={checked}
                disabled={!checked && full}
                onChange={(event) => onChange(event.target.checked ? [...selected, model.id] : selected.filter((id) => id !== model.id))}
                data-testid="picker-checkbox"
                data-model-name={model.name}
              />
              <Icon name={model.kind === 'local' ? 'file' : 'globe'} size={12} className="picker-kind" />
              <span className="picker-name" title={model.name}>
                {model.name}
              </span>
              {model.kind === 'local' && model.status.state === 'loaded' && <span className="picker-loaded" title="Loaded" />}
              {checked && <span className="picker-position">{position + 1}</span>}
            </label>
          </li>
        );
      })}
    </ul>
  );
}
