import { useCallback, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import type { DatasetRow } from '../../../shared/contract/datasets.js';
import type { GenerationRecord } from '../../../shared/contract/experiments.js';
import type { ScoreRecord } from '../../../shared/contract/scoring.js';
import { displayValue } from '../datasets/cell-value.js';
import { formatCost, formatDuration } from '../../ui/format.js';
import { Icon } from '../../ui/icon.js';
import type { ColumnGroup, GridColumn } from './grid-columns.js';
import { ResultCell } from './result-cell.js';
import type { ColumnStats, ResultsStore } from './results-store.js';
import type { DatasetRowsWindow } from './use-dataset-rows.js';

export type Density = 'compact' | 'comfortable' | 'tall';

/** Row heights per density: one, three or eight lines of output plus the numbers line. */
export const rowHeights: Record<Density, number> = { compact: 56, comfortable: 94, tall: 184 };
export const outputLines: Record<Density, number> = { compact: 1, comfortable: 3, tall: 8 };

const rowHeadWidth = 200;
const minColumnWidth = 200;
/** Rows rendered above and below the visible ones, so fast scrolling shows no gaps. */
const overscan = 8;

export interface GridPosition {
  row: number;
  col: number;
}

/**
 * Rows = dataset rows, columns = prompt version × model. Only the rows in view are rendered (fixed
 * row heights), so a dataset of 100,000 rows scrolls like one of ten.
 */
export function ResultsGrid({
  columns,
  groups,
  rowCount,
  rows,
  store,
  expectedSamples,
  waiting,
  density,
  active,
  onActive,
  onOpen,
  onClose,
  scoresOf,
  rowNumber,
}: {
  columns: GridColumn[];
  groups: ColumnGroup[];
  rowCount: number;
  rows: DatasetRowsWindow;
  store: ResultsStore;
  expectedSamples: number;
  waiting: 'running' | 'loading' | null;
  density: Density;
  active: GridPosition | null;
  onActive(position: GridPosition): void;
  onOpen(): void;
  onClose(): void;
  /** A generation's scores, for badges and the score tint (the grid re-renders when this function changes). */
  scoresOf?: (generation: GenerationRecord) => readonly ScoreRecord[];
  /** The dataset row number shown for a grid row, when the grid shows a filtered subset. */
  rowNumber?: (index: number) => number;
}) {
  useSyncExternalStore(store.subscribe, store.getVersion);
  const scroller = useRef<HTMLDivElement>(null);
  const header = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ top: 0, height: 800 });
  const rowHeight = rowHeights[density];

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => setViewport({ top: element.scrollTop, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const frame = useRef<number | null>(null);
  const onScroll = useCallback(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      const element = scroller.current;
      if (element) setViewport({ top: element.scrollTop, height: element.clientHeight });
    });
  }, []);

  const first = Math.max(0, Math.floor(viewport.top / rowHeight) - overscan);
  const last = Math.min(rowCount - 1, Math.ceil((viewport.top + viewport.height) / rowHeight) + overscan);
  const { request } = rows;
  useEffect(() => {
    if (rowCount > 0) request(first, last + overscan * 4);
  }, [request, first, last, rowCount]);

  // Keeps the active cell in view after the keyboard moves it (the header stays on top of the rows).
  useEffect(() => {
    const element = scroller.current;
    if (!active || !element) return;
    const headerHeight = header.current?.offsetHeight ?? 0;
    const top = active.row * rowHeight;
    const visibleTop = element.scrollTop;
    const visibleBottom = element.scrollTop + element.clientHeight - headerHeight;
    if (top < visibleTop) element.scrollTop = top;
    else if (top + rowHeight > visibleBottom) element.scrollTop = top + rowHeight - (element.clientHeight - headerHeight);
    const left = rowHeadWidth + active.col * columnWidth(element, columns.length);
    const right = left + columnWidth(element, columns.length);
    if (left - rowHeadWidth < element.scrollLeft) element.scrollLeft = left - rowHeadWidth;
    else if (right > element.scrollLeft + element.clientWidth) element.scrollLeft = right - element.clientWidth;
  }, [active, rowHeight, columns.length]);

  const pageRows = Math.max(1, Math.floor(viewport.height / rowHeight) - 1);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (rowCount === 0 || columns.length === 0) return;
    const at = active ?? { row: 0, col: 0 };
    let next: GridPosition | null = null;
    switch (event.key) {
      case 'ArrowDown':
        next = { row: Math.min(rowCount - 1, at.row + 1), col: at.col };
        break;
      case 'ArrowUp':
        next = { row: Math.max(0, at.row - 1), col: at.col };
        break;
      case 'ArrowRight':
        next = { row: at.row, col: Math.min(columns.length - 1, at.col + 1) };
        break;
      case 'ArrowLeft':
        next = { row: at.row, col: Math.max(0, at.col - 1) };
        break;
      case 'PageDown':
        next = { row: Math.min(rowCount - 1, at.row + pageRows), col: at.col };
        break;
      case 'PageUp':
        next = { row: Math.max(0, at.row - pageRows), col: at.col };
        break;
      case 'Home':
        next = event.ctrlKey || event.metaKey ? { row: 0, col: 0 } : { row: at.row, col: 0 };
        break;
      case 'End':
        next = event.ctrlKey || event.metaKey ? { row: rowCount - 1, col: columns.length - 1 } : { row: at.row, col: columns.length - 1 };
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        if (!active) onActive(at);
        onOpen();
        return;
      case 'Escape':
        onClose();
        return;
      default:
        return;
    }
    event.preventDefault();
    onActive(next);
  };

  const pick = useCallback(
    (row: number, col: number) => {
      onActive({ row, col });
      onOpen();
      scroller.current?.focus({ preventScroll: true });
    },
    [onActive, onOpen],
  );

  const template = `${rowHeadWidth}px repeat(${columns.length}, minmax(${minColumnWidth}px, 1fr))`;
  const minWidth = rowHeadWidth + columns.length * minColumnWidth;
  const visible: number[] = [];
  for (let index = first; index <= last; index++) visible.push(index);

  return (
    <div
      ref={scroller}
      className="ex-grid"
      role="grid"
      aria-label="Results: dataset rows by prompt version and model"
      aria-rowcount={rowCount + 2}
      aria-colcount={columns.length + 1}
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      data-density={density}
      data-has-active={active ? true : undefined}
      style={{ ['--ex-lines' as string]: outputLines[density] }}
      data-testid="results-grid"
    >
      <div className="ex-grid-inner" style={{ minWidth }}>
        <div className="ex-grid-head" ref={header} role="rowgroup">
          <div className="ex-grid-groups" role="row" style={{ gridTemplateColumns: template }}>
            <div className="ex-grid-corner" role="columnheader" />
            {groups.map((group) => (
              <div key={group.promptVersionId} className="ex-grid-group" role="columnheader" style={{ gridColumn: `span ${group.span}` }} data-testid="column-group">
                {/* Sticks next to the row column, so a wide group keeps its name in view while scrolling sideways. */}
                <span className="ex-grid-group-sticky">
                  <Icon name="prompts" size={12} />
                  <span className="ex-grid-group-label">{group.label}</span>
                  {group.labels.map((label) => (
                    <span key={label} className="ex-version-label" data-tone={label === 'production' || label === 'candidate' ? label : undefined}>
                      {label}
                    </span>
                  ))}
                </span>
              </div>
            ))}
          </div>
          <div className="ex-grid-columns" role="row" style={{ gridTemplateColumns: template }}>
            <div className="ex-grid-corner ex-grid-rowlabel" role="columnheader">
              Row
            </div>
            {columns.map((column) => (
              <div
                key={`${column.promptVersionId}-${column.modelId}`}
                className="ex-grid-column"
                role="columnheader"
                data-active={active?.col === column.index || undefined}
                data-group-start={column.groupStart || undefined}
                title={`${column.promptLabel} × ${column.modelName}`}
                data-testid="column-header"
              >
                <span className="ex-grid-column-name">
                  <Icon name={column.modelKind === 'local' ? 'file' : 'globe'} size={12} />
                  <span className="ex-grid-column-label" data-testid="column-model">
                    {column.modelName}
                  </span>
                </span>
                <ColumnSummary stats={store.columnStats(column.promptVersionId, column.modelId)} rows={rowCount * expectedSamples} />
              </div>
            ))}
          </div>
        </div>
        <div className="ex-grid-body" role="rowgroup" style={{ height: rowCount * rowHeight }}>
          {visible.map((index) => (
            <GridRow
              key={index}
              index={index}
              row={rows.rowAt(index)}
              top={index * rowHeight}
              height={rowHeight}
              template={template}
              columns={columns}
              store={store}
              expectedSamples={expectedSamples}
              waiting={waiting}
              activeCol={active?.row === index ? active.col : null}
              onPick={pick}
              scoresOf={scoresOf}
              number={rowNumber ? rowNumber(index) : index + 1}
            />
          ))}
        </div>
      </div>
    </div>
  );
}

