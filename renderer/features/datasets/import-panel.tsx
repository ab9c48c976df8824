import { useEffect, useRef, useState } from 'react';
import type { DatasetDetail, DatasetPreview, DatasetSource } from '../../../shared/contract/datasets.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';
import { formatCount } from '../../ui/format.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { draftFromPreview, mappingProblems, toMapping, type ColumnDraft } from './mapping-draft.js';
import { MappingGrid, MappingSummary } from './mapping-grid.js';
import { formatLabels, guessPastedFormat } from './paste-format.js';
import { emptySource, SourceForm, type SourceDraft } from './source-form.js';
import { useDataset } from './use-dataset.js';
import { previewLimit, sameSource, usePreview } from './use-preview.js';
import { isFilePath } from './source-label.js';

function sourceOf(draft: SourceDraft): DatasetSource | undefined {
  if (draft.mode === 'file') {
    const path = draft.path.trim();
    return path ? { kind: 'file', path, ...(draft.fileFormat === 'auto' ? {} : { format: draft.fileFormat }) } : undefined;
  }
  if (!draft.text.trim()) return undefined;
  return { kind: 'text', text: draft.text, format: draft.pasteFormat === 'auto' ? guessPastedFormat(draft.text) : draft.pasteFormat };
}

/** "~/evals/support questions.csv" → "support questions". */
function nameFromSource(source: DatasetSource): string {
  if (source.kind === 'text') return 'Pasted rows';
  const file = source.path.replace(/^["']|["']$/g, '').split(/[\\/]/).pop() ?? '';
  return file.replace(/\.[A-Za-z0-9]+$/, '') || 'Imported rows';
}

/** Import: choose a source, preview it, decide what each column is, import as a new dataset or a new version. */
export function ImportPanel({
  datasetId,
  revision,
  onImported,
  onCancel,
}: {
  datasetId: string | undefined;
  revision: number;
  onImported(detail: DatasetDetail): void;
  onCancel(): void;
}) {
  const api = useApi();
  const [draft, setDraft] = useState<SourceDraft>(emptySource);
  const { state, run } = usePreview();
  const [columns, setColumns] = useState<ColumnDraft[]>([]);
  const [name, setName] = useState('');
  const nameTouched = useRef(false);
  const [importing, setImporting] = useState(false);
  const [importError, setImportError] = useState<string>();
  const { detail: target } = useDataset(datasetId, revision);

  // A new version usually comes from a newer copy of the same file: start from its path.
  const previousPath = target && isFilePath(target.latest.source) ? target.latest.source : undefined;
  useEffect(() => {
    if (previousPath) setDraft((current) => (current.path === '' ? { ...current, path: previousPath } : current));
  }, [previousPath]);

  const source = sourceOf(draft);
  const preview = state.status === 'ready' ? state.preview : undefined;
  const stale = state.status !== 'idle' && !sameSource(state.source, source);
  const problems = mappingProblems(columns);
  const canImport = preview !== undefined && !stale && !importing && problems.columns.size === 0 && !problems.general && (datasetId !== undefined || name.trim() !== '');

  const previewNow = async (next = source) => {
    if (!next) return;
    setImportError(undefined);
    const result: DatasetPreview | undefined = await run(next);
    if (!result) return;
    setColumns((current) => draftFromPreview(result, current));
    if (!nameTouched.current) setName(nameFromSource(next));
  };

  // Pasted text previews itself a moment after typing stops.
  useEffect(() => {
    if (draft.mode !== 'paste' || !source) return;
    const timer = setTimeout(() => void previewNow(source), 350);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft.mode, draft.text, draft.pasteFormat]);

  const importNow = async () => {
    if (!canImport || state.status !== 'ready') return;
    setImporting(true);
    setImportError(undefined);
    try {
      const mapping = toMapping(columns);
      const detail = datasetId
        ? await api.datasets.import({ datasetId, source: state.source, mapping })
        : await api.datasets.import({ name: name.trim(), source: state.source, mapping });
      onImported(detail);
    } catch (reason) {
      setImportError(describeError(reason));
      setImporting(false);
    }
  };

  return (
    <div className="ds-workspace" data-testid="import-panel">
      <ImportHeader target={datasetId === undefined ? undefined : (target ?? 'loading')} onCancel={onCancel} />
      <div className="ds-action-bar">
        {datasetId === undefined && (
          <label className="ds-name-field">
            <span>Name</span>
            <input
              className="input"
              placeholder="Name this dataset"
              aria-label="Dataset name"
              data-testid="dataset-name"
              maxLength={200}
              value={name}
              onChange={(event) => {
                nameTouched.current = true;
                setName(event.target.value);
              }}
            />
          </label>
        )}
        <span className="ds-action-spacer" />
        {preview && !stale && (
          <span className="ds-action-summary" data-testid="preview-summary">
            {formatCount(preview.rowCount)} {preview.rowCount === 1 ? 'row' : 'rows'} · {preview.columns.length} {preview.columns.length === 1 ? 'column' : 'columns'} ·{' '}
            {formatLabels[preview.format]}
          </span>
        )}
        <button type="button" className="btn btn-primary" disabled={!canImport} onClick={() => void importNow()} data-testid="import-rows">
          <Icon name="download" size={14} />
          {importing ? 'Importing…' : preview && !stale ? `Import ${formatCount(preview.rowCount)} ${preview.rowCount === 1 ? 'row' : 'rows'}` : 'Import'}
        </button>
      </div>
      {importError && (
        <div className="ds-status" data-tone="danger" role="alert" data-testid="import-error">
          <Icon name="alert" size={14} />
          <span>Nothing was imported: {importError}</span>
        </div>
      )}
      <div className="ds-import-scroll">
        <section className="ds-section" aria-labelledby="source-title">
          <h3 id="source-title" className="section-title">
            Source
          </h3>
          <SourceForm
            draft={draft}
            busy={state.status === 'loading'}
            onChange={(update) => setDraft((current) => ({ ...current, ...update }))}
            onPreview={() => void previewNow()}
          />
          {state.status === 'error' && !stale && (
            <Notice tone="danger" testId="preview-error">
              <strong>This can't be imported.</strong> {state.error}
            </Notice>
          )}
        </section>
        {preview && (
          <section className="ds-section ds-section-grow" aria-labelledby="mapping-title" data-stale={stale || undefined}>
            <div className="ds-section-head">
              <h3 id="mapping-title" className="section-title">
                Columns
              </h3>
              <span className="muted">Choose what each column is. Names become {'{{ variables }}'} in prompts.</span>
            </div>
            {stale && <Notice tone="warning">The source changed since this preview: preview it again before importing.</Notice>}
            <MappingSummary columns={columns} />
            {problems.general && <p className="form-error">{problems.general}</p>}
            <MappingGrid preview={preview} columns={columns} problems={problems} onChange={setColumns} />
            {preview.rowCount > preview.rows.length && (
              <p className="ds-more-rows">
                The first {Math.min(previewLimit, preview.rows.length)} of {formatCount(preview.rowCount)} rows. All of them are checked when you import.
              </p>
            )}
          </section>
        )}
      </div>
    </div>
  );
}

function ImportHeader({ target, onCancel }: { target: DatasetDetail | 'loading' | undefined; onCancel(): void }) {
  return (
    <div className="ds-header">
      <div className="ds-header-main">
        {target === undefined ? (
          <>
            <h2 className="ds-title">Import rows</h2>
            <div className="ds-meta">A new dataset, version 1. Nothing is stored until you import, and then all rows or none.</div>
          </>
        ) : (
          <>
            <h2 className="ds-title">New version of {target === 'loading' ? '…' : target.name}</h2>
            <div className="ds-meta">
              {target === 'loading'
                ? 'The next version; the ones before stay exactly as they are.'
                : `Becomes version ${target.latest.number + 1}. Version ${target.latest.number} and older stay exactly as they are.`}
            </div>
          </>
        )}
      </div>
      <div className="ds-header-actions">
        <button type="button" className="btn btn-ghost btn-sm" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
