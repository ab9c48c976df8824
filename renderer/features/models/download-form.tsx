import { useState } from 'react';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';
import { formatBytes } from '../../ui/format.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { Field } from '../../ui/form-field.js';
import { isActiveDownload, type DownloadProgress, type DownloadsState } from './use-downloads.js';

export function DownloadForm({ downloads, onOpen }: { downloads: DownloadsState; onOpen(id: string): void }) {
  const api = useApi();
  const [source, setSource] = useState('');
  const [sha256, setSha256] = useState('');
  const [directory, setDirectory] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const shaError = sha256.trim() && !/^[a-f0-9]{64}$/i.test(sha256.trim()) ? 'A SHA-256 is 64 hexadecimal characters.' : undefined;

  const start = async () => {
    const trimmed = source.trim();
    if (trimmed.length < 3 || shaError || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const { downloadId } = await api.models.download({
        source: trimmed,
        ...(sha256.trim() ? { sha256: sha256.trim().toLowerCase() } : {}),
        ...(directory.trim() ? { directory: directory.trim() } : {}),
      });
      downloads.track(downloadId, trimmed);
      setSource('');
      setSha256('');
    } catch (reason) {
      setError(describeError(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="add-body" data-testid="add-download">
      <p className="add-intro">
        A direct link to a <span className="inline-code">.gguf</span> file, or a Hugging Face reference such as{' '}
        <span className="inline-code">hf:bartowski/Qwen2.5-0.5B-Instruct-GGUF:Q4_K_M</span>. An interrupted download resumes; the finished file is added to the list.
      </p>
      <form
        className="add-form"
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <div className="form-grid">
          <Field label="URL or hf: reference" wide>
            {(id) => (
              <div className="add-row">
                <input
                  id={id}
                  className="input mono"
                  value={source}
                  placeholder="https://huggingface.co/…/resolve/main/model-Q4_K_M.gguf"
                  spellCheck={false}
                  onChange={(event) => setSource(event.target.value)}
                  data-testid="download-source"
                />
                <button type="submit" className="btn btn-primary" disabled={source.trim().length < 3 || Boolean(shaError) || busy} data-testid="download-start">
                  <Icon name="download" size={14} />
                  {busy ? 'Starting…' : 'Download'}
                </button>
              </div>
            )}
          </Field>
          <Field label="SHA-256" error={shaError} hint="Optional: the file is checked against it when done.">
            {(id) => <input id={id} className="input mono" value={sha256} spellCheck={false} placeholder="optional" onChange={(event) => setSha256(event.target.value)} />}
          </Field>
          <Field label="Save to folder" hint="Optional: the workspace’s models folder otherwise.">
            {(id) => <input id={id} className="input mono" value={directory} spellCheck={false} placeholder="workspace/models" onChange={(event) => setDirectory(event.target.value)} />}
          </Field>
        </div>
      </form>
      {error && <Notice tone="danger">{error}</Notice>}
      {downloads.downloads.length > 0 && (
        <ul className="download-list" aria-label="Downloads">
          {downloads.downloads.map((download) => (
            <DownloadRow
              key={download.downloadId}
              download={download}
              onCancel={() => api.models.cancelDownload({ downloadId: download.downloadId }).catch((reason: unknown) => setError(describeError(reason)))}
              onDismiss={() => downloads.dismiss(download.downloadId)}
              onOpen={onOpen}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function DownloadRow({ download, onCancel, onDismiss, onOpen }: { download: DownloadProgress; onCancel(): void; onDismiss(): void; onOpen(id: string): void }) {
  const active = isActiveDownload(download);
  const fraction = download.totalBytes ? Math.min(1, download.receivedBytes / download.totalBytes) : null;
  const stateText = {
    downloading: fraction === null ? `${formatBytes(download.receivedBytes)}` : `${formatBytes(download.receivedBytes)} of ${formatBytes(download.totalBytes)} · ${Math.floor(fraction * 100)}%`,
    verifying: 'Checking the file…',
    done: 'Done: added to the list',
    failed: 'Failed',
    cancelled: `Cancelled at ${formatBytes(download.receivedBytes)}; starting again resumes`,
  }[download.state];
  const modelId = download.modelId;
  return (
    <li className="download-row" data-state={download.state} data-testid="download-row">
      <div className="download-line">
        <span className="mono download-source" title={download.source}>
          {download.source}
        </span>
        <span className="download-state">{stateText}</span>
        {active ? (
          <button type="button" className="btn btn-ghost btn-sm" onClick={onCancel} data-testid="download-cancel">
            Cancel
          </button>
        ) : (
          <>
            {modelId && (
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => onOpen(modelId)}>
                Open
              </button>
            )}
            <button type="button" className="icon-btn" onClick={onDismiss} aria-label="Dismiss" title="Dismiss">
              <Icon name="close" size={12} />
            </button>
          </>
        )}
      </div>
      {!(download.state === 'failed' && download.receivedBytes === 0) && (
        <div
          className="progress"
          role="progressbar"
          aria-label={`Download of ${download.source}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
          data-indeterminate={(active && fraction === null) || download.state === 'verifying' || undefined}
        >
          <div className="progress-bar" style={{ width: `${download.state === 'done' ? 100 : Math.round((fraction ?? 0) * 100)}%` }} />
        </div>
      )}
      {download.message && download.state === 'failed' && <p className="download-message">{download.message}</p>}
    </li>
  );
}
