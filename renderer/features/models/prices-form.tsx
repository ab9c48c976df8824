import { useState } from 'react';
import type { ModelEntry } from '../../../shared/contract/models.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';
import { Notice } from '../../ui/notice.js';
import { checkNumber, Field, parseOptionalNumber } from '../../ui/form-field.js';
import { useDraft } from './use-draft.js';

const text = (value: number | null) => (value === null ? '' : String(value));

/** US dollars per million tokens; every generation's cost comes from these. */
export function PricesForm({ model, onSaved }: { model: ModelEntry; onSaved(entry: ModelEntry): void }) {
  const api = useApi();
  const { draft, setDraft, dirty, reset } = useDraft({ input: text(model.prices.inputPerMillion), output: text(model.prices.outputPerMillion) });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const errors = { input: checkNumber(draft.input, 'The input price', 0, 100_000), output: checkNumber(draft.output, 'The output price', 0, 100_000) };
  const invalid = Boolean(errors.input ?? errors.output);

  const save = async () => {
    if (invalid) return;
    setSaving(true);
    try {
      const entry = await api.models.update({
        id: model.id,
        prices: { inputPerMillion: parseOptionalNumber(draft.input) ?? null, outputPerMillion: parseOptionalNumber(draft.output) ?? null },
      });
      onSaved(entry);
      setError(undefined);
    } catch (reason) {
      setError(describeError(reason));
    } finally {
      setSaving(false);
    }
  };

  const unpriced = model.prices.inputPerMillion === null && model.prices.outputPerMillion === null;
  return (
    <section className="detail-section" aria-label="Prices" data-testid="prices">
      <div className="detail-section-head">
        <h3 className="section-title">Prices</h3>
        <span className="detail-section-note">
          {model.kind === 'local' ? 'Optional for local models, e.g. your hardware’s cost' : unpriced ? 'No list price known: costs show as —' : 'USD per million tokens'}
        </span>
        <span className="detail-section-spacer" />
        <button type="button" className="btn btn-ghost btn-sm" disabled={!dirty || saving} onClick={reset}>
          Reset
        </button>
        <button type="button" className="btn btn-primary btn-sm" disabled={!dirty || saving || invalid} onClick={() => void save()} data-testid="save-prices">
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
      {error && (
        <div className="detail-section-status">
          <Notice tone="danger" onDismiss={() => setError(undefined)}>
            Not saved: {error}
          </Notice>
        </div>
      )}
      <div className="form-grid">
        <Field label="Input, per 1M tokens" error={errors.input}>
          {(id) => (
            <div className="money-input">
              <span aria-hidden="true">$</span>
              <input
                id={id}
                className="input input-number"
                inputMode="decimal"
                value={draft.input}
                placeholder="unknown"
                onChange={(event) => setDraft((current) => ({ ...current, input: event.target.value }))}
              />
            </div>
          )}
        </Field>
        <Field label="Output, per 1M tokens" error={errors.output}>
          {(id) => (
            <div className="money-input">
              <span aria-hidden="true">$</span>
              <input
                id={id}
                className="input input-number"
                inputMode="decimal"
                value={draft.output}
                placeholder="unknown"
                onChange={(event) => setDraft((current) => ({ ...current, output: event.target.value }))}
              />
            </div>
          )}
        </Field>
      </div>
    </section>
  );
}