function GridRow({
  index,
  row,
  top,
  height,
  template,
  columns,
  store,
  expectedSamples,
  waiting,
  activeCol,
  onPick,
  scoresOf,
  number,
}: {
  index: number;
  row: DatasetRow | undefined;
  top: number;
  height: number;
  template: string;
  columns: GridColumn[];
  store: ResultsStore;
  expectedSamples: number;
  waiting: 'running' | 'loading' | null;
  activeCol: number | null;
  onPick(row: number, col: number): void;
  scoresOf: ((generation: GenerationRecord) => readonly ScoreRecord[]) | undefined;
  number: number;
}) {
  return (
    <div className="ex-grid-row" role="row" aria-rowindex={index + 3} style={{ top, height, gridTemplateColumns: template }} data-testid="grid-row" data-row-index={index}>
      <div className="ex-row-head" role="rowheader" data-active={activeCol !== null || undefined}>
        <span className="ex-row-number">{number}</span>
        <RowValues row={row} />
      </div>
      {columns.map((column) => {
        const samples = row ? store.get(column.promptVersionId, column.modelId, row.id) : [];
        return (
        <ResultCell
          key={column.index}
          samples={samples}
          {...(scoresOf && samples[0] ? { scores: scoresOf(samples[0]) } : {})}
          expected={expectedSamples}
          waiting={waiting}
          active={activeCol === column.index}
          groupStart={column.groupStart}
          rowIndex={index}
          columnIndex={column.index}
          onPick={onPick}
        />
        );
      })}
    </div>
  );
}

