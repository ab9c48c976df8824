import { useState } from 'react';
import { Icon } from '../../ui/icon.js';

/** The prompt's name; click to rename. Enter or leaving the field saves, Escape cancels. */
export function PromptTitle({ name, onRename }: { name: string; onRename(name: string): Promise<void> }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(name);
  const [error, setError] = useState<string>();

  const commit = async () => {
    const next = value.trim();
    if (!next || next === name) {
      setEditing(false);
      setValue(name);
      return;
    }
    try {
      await onRename(next);
      setEditing(false);
      setError(undefined);
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    }
  };

  if (!editing) {
    return (
      <button
        type="button"
        className="prompt-title"
        onClick={() => {
          setValue(name);
          setEditing(true);
        }}
        title="Rename"
        data-testid="prompt-title"
      >
        <h2>{name}</h2>
        <Icon name="pencil" size={13} className="prompt-title-pencil" />
      </button>
    );
  }
  return (
    <div className="prompt-title-edit">
      <input
        className="input prompt-title-input"
        autoFocus
        aria-label="Prompt name"
        data-testid="prompt-name-input"
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          setError(undefined);
        }}
        onBlur={() => void commit()}
        onKeyDown={(event) => {
          if (event.key === 'Enter') void commit();
          if (event.key === 'Escape') {
            setValue(name);
            setEditing(false);
            setError(undefined);
          }
        }}
      />
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
