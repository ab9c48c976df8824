import type { PromptDetail } from '../../../shared/contract/prompts.js';
import { formatDateTime, formatRelative } from '../../lib/format-date.js';
import { Icon } from '../../ui/icon.js';
import { LabelChip } from '../../ui/label-chip.js';
import { PromptTitle } from './prompt-title.js';

export function PromptHeader({
  detail,
  onRename,
  onDuplicate,
  onArchive,
}: {
  detail: PromptDetail;
  onRename(name: string): Promise<void>;
  onDuplicate(): void;
  onArchive(archived: boolean): void;
}) {
  return (
    <div className="prompt-header">
      <div className="prompt-header-main">
        <PromptTitle key={detail.name} name={detail.name} onRename={onRename} />
        <div className="prompt-meta">
          <span>
            {detail.versionCount === 1 ? '1 version' : `${detail.versionCount} versions`}
          </span>
          <span>·</span>
          <span title={formatDateTime(detail.updatedAt)}>updated {formatRelative(detail.updatedAt)}</span>
          {detail.labels.length > 0 && <span>·</span>}
          {detail.versions.flatMap((version) =>
            version.labels.map((label) => (
              <span key={label} className="prompt-meta-label">
                <LabelChip label={label} />
                <span className="muted">v{version.number}</span>
              </span>
            )),
          )}
        </div>
      </div>
      <div className="prompt-header-actions">
        <button type="button" className="btn btn-ghost btn-sm" onClick={onDuplicate} data-testid="duplicate-prompt">
          <Icon name="copy" size={13} />
          Duplicate
        </button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => onArchive(!detail.archived)} data-testid="archive-prompt">
          <Icon name="archive" size={13} />
          {detail.archived ? 'Unarchive' : 'Archive'}
        </button>
      </div>
    </div>
  );
}
