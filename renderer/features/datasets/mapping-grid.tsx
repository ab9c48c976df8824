import type { DatasetPreview } from '../../../shared/contract/datasets.js';
import { CellValue } from './cell-value.js';
import { withRole, withVariable, type ColumnDraft, type ColumnRole, type MappingProblems } from './mapping-draft.js';

const roleNotes: Record<Exclude<ColumnRole, 'variable'>, string> = {
  reference: 'the expected answer',
  context: 'grounding passages',
  exclude: 'not imported',
};

/** The preview, with each column's part chosen in its header: a variable (and its name), the reference, the context, or left out. */
export function MappingGrid({
  preview,
  columns,
  problems,
  onChange,
}: {
  preview: DatasetPreview;
  columns: readonly ColumnDraft[];
  problems: MappingProblems;
  onChange(columns: ColumnDraft[]): void;
}) {
  return (
    <div className="ds-table-scroll ds-map-scroll">
      <table className="ds-table ds-map-table" data-testid="mapping-grid" style={{ minWidth: `${columns.length * 190}px` }}>
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th key={column.name} scope="col" data-role={column.role}>
                <div className="ds-map-head" data-testid="mapping-column" data-column={column.name}>
                  <div className="ds-map-source">
                    <span className="ds-map-name" title={column.name}>
                      {column.name}
                    </span>
                    <span className="ds-map-type" title="The type DuckDB detects">
                      {column.type}
                    </span>
                  </div>
                  <select
                    className="select ds-map-role"
                    aria-label={`Use of column ${column.name}`}
                    value={column.role}
                    onChange={(event) => onChange(withRole(columns, index, event.target.value as ColumnRole))}
                  >
                    <option value="variable">Variable</option>
                    <option value="reference">Reference answer</option>
                    <option value="context">Context</option>
                    <option value="exclude">Exclude</option>
                  </select>
                  {column.role === 'variable' ? (
                    <label className="ds-map-variable" data-invalid={problems.columns.has(index) || undefined}>
                      <span aria-hidden="true">{'{{'}</span>
                      <input
                        className="mono"
                        spellCheck={false}
                        aria-label={`Variable name for column ${column.name}`}
                        value={column.variable}
                        onChange={(event) => onChange(withVariable(columns, index, event.target.value.trim()))}
                      />
                      <span aria-hidden="true">{'}}'}</span>
                    </label>
                  ) : (
                    <span className="ds-map-note">{roleNotes[column.role]}</span>
                  )}
                  {problems.columns.has(index) && (
                    <span className="form-error ds-map-error" role="alert">
                      {problems.columns.get(index)}
                    </span>
                  )}
                </div>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row, rowIndex) => (
            <tr key={rowIndex} data-testid="preview-row">
              {columns.map((column) => (
                <td key={column.name} data-role={column.role}>
                  <div className="ds-cell">
                    <CellValue value={row[column.name]} />
                  </div>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "Each row fills {{ question }} {{ topic }} · reference from answer · context from passage". */
export function MappingSummary({ columns }: { columns: readonly ColumnDraft[] }) {
  const variables = columns.filter((column) => column.role === 'variable');
  const reference = columns.find((column) => column.role === 'reference');
  const context = columns.find((column) => column.role === 'context');
  return (
    <p className="ds-map-summary" data-testid="mapping-summary">
      <span>Each row fills</span>
      {variables.length === 0 ? (
        <span className="muted">no variables</span>
      ) : (
        variables.map((column) => (
          <code key={column.name} className="ds-var">
            {column.variable || '?'}
          </code>
        ))
      )}
      {reference && (
        <>
          <span className="ds-fact-sep">·</span>
          <span className="ds-role-chip" data-role="reference">
            reference
          </span>
          <span>from {reference.name}</span>
        </>
      )}
      {context && (
        <>
          <span className="ds-fact-sep">·</span>
          <span className="ds-role-chip" data-role="context">
            context
          </span>
          <span>from {context.name}</span>
        </>
      )}
    </p>
  );
}
