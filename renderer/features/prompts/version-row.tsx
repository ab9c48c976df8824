import { useState } from 'react';
import type { PromptVersionSummary } from '../../../shared/contract/prompts.js';
import { formatDateTime, formatRelative } from '../../lib/format-date.js';
import { Icon } from '../../ui/icon.js';
import { LabelChip } from '../../ui/label-chip.js';
import { LabelForm } from './label-form.js';
import type { VersionActions } from './versions-panel.js';

export function VersionRow({
  version,
  latest,
  selected,
  viewing,
  onToggle,
  actions,
}: {
  version: PromptVersionSummary;
  latest: boolean;
  selected: boolean;
  viewing: boolean;
  onToggle(): void;
  actions: VersionActions;
}) {
  const [labelling, setLabelling] = useState(false);
  const [restoring, setRestoring] = useState(false);

  const restore = async () => {
    setRestoring(true);
    try {
      await actions.restore(version.number);
    } finally {
      setRestoring(false);
    }
  };

  return (
    <li className="version-row" data-viewing={viewing || undefined} data-testid="version-row" data-version={version.number}>
      <input
        type="checkbox"
        className="checkbox"
        checked={selected}
        onChange={onToggle}
        aria-label={`Select version ${version.number} to compare`}
        data-testid="version-select"
      />
      <div className="version-main">
        <div className="version-line">
          <button type="button" className="version-number" onClick={() => actions.view(version.number)} title={`View version ${version.number}`}>
            v{version.number}
          </button>
          {latest && <span className="chip" data-tone="accent">latest</span>}
          {version.labels.map((label) => (
            <LabelChip key={label} label={label} onRemove={() => void actions.removeLabel(label).catch(() => {})} />
          ))}
          <span className="version-spacer" />
          <time className="version-date" dateTime={version.createdAt} title={formatDateTime(version.createdAt)}>
            {formatRelative(version.createdAt)}
          </time>
        </div>
        {version.note && <p className="version-note">{version.note}</p>}
        <div className="version-actions">
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => actions.view(version.number)} data-testid="view-version">
            <Icon name="eye" size={13} />
            View
          </button>
          {!latest && (
            <button type="button" className="btn btn-ghost btn-sm" onClick={restore} disabled={restoring} data-testid="restore-version">
              <Icon name="restore" size={13} />
              Restore
            </button>
          )}
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setLabelling((open) => !open)} aria-expanded={labelling} data-testid="add-label">
            <Icon name="tag" size={13} />
            Label
          </button>
        </div>
        {labelling && (
          <LabelForm
            versionNumber={version.number}
            onSubmit={async (label) => {
              await actions.setLabel(version.number, label);
              setLabelling(false);
            }}
            onCancel={() => setLabelling(false)}
          />
        )}
      </div>
    </li>
  );
}
