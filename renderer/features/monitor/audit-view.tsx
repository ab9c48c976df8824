import { useState } from 'react';
import { formatDateTime } from '../../lib/format-date.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { count } from './monitor-format.js';
import { useQuery } from './use-query.js';

const pageSize = 50;

/** The audit log: every change to prompts, models, datasets, experiments and judgments, and every export; filterable and exportable. */
export function AuditView() {
  const api = useApi();
  const [entity, setEntity] = useState('');
  const [offset, setOffset] = useState(0);
  const [exportError, setExportError] = useState<string>();
  const page = useQuery(`audit|${entity}|${offset}`, () => api.monitor.audit({ entity: entity || null, offset, limit: pageSize }));
  const total = page.data?.total ?? 0;

  const download = async (format: 'csv' | 'jsonl') => {
    setExportError(undefined);
    try {
      const file = await api.monitor.exportAudit({ format });
      const url = URL.createObjectURL(new Blob([file.content], { type: format === 'csv' ? 'text/csv' : 'application/x-ndjson' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = file.fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (reason) {
      setExportError(describeError(reason));
    }
  };

  return (
    <section className="mon-card" data-testid="monitor-audit">
      <div className="mon-card-head">
        <h3>Audit log</h3>
        <span className="muted">{count(total)} entries</span>
        <span className="ex-spacer" />
        <select className="select select-sm" value={entity} onChange={(event) => (setEntity(event.target.value), setOffset(0))} aria-label="What changed" data-testid="audit-entity">
          <option value="">Everything</option>
          {page.data?.entities.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-sm" onClick={() => void download('csv')} data-testid="audit-export-csv">
          <Icon name="download" size={12} /> CSV
        </button>
        <button type="button" className="btn btn-sm" onClick={() => void download('jsonl')}>
          <Icon name="download" size={12} /> JSON Lines
        </button>
      </div>
      {(page.error || exportError) && <Notice tone="danger">{page.error ?? exportError}</Notice>}
      <div className="mon-table-wrap">
        <table className="mon-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>When</th>
              <th className="left">Action</th>
              <th className="left">What</th>
              <th className="left">Id</th>
              <th className="left">Who</th>
              <th className="left">Detail</th>
            </tr>
          </thead>
          <tbody>
            {page.data?.entries.map((entry) => (
              <tr key={entry.id} data-testid="audit-row">
                <td className="left">{formatDateTime(entry.occurredAt)}</td>
                <td className="left">{entry.action}</td>
                <td className="left">{entry.entity}</td>
                <td className="left mono" title={entry.entityId}>
                  {entry.entityId.slice(0, 12)}
                </td>
                <td className="left">{entry.actor ?? <span className="muted">—</span>}</td>
                <td className="left">
                  <div className="mon-json" title={entry.detail}>
                    {entry.detail}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > pageSize && (
        <div className="mon-pager">
          <button type="button" className="btn btn-sm" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>
            Newer
          </button>
          <span className="muted">
            {count(offset + 1)}–{count(Math.min(total, offset + pageSize))} of {count(total)}
          </span>
          <button type="button" className="btn btn-sm" disabled={offset + pageSize >= total} onClick={() => setOffset(offset + pageSize)}>
            Older
          </button>
        </div>
      )}
    </section>
  );
}
