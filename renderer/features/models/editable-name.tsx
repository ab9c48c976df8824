import { useState } from 'react';
import { describeError } from '../../lib/describe-error.js';
import { Icon } from '../../ui/icon.js';

/** The model's display name; click to rename, Enter saves, Escape cancels. */
export function EditableName({ name, onRename }: { name: string; onRename(name: string): Promise<void> }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(name);
  const [error, setError] = useState<string>();

  if (!editing) {
    return (
      <button
        type="button"
        className="model-title"
        title="Rename"
        data-testid="model-title"
        onClick={() => {
          setValue(name);
          setError(undefined);
          setEditing(true);
        }}
      >
        <h2>{name}</h2>
        <Icon name="pencil" size={13} className="model-title-pencil" />
      </button>
    );
  }

  const save = async () => {
    const trimmed = value.trim();
    if (!trimmed || trimmed === name) {
      setEditing(false);
      return;
    }
    try {
      await onRename(trimmed);
      setEditing(false);
    } catch (reason) {
      setError(describeError(reason));
    }
  };

  return (
    <form
      className="model-title-edit"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <input
        className="input model-title-input"
        value={value}
        aria-label="Model name"
        autoFocus
        maxLength={200}
        onChange={(event) => setValue(event.target.value)}
        onBlur={() => void save()}
        onKeyDown={(event) => {
          if (event.key === 'Escape') setEditing(false);
        }}
      />
      {error && <span className="form-error">{error}</span>}
    </form>
  );
}
