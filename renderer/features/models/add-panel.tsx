import type { SecretInfo } from '../../../shared/contract/models.js';
import { Icon, type IconName } from '../../ui/icon.js';
import { AddLocalForm } from './add-local-form.js';
import { AddRemoteForm } from './add-remote-form.js';
import { DownloadForm } from './download-form.js';
import type { AddKind } from './models-route.js';
import { isActiveDownload, type DownloadsState } from './use-downloads.js';

const kinds: { kind: AddKind; label: string; icon: IconName }[] = [
  { kind: 'local', label: 'Local file or folder', icon: 'file' },
  { kind: 'remote', label: 'Remote endpoint', icon: 'globe' },
  { kind: 'download', label: 'Download', icon: 'download' },
];

export function AddPanel({
  kind,
  secrets,
  downloads,
  onKind,
  onOpen,
  onClose,
}: {
  kind: AddKind;
  secrets: readonly SecretInfo[] | undefined;
  downloads: DownloadsState;
  onKind(kind: AddKind): void;
  onOpen(id: string): void;
  onClose(): void;
}) {
  const active = downloads.downloads.filter(isActiveDownload).length;
  return (
    <section className="model-detail add-panel" aria-label="Add a model" data-testid="add-panel">
      <header className="model-detail-header">
        <div className="model-detail-main">
          <h2 className="add-title">Add a model</h2>
        </div>
        <div className="segmented" role="tablist" aria-label="What to add">
          {kinds.map((option) => (
            <button
              key={option.kind}
              type="button"
              role="tab"
              aria-selected={kind === option.kind}
              onClick={() => onKind(option.kind)}
              data-testid={`add-kind-${option.kind}`}
            >
              <Icon name={option.icon} size={13} />
              {option.label}
              {option.kind === 'download' && active > 0 && <span className="tab-badge">{active}</span>}
            </button>
          ))}
        </div>
        <button type="button" className="icon-btn" onClick={onClose} aria-label="Close" title="Close (Esc)">
          <Icon name="close" size={14} />
        </button>
      </header>
      <div
        className="model-detail-scroll"
        role="tabpanel"
        onKeyDown={(event) => {
          if (event.key === 'Escape' && !(event.target instanceof HTMLSelectElement)) onClose();
        }}
      >
        {kind === 'local' && <AddLocalForm onOpen={onOpen} />}
        {kind === 'remote' && <AddRemoteForm secrets={secrets} onAdded={onOpen} />}
        {kind === 'download' && <DownloadForm downloads={downloads} onOpen={onOpen} />}
      </div>
    </section>
  );
}
