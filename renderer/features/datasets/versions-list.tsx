import type { DatasetDetail } from '../../../shared/contract/datasets.js';
import { routeHref } from '../../app/router.js';
import { formatDateTime, formatRelative } from '../../lib/format-date.js';
import { formatCount } from '../../ui/format.js';
import { sourceLabel } from './source-label.js';

/** Every version, newest first; each stays exactly as it was imported. */
export function VersionsList({ detail, viewing }: { detail: DatasetDetail; viewing: number }) {
  return (
    <section className="ds-panel-section" aria-label="Versions">
      <p className="ds-side-hint">Every import is a new version. Experiments keep pointing at the version they used.</p>
      <ol className="ds-versions" data-testid="version-list">
        {detail.versions.map((version) => (
          <li key={version.id}>
            <a
              className="ds-version"
              href={routeHref('datasets', detail.id, String(version.number))}
              aria-current={version.number === viewing ? 'true' : undefined}
              data-testid="version-row"
              data-version={version.number}
            >
              <span className="ds-version-line">
                <span className="ds-version-number">v{version.number}</span>
                {version.id === detail.latest.id && <span className="chip" data-tone="accent">latest</span>}
                <span className="ds-version-spacer" />
                <span className="ds-version-date" title={formatDateTime(version.createdAt)}>
                  {formatRelative(version.createdAt)}
                </span>
              </span>
              <span className="ds-version-detail">
                {formatCount(version.rowCount)} {version.rowCount === 1 ? 'row' : 'rows'} · {version.variables.join(', ')}
                {version.hasReference ? ' · reference' : ''}
                {version.hasContext ? ' · context' : ''}
              </span>
              <span className="ds-version-source" title={version.source}>
                {sourceLabel(version.source)}
              </span>
            </a>
          </li>
        ))}
      </ol>
    </section>
  );
}
