import { useState } from 'react';
import type { DatasetSummary } from '../../../shared/contract/datasets.js';
import { routeHref } from '../../app/router.js';
import { formatDateTime, formatRelative } from '../../lib/format-date.js';
import { formatCount } from '../../ui/format.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { importKey, quickAddKey, type DatasetsView } from './datasets-route.js';
import { useDatasetList } from './use-dataset-list.js';
import { SearchBox } from '../../ui/search-box.js';

export function DatasetList({ selectedId, view, revision }: { selectedId: string | undefined; view: DatasetsView['kind']; revision: number }) {
  const [query, setQuery] = useState('');
  const { datasets, error } = useDatasetList(revision);
  const needle = query.trim().toLowerCase();
  const shown = datasets?.filter((dataset) => !needle || dataset.name.toLowerCase().includes(needle) || dataset.latest.variables.some((v) => v.toLowerCase().includes(needle)));

  return (
    <aside className="side-list" aria-label="Datasets">
      <div className="side-list-top">
        <SearchBox label="Search datasets" title="Searches names and variables" value={query} onChange={setQuery} />
        <a className="btn btn-square" href={routeHref('datasets', quickAddKey)} title="Type a few rows" aria-label="Type a few rows" data-testid="quick-add-dataset" aria-current={view === 'quick-add' ? 'page' : undefined}>
          <Icon name="table-edit" size={14} />
        </a>
        <a className="btn btn-primary btn-square" href={routeHref('datasets', importKey)} title="Import rows" aria-label="Import rows" data-testid="import-dataset">
          <Icon name="plus" size={15} />
        </a>
      </div>
      {error && (
        <div className="side-list-notice">
          <Notice tone="danger">{error}</Notice>
        </div>
      )}
      <div className="side-list-items">
        <ul data-testid="dataset-list">
          {view === 'import' && !selectedId && <DraftItem title="New import" href={routeHref('datasets', importKey)} />}
          {view === 'quick-add' && <DraftItem title="Typed rows" href={routeHref('datasets', quickAddKey)} />}
          {shown?.map((dataset) => <DatasetItem key={dataset.id} dataset={dataset} selected={dataset.id === selectedId} />)}
        </ul>
        {shown?.length === 0 && view !== 'import' && view !== 'quick-add' && (
          <p className="side-list-empty">{needle ? `No dataset matches “${query.trim()}”.` : 'No datasets yet. Import one with +, or type a few rows.'}</p>
        )}
      </div>
    </aside>
  );
}

function DraftItem({ title, href }: { title: string; href: string }) {
  return (
    <li>
      <a className="side-list-item" href={href} aria-current="page">
        <span className="side-list-item-name">
          <span className="side-list-item-title">{title}</span>
          <span className="draft-dot" aria-hidden="true" />
        </span>
        <span className="side-list-item-meta">not imported yet</span>
      </a>
    </li>
  );
}

function DatasetItem({ dataset, selected }: { dataset: DatasetSummary; selected: boolean }) {
  const rows = dataset.latest.rowCount;
  return (
    <li>
      <a className="side-list-item" href={routeHref('datasets', dataset.id)} aria-current={selected ? 'page' : undefined} data-testid="dataset-item" data-dataset-name={dataset.name}>
        <span className="side-list-item-name">
          <span className="side-list-item-title">{dataset.name}</span>
        </span>
        <span className="side-list-item-meta">
          <span>v{dataset.latest.number}</span>
          <span>·</span>
          <span>
            {formatCount(rows)} {rows === 1 ? 'row' : 'rows'}
          </span>
          <span>·</span>
          <span title={formatDateTime(dataset.latest.createdAt)}>{formatRelative(dataset.latest.createdAt)}</span>
        </span>
      </a>
    </li>
  );
}
