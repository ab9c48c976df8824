import { useState } from 'react';
import type { BundleImportResult, BundleResult } from '../../../shared/contract/export.js';
import { describeError } from '../../lib/describe-error.js';
import { formatRelative } from '../../lib/format-date.js';
import { useApi } from '../../transport/index.js';
import { Field } from '../../ui/form-field.js';
import { formatCount } from '../../ui/format.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import type { ExportSources } from './use-export-sources.js';

/**
 * Team work without a server: each annotator exports their judgments as a bundle, the lead imports
 * them. Imports are all or nothing and never duplicate a judgment.
 */
export function BundlePanel({ sources, selectedTaskSetIds }: { sources: ExportSources; selectedTaskSetIds: string[] }) {
  const api = useApi();
  const [annotatorId, setAnnotatorId] = useState('');
  const [onlySelected, setOnlySelected] = useState(false);
  const [bundleFolder, setBundleFolder] = useState('');
  const [importFolder, setImportFolder] = useState('');
  const [busy, setBusy] = useState<'write' | 'import' | null>(null);
  const [written, setWritten] = useState<BundleResult>();
  const [imported, setImported] = useState<BundleImportResult>();
  const [error, setError] = useState<{ where: 'write' | 'import'; message: string }>();
  const judged = sources.annotators.filter((annotator) => annotator.judgments > 0);

  const write = async () => {
    setBusy('write');
    setError(undefined);
    try {
      setWritten(
        await api.export.writeBundle({
          annotatorId: annotatorId || null,
          taskSetIds: onlySelected ? selectedTaskSetIds : [],
          folder: bundleFolder.trim() || null,
        }),
      );
      sources.reload();
    } catch (reason) {
      setError({ where: 'write', message: describeError(reason) });
    } finally {
      setBusy(null);
    }
  };

  const runImport = async () => {
    setBusy('import');
    setError(undefined);
    setImported(undefined);
    try {
      setImported(await api.export.importBundle({ folder: importFolder.trim() }));
      sources.reload();
    } catch (reason) {
      setError({ where: 'import', message: describeError(reason) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="ex-bundles">
      <div className="ex-bundle-cards">
        <section className="ex-card" aria-label="Export judgments as a bundle">
          <h3 className="ex-card-title">
            <Icon name="download" size={15} />
            Export judgments as a bundle
          </h3>
          <p className="ex-hint">judgments.parquet (every revision), annotators.parquet and a manifest with checksums. Another workspace of the same task sets can import it.</p>
          <Field label="Whose judgments">
            {(id) => (
              <select id={id} className="select" value={annotatorId} onChange={(event) => setAnnotatorId(event.target.value)} data-testid="bundle-annotator">
                <option value="">Everyone’s</option>
                {judged.map((annotator) => (
                  <option key={annotator.id} value={annotator.id}>
                    {annotator.name} · {formatCount(annotator.judgments)} judgments{annotator.kind === 'llm' ? ' (LLM judge)' : ''}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <label className="ex-check">
            <input type="checkbox" className="checkbox" checked={onlySelected} disabled={selectedTaskSetIds.length === 0} onChange={(event) => setOnlySelected(event.target.checked)} />
            <span>Only the task sets picked on the left ({selectedTaskSetIds.length})</span>
          </label>
          <Field label="Folder" hint={`Empty: a new folder in ${sources.exportsFolder || 'the workspace’s exports folder'}`}>
            {(id) => <input id={id} className="input" value={bundleFolder} onChange={(event) => setBundleFolder(event.target.value)} placeholder="exports/…" spellCheck={false} data-testid="bundle-folder" />}
          </Field>
          <div className="ex-card-actions">
            <button type="button" className="btn btn-primary" onClick={() => void write()} disabled={busy !== null} data-testid="bundle-write">
              {busy === 'write' ? 'Writing…' : 'Export bundle'}
            </button>
          </div>
          {error?.where === 'write' && <Notice tone="danger">{error.message}</Notice>}
          {written && (
            <div className="ex-outcome" data-testid="bundle-result">
              <Icon name="check" size={14} />
              <div>
                <strong>
                  {formatCount(written.judgments)} judgments of {written.annotators.join(', ')}
                </strong>
                <span className="ex-path">{written.folder}</span>
              </div>
            </div>
          )}
        </section>

        <section className="ex-card" aria-label="Import a bundle">
          <h3 className="ex-card-title">
            <Icon name="folder" size={15} />
            Import a bundle
          </h3>
          <p className="ex-hint">
            All or nothing: a damaged, partial or foreign bundle is refused and nothing changes. Judgments already here are skipped; one edited in both places keeps its newest edit, and the
            other goes to the audit log.
          </p>
          <Field label="Bundle folder">
            {(id) => (
              <input
                id={id}
                className="input"
                value={importFolder}
                onChange={(event) => setImportFolder(event.target.value)}
                onKeyDown={(event) => event.key === 'Enter' && importFolder.trim() && void runImport()}
                placeholder="/path/to/bundle-ana-1a2b3c4d"
                spellCheck={false}
                data-testid="bundle-import-path"
              />
            )}
          </Field>
          <div className="ex-card-actions">
            <button type="button" className="btn btn-primary" onClick={() => void runImport()} disabled={busy !== null || importFolder.trim() === ''} data-testid="bundle-import">
              {busy === 'import' ? 'Importing…' : 'Import'}
            </button>
          </div>
          {error?.where === 'import' && (
            <Notice tone="danger" testId="bundle-import-error">
              {error.message}
            </Notice>
          )}
          {imported && (
            <div className="ex-outcome" data-testid="import-result">
              <Icon name="check" size={14} />
              <div>
                <strong>
                  {formatCount(imported.added)} of {formatCount(imported.inBundle)} judgments added
                </strong>
                <span>
                  {formatCount(imported.duplicates)} already here
                  {imported.conflicts > 0 && ` · ${formatCount(imported.conflicts)} edited in both places (${formatCount(imported.conflictsWonByBundle)} taken from the bundle)`}
                  {imported.annotatorsAdded.length > 0 && ` · new annotators: ${imported.annotatorsAdded.join(', ')}`}
                </span>
                {imported.warnings.map((warning) => (
                  <span key={warning} className="ex-warn">
                    {warning}
                  </span>
                ))}
              </div>
            </div>
          )}
        </section>
      </div>

      <section className="ex-history" aria-label="History">
        <h3 className="section-title">History</h3>
        {sources.history.length === 0 ? (
          <p className="ex-hint">Nothing exported or imported yet.</p>
        ) : (
          <table className="ex-history-table" data-testid="export-history">
            <tbody>
              {sources.history.map((record) => (
                <tr key={record.id}>
                  <td>
                    <span className="chip" data-tone={record.kind === 'dataset' ? 'accent' : undefined}>
                      {record.kind === 'dataset' ? 'export' : record.kind === 'bundle' ? 'bundle' : 'import'}
                    </span>
                  </td>
                  <td>{record.kind === 'dataset' ? `${record.format} · ${record.fileType}` : `bundle ${record.format.slice(0, 8)}`}</td>
                  <td className="ex-num">
                    {formatCount(record.rows)} {record.kind === 'dataset' ? 'rows' : record.kind === 'bundle' ? 'judgments' : 'added'}
                  </td>
                  <td className="ex-history-sets">{record.taskSetNames.join(', ')}</td>
                  <td className="ex-path" title={record.folder}>
                    {record.folder.split(/[\\/]/).filter(Boolean).at(-1) ?? record.folder}
                  </td>
                  <td className="ex-when">{formatRelative(record.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
