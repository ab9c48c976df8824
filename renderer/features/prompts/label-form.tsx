import { useId, useState, type FormEvent } from 'react';
import { describeError } from '../../lib/describe-error.js';

const suggestions = ['production', 'candidate', 'staging', 'baseline'];

/** Labels are one per prompt: giving one to this version moves it here from any other. */
export function LabelForm({
  versionNumber,
  onSubmit,
  onCancel,
}: {
  versionNumber: number;
  onSubmit(label: string): Promise<void>;
  onCancel(): void;
}) {
  const listId = useId();
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!label.trim() || busy) return;
    setBusy(true);
    try {
      await onSubmit(label.trim());
    } catch (reason) {
      setError(describeError(reason));
      setBusy(false);
    }
  };

  return (
    <form className="label-form" onSubmit={submit} data-testid="label-form">
      <div className="label-form-row">
        <input
          className="input"
          autoFocus
          list={listId}
          placeholder="production, candidate…"
          aria-label={`Label for version ${versionNumber}`}
          data-testid="label-input"
          value={label}
          onChange={(event) => {
            setLabel(event.target.value);
            setError(undefined);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') onCancel();
          }}
        />
        <datalist id={listId}>
          {suggestions.map((suggestion) => (
            <option key={suggestion} value={suggestion} />
          ))}
        </datalist>
        <button type="submit" className="btn btn-sm btn-primary" disabled={!label.trim() || busy} data-testid="label-submit">
          Add
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
