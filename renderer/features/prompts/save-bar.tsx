import { Icon } from '../../ui/icon.js';
import { saveShortcutLabel } from './use-save-shortcut.js';

export interface SaveStatus {
  tone: 'success' | 'neutral' | 'danger';
  text: string;
}

export function SaveBar({
  headNumber,
  dirty,
  issueCount,
  saving,
  note,
  onNoteChange,
  onSave,
  onDiscard,
  status,
}: {
  headNumber: number;
  dirty: boolean;
  issueCount: number;
  saving: boolean;
  note: string;
  onNoteChange(note: string): void;
  onSave(): void;
  onDiscard(): void;
  status: SaveStatus | undefined;
}) {
  const blocked = issueCount > 0;
  return (
    <>
      <div className="save-bar">
        <span className="save-state" data-dirty={dirty || undefined} data-testid="save-state">
          {dirty ? (
            <>
              <span className="draft-dot" aria-hidden="true" />
              Unsaved changes
            </>
          ) : (
            <>
              <Icon name="check" size={13} />
              Version {headNumber}
            </>
          )}
        </span>
        <input
          className="input note-input"
          placeholder="Note for this version (optional)"
          aria-label="Version note"
          data-testid="version-note"
          maxLength={500}
          value={note}
          onChange={(event) => onNoteChange(event.target.value)}
        />
        {dirty && (
          <button type="button" className="btn btn-ghost" onClick={onDiscard} data-testid="discard-changes">
            Discard
          </button>
        )}
        <button
          type="button"
          className={dirty ? 'btn btn-primary' : 'btn'}
          onClick={onSave}
          disabled={blocked || saving}
          title={blocked ? 'Fix the problems in the template first' : `Save a new version (${saveShortcutLabel})`}
          data-testid="save-version"
        >
          {saving ? 'Saving…' : 'Save version'}
          <span className="btn-shortcut">{saveShortcutLabel}</span>
        </button>
      </div>
      <SaveStatusLine status={status} />
    </>
  );
}

/** The outcome of the last save, until the next edit. A live region, so screen readers hear it. */
export function SaveStatusLine({ status }: { status: SaveStatus | undefined }) {
  return (
    <div className="save-status" role="status" aria-live="polite" data-testid="save-status" data-tone={status?.tone} hidden={!status}>
      {status && <Icon name={status.tone === 'success' ? 'check' : status.tone === 'danger' ? 'alert' : 'info'} size={13} />}
      {status?.text}
    </div>
  );
}
