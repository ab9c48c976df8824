import { useEffect, useRef, useState } from 'react';
import { exportFormatInfo, type ExportResult } from '../../../shared/contract/export.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { BundlePanel } from './bundle-panel.js';
import { emptyExportDraft, toOptions, type ExportDraft } from './export-draft.js';
import { ExportOptionsPanel } from './export-options.js';
import { ExportPreviewPanel } from './export-preview.js';
import { ExportResultCard } from './export-result.js';
import { useExportPreview } from './use-export-preview.js';
import { useExportSources } from './use-export-sources.js';
import './export.css';

/** Export: labeled preferences as training data (with a live preview of the rows), and annotation bundles. */
export function ExportScreen() {
  const api = useApi();
  const sources = useExportSources();
  const [tab, setTab] = useState<'data' | 'bundles'>('data');
  const [draft, setDraftState] = useState<ExportDraft>(emptyExportDraft);
  const setDraft = (update: (current: ExportDraft) => ExportDraft) => setDraftState(update);
  const { options, errors } = toOptions(draft);
  const [refreshKey, setRefreshKey] = useState(0);
  const preview = useExportPreview(options, refreshKey);
  const [writing, setWriting] = useState(false);
  const [result, setResult] = useState<ExportResult>();
  const [writeError, setWriteError] = useState<string>();
  const resultRef = useRef<HTMLDivElement>(null);
  // The result is below the preview: bring it into view once written.
  useEffect(() => {
    // Braces: Chromium's scroll methods now return a promise, which React would take for a cleanup.
    void resultRef.current?.scrollIntoView({ block: 'nearest' });
  }, [result]);

  // A task set that was deleted or archived leaves the selection.
  useEffect(() => {
    if (!sources.taskSets) return;
    const known = new Set(sources.taskSets.map((set) => set.id));
    if (draft.taskSetIds.some((id) => !known.has(id))) setDraftState((current) => ({ ...current, taskSetIds: current.taskSetIds.filter((id) => known.has(id)) }));
  }, [sources.taskSets, draft.taskSetIds]);
  // New judgments change the rows: read the preview again with the sources.
  useEffect(() => {
    setRefreshKey((key) => key + 1);
  }, [sources.taskSets]);

  const write = async () => {
    if (!options) return;
    setWriting(true);
    setWriteError(undefined);
    try {
      const written = await api.export.write({ options, folder: draft.folder.trim() || null, overwrite: draft.overwrite });
      setResult(written);
      sources.reload();
    } catch (reason) {
      setWriteError(describeError(reason));
    } finally {
      setWriting(false);
    }
  };

  const rows = preview.preview?.counts.rows ?? 0;
  const canWrite = options !== null && !preview.error && rows > 0 && !writing;
  return (
    <div className="export-screen">
      <ExportOptionsPanel sources={sources} draft={draft} setDraft={setDraft} errors={errors} />
      <main className="ex-main">
        <header className="ex-head">
          <div className="segmented" role="tablist" aria-label="Export">
            <button type="button" role="tab" aria-selected={tab === 'data'} onClick={() => setTab('data')} data-testid="export-tab-data">
              Training data
            </button>
            <button type="button" role="tab" aria-selected={tab === 'bundles'} onClick={() => setTab('bundles')} data-testid="export-tab-bundles">
              Bundles &amp; history
            </button>
          </div>
          <span className="ex-head-sub">
            {tab === 'data'
              ? `${exportFormatInfo(draft.format).label} · ${draft.fileType === 'jsonl' ? 'JSONL' : draft.fileType === 'csv' ? 'CSV' : 'Parquet'}`
              : 'Judgments carried between workspaces, and every export'}
          </span>
        </header>
        {tab === 'data' ? (
          <div className="ex-body">
            <ExportPreviewPanel preview={preview.preview} error={preview.error} loading={preview.loading} fileType={draft.fileType} ready={draft.taskSetIds.length > 0} />
            {draft.taskSetIds.length > 0 && (
              <div className="ex-write" data-testid="export-write-bar">
                <label className="ex-write-folder">
                  <span className="form-label">Folder</span>
                  <input
                    className="input"
                    value={draft.folder}
                    onChange={(event) => setDraftState((current) => ({ ...current, folder: event.target.value }))}
                    placeholder={preview.preview?.defaultFolder ?? 'exports/…'}
                    spellCheck={false}
                    data-testid="export-folder"
                  />
                </label>
                <label className="ex-check">
                  <input
                    type="checkbox"
                    className="checkbox"
                    checked={draft.overwrite}
                    onChange={(event) => setDraftState((current) => ({ ...current, overwrite: event.target.checked }))}
                  />
                  <span>Replace an earlier export there</span>
                </label>
                <button type="button" className="btn btn-primary" onClick={() => void write()} disabled={!canWrite} data-testid="export-write">
                  <Icon name="export" size={14} />
                  {writing ? 'Exporting…' : `Export ${rows > 0 ? rows.toLocaleString() : ''} rows`.replace('  ', ' ')}
                </button>
              </div>
            )}
            {writeError && (
              <Notice tone="danger" onDismiss={() => setWriteError(undefined)} testId="export-write-error">
                {writeError}
              </Notice>
            )}
            {result && (
              <div ref={resultRef}>
                <ExportResultCard result={result} onDismiss={() => setResult(undefined)} />
              </div>
            )}
          </div>
        ) : (
          <div className="ex-body">
            <BundlePanel sources={sources} selectedTaskSetIds={draft.taskSetIds} />
          </div>
        )}
      </main>
    </div>
  );
}
