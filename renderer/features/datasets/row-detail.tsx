import { useState, type ReactNode } from 'react';
import type { DatasetRow, DatasetVersion } from '../../../shared/contract/datasets.js';
import { Icon } from '../../ui/icon.js';
import { displayValue } from './cell-value.js';

/** One row in full: every variable, the reference and the context, and its stable id. */
export function RowDetail({ row, version }: { row: DatasetRow; version: DatasetVersion }) {
  return (
    <div className="ds-row-detail" data-testid="row-detail">
      <div className="ds-row-head">
        <span className="ds-row-title">Row {row.index + 1}</span>
        <span className="muted">of {version.rowCount.toLocaleString()}</span>
        <span className="ds-version-spacer" />
        <RowId id={row.id} />
      </div>
      <dl className="ds-fields">
        {version.variables.map((name) => (
          <Field key={name} label={<code className="ds-var">{name}</code>} value={row.variables[name]} />
        ))}
        {version.hasReference && <Field label={<span className="ds-role-chip" data-role="reference">reference</span>} value={row.reference} />}
        {version.hasContext && <Field label={<span className="ds-role-chip" data-role="context">context</span>} value={row.context} />}
      </dl>
    </div>
  );
}

function Field({ label, value }: { label: ReactNode; value: unknown }) {
  const text = displayValue(value);
  return (
    <div className="ds-field">
      <dt>{label}</dt>
      <dd>{value === null || value === undefined ? <span className="cell-null">no value</span> : text === '' ? <span className="cell-null">empty</span> : <pre className="ds-field-text">{text}</pre>}</dd>
    </div>
  );
}

/** The id experiments use to refer to this row: the same content always has the same id. */
function RowId({ id }: { id: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="ds-row-id"
      title="Stable row id: a hash of the row's content. Click to copy."
      onClick={() => {
        void navigator.clipboard?.writeText(id).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1200);
        });
      }}
    >
      <span className="mono">{id.slice(0, 12)}</span>
      <Icon name={copied ? 'check' : 'copy'} size={12} />
    </button>
  );
}
