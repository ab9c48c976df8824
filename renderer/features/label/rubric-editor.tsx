import { defaultRubric } from '../../../shared/contract/labeling.js';
import { Icon } from '../../ui/icon.js';
import { criterionDrafts, type CriterionDraft } from './task-set-draft.js';

/** The rubric's criteria: name, what it asks, and its Likert scale (min–max). */
export function RubricEditor({ rubric, error, onChange }: { rubric: CriterionDraft[]; error: string | undefined; onChange(rubric: CriterionDraft[]): void }) {
  const set = (index: number, patch: Partial<CriterionDraft>) => onChange(rubric.map((criterion, at) => (at === index ? { ...criterion, ...patch } : criterion)));
  return (
    <div className="lb-rubric-editor" data-testid="rubric-editor">
      <table className="lb-rubric-table">
        <thead>
          <tr>
            <th>Criterion</th>
            <th>What the annotator judges</th>
            <th className="lb-col-scale">Lowest</th>
            <th className="lb-col-scale">Highest</th>
            <th className="lb-col-remove" aria-label="Remove" />
          </tr>
        </thead>
        <tbody>
          {rubric.map((criterion, index) => (
            <tr key={index} data-testid="rubric-criterion">
              <td>
                <input
                  className="input"
                  value={criterion.name}
                  maxLength={60}
                  aria-label={`Criterion ${index + 1} name`}
                  onChange={(event) => set(index, { name: event.target.value })}
                  data-testid="criterion-name"
                />
              </td>
              <td>
                <input
                  className="input"
                  value={criterion.description}
                  maxLength={500}
                  placeholder="e.g. Is what it says true and exact?"
                  aria-label={`Criterion ${index + 1} description`}
                  onChange={(event) => set(index, { description: event.target.value })}
                />
              </td>
              <td>
                <input
                  className="input input-number"
                  inputMode="numeric"
                  value={criterion.min}
                  aria-label={`Criterion ${index + 1} lowest score`}
                  onChange={(event) => set(index, { min: event.target.value })}
                />
              </td>
              <td>
                <input
                  className="input input-number"
                  inputMode="numeric"
                  value={criterion.max}
                  aria-label={`Criterion ${index + 1} highest score`}
                  onChange={(event) => set(index, { max: event.target.value })}
                />
              </td>
              <td>
                <button
                  type="button"
                  className="icon-btn danger"
                  aria-label={`Remove ${criterion.name || `criterion ${index + 1}`}`}
                  title="Remove this criterion"
                  onClick={() => onChange(rubric.filter((_, at) => at !== index))}
                >
                  <Icon name="trash" size={13} />
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="lb-rubric-actions">
        <button
          type="button"
          className="btn btn-sm"
          disabled={rubric.length >= 12}
          onClick={() => onChange([...rubric, { name: '', description: '', min: '1', max: '5' }])}
          data-testid="add-criterion"
        >
          <Icon name="plus" size={12} />
          Add criterion
        </button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => onChange(criterionDrafts(defaultRubric))}>
          Reset to the default rubric
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert" data-testid="rubric-error">
          {error}
        </p>
      )}
    </div>
  );
}
