import { useEffect, useState } from 'react';
import type { DatasetDetail, DatasetRow, DatasetVersion } from '../../../shared/contract/datasets.js';
import { routeHref, useNavigate } from '../../app/router.js';
import { formatDateTime, formatRelative } from '../../lib/format-date.js';
import { formatCount } from '../../ui/format.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { importKey } from './datasets-route.js';
import { RowDetail } from './row-detail.js';
import { RowsTable } from './rows-table.js';
import { useDataset } from './use-dataset.js';
import { VersionFacts } from './version-facts.js';
import { VersionsList } from './versions-list.js';

export function DatasetWorkspace({ datasetId, versionNumber, revision }: { datasetId: string; versionNumber: number | undefined; revision: number }) {
  const { detail, error } = useDataset(datasetId, revision);
  if (!detail) {
    return (
      <div className="ds-workspace ds-workspace-empty" aria-busy={!error}>
        {error && (
          <Notice tone="danger">
            <strong>This dataset could not be opened.</strong> {error}
          </Notice>
        )}
      </div>
    );
  }
  const version = detail.versions.find((v) => v.number === versionNumber) ?? detail.latest;
  return <DatasetView key={version.id} detail={detail} version={version} missingVersion={versionNumber !== undefined && versionNumber !== version.number ? versionNumber : undefined} />;
}

type SideTab = 'row' | 'versions';

function DatasetView({ detail, version, missingVersion }: { detail: DatasetDetail; version: DatasetVersion; missingVersion: number | undefined }) {
  const navigate = useNavigate();
  const [selected, setSelected] = useState<DatasetRow>();
  const [tab, setTab] = useState<SideTab>('row');
  const isLatest = version.id === detail.latest.id;
  useEffect(() => {
    if (selected) setTab('row');
  }, [selected]);

  return (
    <div className="ds-workspace" data-testid="dataset-workspace">
      <div className="ds-header">
        <div className="ds-header-main">
          <h2 className="ds-title" data-testid="dataset-title">
            {detail.name}
          </h2>
          <div className="ds-meta">
            <span>{detail.versionCount === 1 ? '1 version' : `${detail.versionCount} versions`}</span>
            <span>·</span>
            <span title={formatDateTime(detail.createdAt)}>created {formatRelative(detail.createdAt)}</span>
          </div>
        </div>
        <div className="ds-header-actions">
          <a className="btn btn-sm" href={routeHref('datasets', detail.id, importKey)} data-testid="import-version">
            <Icon name="download" size={13} />
            Import new version
          </a>
        </div>
      </div>
      <div className="ds-version-bar">
        <select
          className="select ds-version-picker"
          aria-label="Version"
          data-testid="version-picker"
          value={version.number}
          onChange={(event) => navigate('datasets', detail.id, event.target.value)}
        >
          {detail.versions.map((v) => (
            <option key={v.id} value={v.number}>
              Version {v.number}
              {v.id === detail.latest.id ? ' (latest)' : ''}
            </option>
          ))}
        </select>
        <VersionFacts version={version} />
      </div>
      {missingVersion !== undefined && (
        <div className="ds-notices">
          <Notice tone="warning">Version {missingVersion} does not exist; showing version {version.number}.</Notice>
        </div>
      )}
      {!isLatest && (
        <div className="ds-notices">
          <Notice>
            An older version, kept exactly as imported.{' '}
            <a className="link-button" href={routeHref('datasets', detail.id)}>
              Go to the latest (v{detail.latest.number})
            </a>
          </Notice>
        </div>
      )}
      <div className="ds-body">
        <RowsTable version={version} selectedId={selected?.id} onSelect={setSelected} />
        <aside className="ds-side" aria-label="Details">
          <div className="ds-side-tabs" role="tablist" aria-label="Side panel">
            <button type="button" role="tab" aria-selected={tab === 'row'} className="ds-side-tab" onClick={() => setTab('row')} data-testid="tab-row">
              Row
            </button>
            <button type="button" role="tab" aria-selected={tab === 'versions'} className="ds-side-tab" onClick={() => setTab('versions')} data-testid="tab-versions">
              Versions <span className="ds-tab-count">{detail.versionCount}</span>
            </button>
          </div>
          <div className="ds-side-scroll" role="tabpanel">
            {tab === 'row' ? (
              selected ? (
                <RowDetail row={selected} version={version} />
              ) : (
                <p className="ds-side-hint">Select a row to read it in full. ↑ and ↓ move between rows.</p>
              )
            ) : (
              <VersionsList detail={detail} viewing={version.number} />
            )}
          </div>
        </aside>
      </div>
    </div>
  );
}