/** The row's variables as `name value` lines, then its reference answer: what the prompt was filled with. */
function RowValues({ row }: { row: DatasetRow | undefined }) {
  if (!row) return <span className="ex-row-values muted">…</span>;
  const entries = Object.entries(row.variables);
  return (
    <div className="ex-row-values" title={entries.map(([name, value]) => `${name}: ${displayValue(value)}`).join('\n') + (row.reference !== null ? `\nreference: ${row.reference}` : '')}>
      {entries.map(([name, value]) => (
        <div key={name} className="ex-row-value">
          <span className="ex-row-name">{name}</span> {displayValue(value)}
        </div>
      ))}
      {row.reference !== null && (
        <div className="ex-row-value ex-row-reference">
          <span className="ex-row-name">reference</span> {row.reference}
        </div>
      )}
    </div>
  );
}

/** A column at a glance: how many came back, how fast, how long and what they cost. */
function ColumnSummary({ stats, rows }: { stats: ColumnStats; rows: number }) {
  const done = stats.succeeded + stats.failed;
  if (done === 0) return <span className="ex-column-stats">no results yet</span>;
  const latency = stats.succeeded > 0 ? formatDuration(stats.latencyMs / stats.succeeded) : '—';
  const tokens = stats.succeeded > 0 ? Math.round(stats.outputTokens / stats.succeeded) : 0;
  const title = [
    `${stats.succeeded} succeeded, ${stats.failed} failed of ${rows}`,
    `average latency ${latency}`,
    `average ${tokens} output tokens`,
    stats.priced > 0 ? `cost ${formatCost(stats.costUsd)}` : 'no cost (no prices)',
  ].join(' · ');
  return (
    <span className="ex-column-stats" title={title} data-testid="column-stats">
      {stats.failed > 0 && <span className="ex-column-failed">{stats.failed} failed</span>}
      <span>{latency}</span>
      <span>{tokens} tok</span>
      {stats.priced > 0 && <span>{formatCost(stats.costUsd)}</span>}
    </span>
  );
}

function columnWidth(element: HTMLElement, count: number): number {
  if (count === 0) return minColumnWidth;
  return Math.max(minColumnWidth, (element.clientWidth - rowHeadWidth) / count);
}
