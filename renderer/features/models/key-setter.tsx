import { useState } from 'react';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';
import { Icon } from '../../ui/icon.js';

/**
 * A password field whose value goes to the backend once, with `secrets.set`, and is then
 * forgotten: the renderer never reads a key back (the list shows masks only).
 */
export function KeySetter({ name, isSet, onDone }: { name: string; isSet: boolean; onDone?(): void }) {
  const api = useApi();
  const [value, setValue] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  const save = async () => {
    if (!value.trim() || saving) return;
    setSaving(true);
    try {
      await api.secrets.set({ name, value: value.trim() });
      setValue('');
      setError(undefined);
      onDone?.();
    } catch (reason) {
      setError(describeError(reason));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="key-setter"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div className="key-setter-row">
        <input
          className="input mono"
          type="password"
          autoComplete="new-password"
          spellCheck={false}
          value={value}
          placeholder={isSet ? `Replace ${name}` : `Paste ${name}`}
          aria-label={`Value of ${name}`}
          onChange={(event) => setValue(event.target.value)}
        />
        <button type="submit" className="btn btn-sm" disabled={!value.trim() || saving}>
          <Icon name="key" size={13} />
          {saving ? 'Saving…' : isSet ? 'Replace' : 'Save key'}
        </button>
      </div>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
