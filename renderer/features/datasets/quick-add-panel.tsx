import { useRef, useState } from 'react';
import type { DatasetDetail } from '../../../shared/contract/datasets.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';
import { Icon } from '../../ui/icon.js';
import { modShortcutLabel, useModShortcut } from '../../ui/use-mod-shortcut.js';
import { filledRows, newColumn, newRow, quickProblems, setColumnRole, starterDraft, toQuickAdd, type QuickDraft, type QuickRole } from './quick-add-draft.js';

/** A handful of rows typed by hand: a spreadsheet-like table, one column per variable, plus reference and context. */
export function QuickAddPanel({ onCreated, onCancel }: { onCreated(detail: DatasetDetail): void; onCancel(): void }) {
  const api = useApi();
  const [draft, setDraft] = useState<QuickDraft>(starterDraft);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [showProblems, setShowProblems] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const problems = quickProblems(draft);
  const rowCount = filledRows(draft).length;

  const update = (change: (current: QuickDraft) => QuickDraft) => {
    setDraft(change);
    setError(undefined);
  };

  const create = async () => {
    if (busy) return;
    setShowProblems(true);
    if (!draft.name.trim()) return setError('Give the dataset a name first.');
    if (problems.columns.size > 0 || problems.general) return;
    setBusy(true);
    try {
      onCreated(await api.datasets.quickAdd(toQuickAdd(draft)));
    } catch (reason) {
      setError(describeError(reason));
      setBusy(false);
    }
  };
  useModShortcut(root, 'Enter', () => void create());

  return (
    <div className="ds-workspace" ref={root} data-testid="quick-add-panel">
      <div className="ds-header">
        <div className="ds-header-main">
          <h2 className="ds-title">Type a few rows</h2>
          <div className="ds-meta">A small dataset typed by hand, for a first experiment. Empty rows are left out.</div>
        </div>
        <div className="ds-header-actions">
          <button type="button" className="btn btn-ghost btn-sm" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
      <div className="ds-action-bar">
        <label className="ds-name-field">
          <span>Name</span>
          <input
            className="input"
            autoFocus
            placeholder="Name this dataset"
            aria-label="Dataset name"
            data-testid="quick-add-name"
            maxLength={200}
            value={draft.name}
            onChange={(event) => update((current) => ({ ...current, name: event.target.value }))}
          />
        </label>
        <span className="ds-action-spacer" />
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void create()} data-testid="quick-add-create">
          <Icon name="plus" size={14} />
          {busy ? 'Creating…' : `Create dataset${rowCount > 0 ? ` · ${rowCount} ${rowCount === 1 ? 'row' : 'rows'}` : ''}`}
        </button>
      </div>
      {(error || (showProblems && problems.general)) && (
        <div className="ds-status" data-tone="danger" role="alert" data-testid="quick-add-error">
          <Icon name="alert" size={14} />
          <span>{error ?? problems.general}</span>
        </div>
      )}
      <div className="ds-import-scroll">
        <div className="ds-table-scroll ds-quick-scroll">
          <table className="ds-table ds-quick-table" data-testid="quick-add-table">
            <thead>
              <tr>
                <th scope="col" className="ds-col-index">
                  #
                </th>
                {draft.columns.map((column, index) => (
                  <th key={column.key} scope="col" data-role={column.role}>
                    <div className="ds-quick-head">
                      <div className="ds-quick-head-row">
                        <input
                          className="input mono ds-quick-name"
                          spellCheck={false}
                          aria-label={`Column ${index + 1} name`}
                          data-invalid={problems.columns.has(column.key) || undefined}
                          value={column.name}
                          onChange={(event) =>
                            update((current) => ({
                              ...current,
                              columns: current.columns.map((c) => (c.key === column.key ? { ...c, name: event.target.value.trim() } : c)),
                            }))
                          }
                        />
                        <button
                          type="button"
                          className="icon-btn danger"
                          disabled={draft.columns.length === 1}
                          title="Remove this column"
                          aria-label={`Remove column ${column.name || index + 1}`}
                          onClick={() => update((current) => ({ ...current, columns: current.columns.filter((c) => c.key !== column.key) }))}
                        >
                          <Icon name="close" size={12} />
                        </button>
                      </div>
                      <select
                        className="select ds-map-role"
                        aria-label={`Use of column ${column.name || index + 1}`}
                        value={column.role}
                        onChange={(event) => update((current) => ({ ...current, columns: setColumnRole(current.columns, column.key, event.target.value as QuickRole) }))}
                      >
                        <option value="variable">Variable</option>
                        <option value="reference">Reference answer</option>
                        <option value="context">Context</option>
                      </select>
                      {problems.columns.has(column.key) && (showProblems || column.name !== '') && (
                        <span className="form-error ds-map-error">{problems.columns.get(column.key)}</span>
                      )}
                    </div>
                  </th>
                ))}
                <th className="ds-quick-tail">
                  <button
                    type="button"
                    className="btn btn-ghost btn-sm"
                    onClick={() => update((current) => ({ ...current, columns: [...current.columns, newColumn(current.columns)] }))}
                    data-testid="quick-add-column"
                  >
                    <Icon name="plus" size={12} />
                    Column
                  </button>
                </th>
              </tr>
            </thead>
            <tbody>
              {draft.rows.map((row, rowIndex) => (
                <tr key={row.key} data-testid="quick-add-row">
                  <td className="ds-col-index">{rowIndex + 1}</td>
                  {draft.columns.map((column) => (
                    <td key={column.key} data-role={column.role} className="ds-quick-cell-td">
                      <textarea
                        className="ds-quick-cell"
                        rows={1}
                        aria-label={`Row ${rowIndex + 1}, ${column.name || 'unnamed column'}`}
                        value={row.cells[column.key] ?? ''}
                        onChange={(event) =>
                          update((current) => ({
                            ...current,
                            rows: current.rows.map((r) => (r.key === row.key ? { ...r, cells: { ...r.cells, [column.key]: event.target.value } } : r)),
                          }))
                        }
                      />
                    </td>
                  ))}
                  <td className="ds-quick-tail">
                    <button
                      type="button"
                      className="icon-btn danger"
                      title="Remove this row"
                      aria-label={`Remove row ${rowIndex + 1}`}
                      disabled={draft.rows.length === 1}
                      onClick={() => update((current) => ({ ...current, rows: current.rows.filter((r) => r.key !== row.key) }))}
                    >
                      <Icon name="trash" size={13} />
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="ds-quick-actions">
          <button type="button" className="btn btn-sm" onClick={() => update((current) => ({ ...current, rows: [...current.rows, newRow()] }))} data-testid="quick-add-row-button">
            <Icon name="plus" size={12} />
            Row
          </button>
          <span className="form-hint">Tab moves between cells; a cell can hold several lines. {modShortcutLabel('Enter')} creates the dataset.</span>
        </div>
      </div>
    </div>
  );
}
