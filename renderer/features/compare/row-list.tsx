import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import type { CompareRow } from '../../../shared/contract/compare.js';
import { displayValue } from '../datasets/cell-value.js';
import type { CompareRowsWindow } from './use-compare-rows.js';

/** Every row is this tall, so only the rows in view (plus a margin) exist, however many match. */
const rowHeight = 46;
const overscan = 12;

/** The matching rows, virtualized: 25,000 rows scroll like 25. */
export function RowList({
  rows,
  position,
  selectedRowId,
  onPick,
}: {
  rows: CompareRowsWindow;
  position: number | null;
  selectedRowId: string | undefined;
  onPick(position: number): void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.total ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan,
    // React 19 warns about flushSync during render; a frame's delay in a list is not visible.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  const { request } = rows;

  // The first page is asked for before anything is measured; then whatever scrolls into view.
  useEffect(() => request(first, Math.max(last, first + 40)), [request, first, last]);
  useEffect(() => {
    if (position !== null && position < (rows.total ?? 0)) virtualizer.scrollToIndex(position, { align: 'auto' });
    // Only a new position scrolls; the virtualizer is the same object throughout.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [position, rows.total]);

  return (
    <div className="cmp-rows" ref={scroller} data-testid="compare-rows" data-stale={!rows.current || undefined}>
      <div role="listbox" aria-label="Rows" className="cmp-rows-inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows.rowAt(item.index);
          return (
            <RowItem
              key={item.key}
              row={row}
              position={item.index}
              top={item.start}
              selected={row ? row.id === selectedRowId : false}
              current={item.index === position}
              onPick={onPick}
            />
          );
        })}
      </div>
    </div>
  );
}

const RowItem = memo(function RowItem({
  row,
  position,
  top,
  selected,
  current,
  onPick,
}: {
  row: CompareRow | undefined;
  position: number;
  top: number;
  selected: boolean;
  current: boolean;
  onPick(position: number): void;
}) {
  // Clipped before the DOM: a row's value may be pages long, and the list shows one line of it.
  const values = row ? Object.values(row.variables).map((value) => displayValue(value).slice(0, 300)) : [];
  const rest = values.slice(1).join(' · ') || row?.reference?.slice(0, 300);
  return (
    <div
      role="option"
      aria-selected={selected}
      className="cmp-row"
      style={{ transform: `translateY(${top}px)`, height: rowHeight }}
      data-testid="compare-row"
      data-row-index={row?.index}
      data-current={current || undefined}
      onClick={() => onPick(position)}
    >
      {row ? (
        <>
          <span className="cmp-row-line">
            <span className="cmp-row-index">{row.index + 1}</span>
            <span className="cmp-row-title" title={values[0]} data-alone={!rest || undefined}>
              {values[0] || <span className="muted">(empty)</span>}
            </span>
            {row.failed > 0 && (
              <span className="cmp-badge" data-tone="danger" title={`${row.failed} of ${row.generations} generations failed`} data-testid="row-failed">
                {row.failed} failed
              </span>
            )}
            {row.generations === 0 && (
              <span className="cmp-badge" title="No stored result for this row yet">
                not run
              </span>
            )}
          </span>
          {rest && <span className="cmp-row-rest">{rest}</span>}
        </>
      ) : (
        <span className="cmp-row-line muted">
          <span className="cmp-row-index">…</span>
        </span>
      )}
    </div>
  );
});
