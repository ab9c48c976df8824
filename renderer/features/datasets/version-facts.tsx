import type { DatasetVersion } from '../../../shared/contract/datasets.js';
import { formatDateTime, formatRelative } from '../../lib/format-date.js';
import { formatCount } from '../../ui/format.js';
import { sourceLabel } from './source-label.js';

/** A version in one line: rows, the variables it fills, reference and context, where it came from. */
export function VersionFacts({ version }: { version: DatasetVersion }) {
  return (
    <div className="ds-facts" data-testid="version-facts">
      <span className="ds-fact-strong">
        {formatCount(version.rowCount)} {version.rowCount === 1 ? 'row' : 'rows'}
      </span>
      <span className="ds-fact-sep">·</span>
      <span className="ds-var-list">
        {version.variables.map((name) => (
          <code key={name} className="ds-var">
            {name}
          </code>
        ))}
      </span>
      {version.hasReference && <span className="ds-role-chip" data-role="reference">reference</span>}
      {version.hasContext && <span className="ds-role-chip" data-role="context">context</span>}
      <span className="ds-fact-sep">·</span>
      <span className="ds-fact-source" title={version.source} data-testid="version-source">
        {sourceLabel(version.source)}
      </span>
      <span className="ds-fact-sep">·</span>
      <span className="ds-fact-date" title={formatDateTime(version.createdAt)}>
        {formatRelative(version.createdAt)}
      </span>
    </div>
  );
}
