import { useCallback, useState } from 'react';
import { useNavigate, useRoute } from '../../app/router.js';
import { Icon } from '../../ui/icon.js';
import { DatasetList } from './dataset-list.js';
import { DatasetWorkspace } from './dataset-workspace.js';
import { datasetsView, importKey, quickAddKey } from './datasets-route.js';
import { ImportPanel } from './import-panel.js';
import { QuickAddPanel } from './quick-add-panel.js';
import './datasets.css';

export function DatasetsScreen() {
  const route = useRoute();
  const navigate = useNavigate();
  const view = datasetsView(route);
  // No event announces dataset changes yet, so this window counts its own and lists follow.
  const [revision, setRevision] = useState(0);
  const changed = useCallback(
    (datasetId: string) => {
      setRevision((n) => n + 1);
      navigate('datasets', datasetId);
    },
    [navigate],
  );
  const selectedId = view.kind === 'dataset' ? view.datasetId : view.kind === 'import' ? view.datasetId : undefined;

  return (
    <div className="datasets-screen">
      <DatasetList selectedId={selectedId} view={view.kind} revision={revision} />
      {view.kind === 'import' ? (
        <ImportPanel
          key={view.datasetId ?? importKey}
          datasetId={view.datasetId}
          revision={revision}
          onImported={(detail) => changed(detail.id)}
          onCancel={() => (view.datasetId ? navigate('datasets', view.datasetId) : navigate('datasets'))}
        />
      ) : view.kind === 'quick-add' ? (
        <QuickAddPanel onCreated={(detail) => changed(detail.id)} onCancel={() => navigate('datasets')} />
      ) : view.kind === 'dataset' ? (
        <DatasetWorkspace key={view.datasetId} datasetId={view.datasetId} versionNumber={view.version} revision={revision} />
      ) : (
        <div className="ds-empty empty-state" data-testid="datasets-empty">
          <h2>Rows to test prompts against</h2>
          <p>
            Each row fills the {'{{ variables }}'} of a prompt, with an optional reference answer and context passages. Import a CSV,
            TSV, JSONL, JSON or Parquet file, paste rows, or type a few by hand. Every import is a new, immutable version.
          </p>
          <div className="ds-empty-actions">
            <button type="button" className="btn btn-primary" onClick={() => navigate('datasets', importKey)}>
              <Icon name="download" size={14} />
              Import rows
            </button>
            <button type="button" className="btn" onClick={() => navigate('datasets', quickAddKey)}>
              <Icon name="table-edit" size={14} />
              Type a few rows
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
