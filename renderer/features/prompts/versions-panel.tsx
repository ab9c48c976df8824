import type { PromptDetail } from '../../../shared/contract/prompts.js';
import { Icon } from '../../ui/icon.js';
import { VersionRow } from './version-row.js';

export interface VersionActions {
  view(number: number): void;
  restore(number: number): Promise<void>;
  setLabel(number: number, label: string): Promise<void>;
  removeLabel(label: string): Promise<void>;
}

export function VersionsPanel({
  detail,
  selected,
  onSelectedChange,
  onCompare,
  viewing,
  actions,
}: {
  detail: PromptDetail;
  /** Up to two version numbers picked for a diff. */
  selected: readonly number[];
  onSelectedChange(selected: number[]): void;
  onCompare(from: number, to: number): void;
  viewing: number | undefined;
  actions: VersionActions;
}) {
  const toggle = (number: number) => {
    if (selected.includes(number)) onSelectedChange(selected.filter((n) => n !== number));
    else onSelectedChange([...selected.slice(-1), number]);
  };
  const [a, b] = selected;
  const canCompare = a !== undefined && b !== undefined;

  return (
    <section className="panel-section versions" aria-labelledby="versions-title" data-testid="versions-panel">
      <div className="panel-section-head">
        <h3 id="versions-title" className="section-title">
          Versions
        </h3>
        <span className="muted">{detail.versions.length}</span>
        <span className="panel-section-spacer" />
        <button
          type="button"
          className="btn btn-sm"
          disabled={!canCompare}
          onClick={() => canCompare && onCompare(Math.min(a, b), Math.max(a, b))}
          title={canCompare ? `Compare version ${Math.min(a, b)} with version ${Math.max(a, b)}` : 'Tick two versions to compare them'}
          data-testid="compare-versions"
        >
          <Icon name="diff" size={13} />
          {canCompare ? `Compare v${Math.min(a, b)} ↔ v${Math.max(a, b)}` : 'Compare'}
        </button>
      </div>
      <p className="panel-hint">Every save is an immutable version. Tick two to compare them.</p>
      <ol className="version-list" data-testid="version-list">
        {detail.versions.map((version) => (
          <VersionRow
            key={version.id}
            version={version}
            latest={version.number === detail.latestVersion}
            selected={selected.includes(version.number)}
            viewing={viewing === version.number}
            onToggle={() => toggle(version.number)}
            actions={actions}
          />
        ))}
      </ol>
    </section>
  );
}
