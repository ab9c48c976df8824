import { Field } from '../../ui/form-field.js';
import type { BuilderDraft, SettingsField } from './builder-draft.js';

const fields: { field: SettingsField; label: string; hint: string; placeholder?: string; decimal?: boolean }[] = [
  { field: 'samples', label: 'Samples per cell', hint: 'Generations of each prompt × model × row.' },
  { field: 'seed', label: 'Seed', hint: 'Each cell’s seed derives from it: reruns repeat.' },
  { field: 'maxCostUsd', label: 'Max spend, $', hint: 'The run pauses before passing it.', placeholder: 'no limit', decimal: true },
  { field: 'maxTokens', label: 'Max tokens', hint: 'Input + output, over the whole run.', placeholder: 'no limit' },
  { field: 'remoteConcurrency', label: 'Concurrency per endpoint', hint: 'Requests at once to each API.' },
  { field: 'maxRetries', label: 'Retries', hint: '429, 5xx, timeouts; with backoff.' },
  { field: 'timeoutSeconds', label: 'Timeout, s', hint: 'Longest wait for the next token.' },
];

export function RunSettings({
  draft,
  errors,
  onChange,
}: {
  draft: BuilderDraft;
  errors: Partial<Record<SettingsField, string>>;
  onChange(field: SettingsField, value: string): void;
}) {
  return (
    <section className="ex-section" aria-labelledby="ex-settings-title">
      <div className="ex-section-head">
        <h3 className="section-title" id="ex-settings-title">
          Run
        </h3>
      </div>
      <div className="ex-settings-grid">
        {fields.map((spec) => (
          <Field key={spec.field} label={spec.label} hint={spec.hint} error={errors[spec.field]}>
            {(id) => (
              <input
                id={id}
                className="input input-number"
                inputMode={spec.decimal ? 'decimal' : 'numeric'}
                value={draft[spec.field]}
                placeholder={spec.placeholder}
                onChange={(event) => onChange(spec.field, event.target.value)}
                data-testid={`setting-${spec.field}`}
              />
            )}
          </Field>
        ))}
      </div>
    </section>
  );
}
