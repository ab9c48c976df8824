import { useState, type FormEvent } from 'react';
import { describeError } from '../../lib/describe-error.js';

/** A name, and Add: a new local annotator profile (names are unique, whatever their case). */
export function NewAnnotatorForm({ create, onCreated, onCancel, autoFocus = true }: { create(name: string): Promise<{ id: string }>; onCreated(id: string): void; onCancel?: () => void; autoFocus?: boolean }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim() || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const created = await create(name.trim());
      onCreated(created.id);
    } catch (reason) {
      setError(describeError(reason));
      setBusy(false);
    }
  };
  return (
    <form className="annotator-new-form" onSubmit={(event) => void submit(event)}>
      <input
        className="input"
        autoFocus={autoFocus}
        value={name}
        maxLength={200}
        placeholder="Name, e.g. Ada"
        aria-label="New annotator’s name"
        onChange={(event) => setName(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && name && onCancel) {
            event.stopPropagation();
            onCancel();
          }
        }}
        data-testid="new-annotator-name"
      />
      <button type="submit" className="btn btn-primary btn-sm" disabled={!name.trim() || busy} data-testid="create-annotator">
        {busy ? 'Adding…' : 'Add'}
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
