import { useRef, useState, type KeyboardEvent } from 'react';
import type { DatasetRow, DatasetVersion } from '../../../shared/contract/datasets.js';
import { formatCount } from '../../ui/format.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { CellValue, displayValue } from './cell-value.js';
import { useRows } from './use-rows.js';

const pageSize = 100;

/** A version's rows, a page at a time: the variables, then reference and context when the version has them. */
export function RowsTable({ version, selectedId, onSelect }: { version: DatasetVersion; selectedId: string | undefined; onSelect(row: DatasetRow): void }) {
  const [offset, setOffset] = useState(0);
  const { page, loading, error } = useRows(version.id, offset, pageSize);
  const scroller = useRef<HTMLDivElement>(null);
  const total = page?.total ?? version.rowCount;
  const rows = page?.rows ?? [];
  // The range describes the rows on screen, which trail the requested page while it loads.
  const shownFrom = page?.offset ?? offset;
  const widths = columnWidths(version, rows);

  const go = (next: number) => {
    setOffset(next);
    scroller.current?.scrollTo({ top: 0 });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const index = rows.findIndex((row) => row.id === selectedId);
    const next = rows[index === -1 ? 0 : Math.min(rows.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))];
    if (!next) return;
    event.preventDefault();
    onSelect(next);
    const element = event.currentTarget.querySelector<HTMLElement>(`[data-row-id="${next.id}"]`);
    element?.focus();
  };

  return (
    <section className="ds-rows" aria-label="Rows">
      {error && (
        <div className="ds-notices">
          <Notice tone="danger">{error}</Notice>
        </div>
      )}
      <div className="ds-table-scroll" ref={scroller} aria-busy={loading}>
        <table className="ds-table" data-testid="rows-table" style={{ minWidth: `${56 + widths.length * 140}px` }}>
          <colgroup>
            <col style={{ width: '56px' }} />
            {widths.map((width, index) => (
              <col key={index} style={{ width: `${width}%` }} />
            ))}
          </colgroup>
          <thead>
            <tr>
              <th scope="col" className="ds-col-index">
                #
              </th>
              {version.variables.map((name) => (
                <th key={name} scope="col">
                  <code className="ds-var">{name}</code>
                </th>
              ))}
              {version.hasReference && (
                <th scope="col">
                  <span className="ds-role-chip" data-role="reference">
                    reference
                  </span>
                </th>
              )}
              {version.hasContext && (
                <th scope="col">
                  <span className="ds-role-chip" data-role="context">
                    context
                  </span>
                </th>
              )}
            </tr>
          </thead>
          <tbody onKeyDown={onKeyDown}>
            {rows.map((row) => (
              <tr
                key={row.id}
                tabIndex={0}
                data-row-id={row.id}
                data-testid="dataset-row"
                aria-selected={row.id === selectedId}
                onClick={() => onSelect(row)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' || event.key === ' ') {
                    event.preventDefault();
                    onSelect(row);
                  }
                }}
              >
                <td className="ds-col-index" title={`Row id ${row.id}`}>
                  {row.index + 1}
                </td>
                {version.variables.map((name) => (
                  <td key={name}>
                    <div className="ds-cell">
                      <CellValue value={row.variables[name]} />
                    </div>
                  </td>
                ))}
                {version.hasReference && (
                  <td>
                    <div className="ds-cell">
                      <CellValue value={row.reference} />
                    </div>
                  </td>
                )}
                {version.hasContext && (
                  <td>
                    <div className="ds-cell ds-cell-muted">
                      <CellValue value={row.context} />
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="ds-pager">
        <span className="ds-pager-range" data-testid="rows-range">
          {!page
            ? 'Loading rows…'
            : total === 0
            ? 'No rows'
            : `Rows ${formatCount(Math.min(shownFrom + 1, total))}–${formatCount(Math.min(shownFrom + rows.length, total))} of ${formatCount(total)}`}
        </span>
        <span className="ds-pager-spacer" />
        <button type="button" className="btn btn-sm" disabled={offset === 0} onClick={() => go(Math.max(0, offset - pageSize))} data-testid="rows-previous">
          <Icon name="chevron-left" size={13} />
          Previous
        </button>
        <button type="button" className="btn btn-sm" disabled={offset + pageSize >= total} onClick={() => go(offset + pageSize)} data-testid="rows-next">
          Next
          <Icon name="chevron-right" size={13} />
        </button>
      </div>
    </section>
  );
}

/** Share of the width per column, by how long its values on this page are: short labels stay narrow, questions get room. */
function columnWidths(version: DatasetVersion, rows: readonly DatasetRow[]): number[] {
  const columns: ((row: DatasetRow) => unknown)[] = [
    ...version.variables.map((name) => (row: DatasetRow) => row.variables[name]),
    ...(version.hasReference ? [(row: DatasetRow) => row.reference] : []),
    ...(version.hasContext ? [(row: DatasetRow) => row.context] : []),
  ];
  const weights = columns.map((value) => {
    if (rows.length === 0) return 1;
    const average = rows.reduce((sum, row) => sum + displayValue(value(row)).length, 0) / rows.length;
    return Math.min(80, Math.max(16, average));
  });
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => (weight / total) * 100);
}
