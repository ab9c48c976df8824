import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CompareColumn, CompareExperiment, CompareFilter, CompareGeneration } from '../../../shared/contract/compare.js';
import { replaceRoute, routeHref, useNavigate } from '../../app/router.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';
import { formatCount } from '../../ui/format.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { SearchBox } from '../../ui/search-box.js';
import { stateWord } from '../experiments/experiment-state.js';
import { useExperimentList } from '../experiments/use-experiment-list.js';
import { columnLabel, modelLabel, promptLabel } from './column-label.js';
import { CompareFilters } from './compare-filters.js';
import { OutputColumn, type ColumnDiff } from './output-column.js';
import { RowContext } from './row-context.js';
import { RowList } from './row-list.js';
import { useCompareExperiment } from './use-compare-experiment.js';
import { useCompareKeys } from './use-compare-keys.js';
import { useCompareRow } from './use-compare-row.js';
import { useCompareRows } from './use-compare-rows.js';
import { useDebouncedValue } from '../../ui/use-debounced.js';
import { diffSummary, wordDiff } from './word-diff.js';

/** Side by side reads well up to six columns; four are shown until the user picks. */
const maxColumns = 6;
const defaultColumns = 4;
const rawKey = 'arbiter.compare.raw';
const columnsKey = (experimentId: string) => `arbiter.compare.columns.${experimentId}`;

export function CompareView({ experimentId, rowId, active }: { experimentId: string; rowId: string | undefined; active: boolean }) {
  const { experiment, error, revision } = useCompareExperiment(experimentId);
  if (!experiment) {
    return (
      <div className="cmp-loading" aria-busy={!error}>
        {error && (
          <Notice tone="danger">
            <strong>This experiment could not be opened.</strong> {error}{' '}
            <a className="link-button" href={routeHref('compare')} onClick={() => replaceRoute('compare')}>
              Pick another
            </a>
          </Notice>
        )}
      </div>
    );
  }
  return <LoadedView experiment={experiment} revision={revision} rowId={rowId} active={active} />;
}

function LoadedView({ experiment, revision, rowId, active }: { experiment: CompareExperiment; revision: number; rowId: string | undefined; active: boolean }) {
  const api = useApi();
  const searchInput = useRef<HTMLDivElement>(null);

  // Filters: the search is asked once typing pauses.
  const [searchText, setSearchText] = useState('');
  const search = useDebouncedValue(searchText.trim(), 200);
  const [failedOnly, setFailedOnly] = useState(false);
  const [modelIds, setModelIds] = useState<string[]>([]);
  const [promptVersionIds, setPromptVersionIds] = useState<string[]>([]);
  const filter = useMemo<CompareFilter>(() => ({ search, failedOnly, modelIds, promptVersionIds }), [search, failedOnly, modelIds, promptVersionIds]);
  const filterKey = JSON.stringify(filter);
  const rows = useCompareRows(experiment.id, filter, revision);
  const total = rows.current ? rows.total : undefined;

  // The selected row: the route says which; `position` is where it is among the matches (null: it does not match).
  const [position, setPosition] = useState<number | null>(null);
  const [pending, setPending] = useState<number | null>(null);
  const [unmatched, setUnmatched] = useState(false);
  const [locateError, setLocateError] = useState<string>();
  const locating = useRef(0);
  const go = useCallback((id: string) => replaceRoute('compare', experiment.id, id), [experiment.id]);
  const select = useCallback(
    (target: number) => {
      const row = rows.current ? rows.rowAt(target) : undefined;
      if (row) {
        setPending(null);
        setPosition(target);
        setUnmatched(false);
        locating.current++; // a location still on its way is older than this choice
        go(row.id);
      } else {
        setPending(target);
        rows.request(target, target);
      }
    },
    [rows, go],
  );
  useEffect(() => {
    if (pending !== null && rows.current && rows.rowAt(pending)) select(pending);
  }, [pending, rows, select]);

  // A new filter (or a row chosen elsewhere, e.g. a link): find the row among the matches; after a
  // filter change that leaves it out, the first match is shown instead.
  const placed = useRef<{ filterKey: string; rowId: string | undefined } | null>(null);
  useEffect(() => {
    if (!rows.current || total === undefined) return;
    const before = placed.current;
    if (before && before.filterKey === filterKey && before.rowId === rowId) return;
    placed.current = { filterKey, rowId };
    const filterChanged = before !== null && before.filterKey !== filterKey;
    if (!rowId) {
      if (total > 0) select(0);
      else setPosition(null);
      return;
    }
    if (position !== null && rows.rowAt(position)?.id === rowId) return;
    const request = ++locating.current;
    api.compare.locate({ experimentId: experiment.id, rowId, filter }).then(
      ({ position: found }) => {
        if (request !== locating.current) return;
        setLocateError(undefined);
        if (found !== null) {
          setPosition(found);
          setUnmatched(false);
        } else if ((filterChanged || before === null) && total > 0) select(0);
        else {
          setPosition(null);
          setUnmatched(true);
        }
      },
      (reason: unknown) => {
        if (request === locating.current) setLocateError(describeError(reason));
      },
    );
    // position and select are read, not watched: only a new filter or row places the selection again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rows.current, total, filterKey, rowId, api, experiment.id]);

  const move = (delta: number) => {
    if (!total) return;
    const from = position ?? (delta > 0 ? -1 : total);
    select(Math.min(total - 1, Math.max(0, from + delta)));
  };

  // Columns: the chips choose which count; of those, the user shows up to six (the first four until they choose).
  const candidates = useMemo(() => columnsFor(experiment.columns, modelIds, promptVersionIds), [experiment.columns, modelIds, promptVersionIds]);
  const [picked, setPicked] = useState<string[] | null>(() => readPicked(experiment.id));
  const shown = useMemo(() => {
    const chosen = picked ? candidates.filter((column) => picked.includes(column.key)).slice(0, maxColumns) : [];
    return chosen.length > 0 ? chosen : candidates.slice(0, defaultColumns);
  }, [candidates, picked]);
  const choose = (keys: string[]) => {
    setPicked(keys);
    localStorage.setItem(columnsKey(experiment.id), JSON.stringify(keys));
  };
  // A model or prompt version turned back on shows its columns again (as many as fit).
  const chooseFilter = (nextModels: string[], nextVersions: string[]) => {
    setModelIds(nextModels);
    setPromptVersionIds(nextVersions);
    if (!picked) return;
    const next = columnsFor(experiment.columns, nextModels, nextVersions);
    const added = next.filter((column) => !candidates.includes(column));
    if (added.length === 0) return;
    choose(next.filter((column) => shown.includes(column) || added.includes(column)).slice(0, maxColumns).map((column) => column.key));
  };
  const toggleColumn = (key: string) => {
    const on = shown.some((column) => column.key === key);
    if (on && shown.length <= 1) return;
    if (!on && shown.length >= maxColumns) return;
    const keys = on ? shown.filter((column) => column.key !== key).map((column) => column.key) : candidates.filter((column) => column.key === key || shown.includes(column)).map((column) => column.key);
    choose(keys);
  };

  // Display: Markdown or raw text, per-column sample, and a word diff between two shown columns.
  const [raw, setRaw] = useState(() => localStorage.getItem(rawKey) === 'true');
  const toggleRaw = () => {
    localStorage.setItem(rawKey, String(!raw));
    setRaw(!raw);
  };
  const [samples, setSamples] = useState<Readonly<Record<string, number>>>({});
  const onSample = useCallback((key: string, index: number) => setSamples((current) => ({ ...current, [key]: index })), []);
  const [diffOn, setDiffOn] = useState(false);
  const [diffPick, setDiffPick] = useState<[string, string] | null>(null);
  const diffKeys = resolvePair(diffPick, shown);
  const diffing = diffOn && diffKeys !== null;

  // While the next row is read, the one before stays on screen, dimmed (no flash of emptiness between rows).
  const { detail: current, loading, error: rowError } = useCompareRow(experiment.id, rowId, revision);
  const stale = loading || (rowId !== undefined && current !== undefined && current.row.id !== rowId);
  const byColumn = useMemo(() => groupByColumn(current?.generations ?? []), [current]);
  const pickSample = (column: CompareColumn) => {
    const list = byColumn.get(column.key) ?? [];
    const chosen = samples[column.key] ?? 0;
    return list.find((sample) => sample.sampleIndex === chosen);
  };
  const diffA = diffing ? pickSample(shown.find((column) => column.key === diffKeys[0])!) : undefined;
  const diffB = diffing ? pickSample(shown.find((column) => column.key === diffKeys[1])!) : undefined;
  const diffParts = useMemo(() => (diffing && diffA && diffB ? wordDiff(diffA.output, diffB.output) : null), [diffing, diffA, diffB]);
  const diffFor = (column: CompareColumn): ColumnDiff | null => {
    if (!diffing || !diffA || !diffB) return null;
    if (column.key === diffKeys[0]) return { side: 'a', parts: diffParts };
    if (column.key === diffKeys[1]) return { side: 'b', parts: diffParts };
    return null;
  };

  useCompareKeys(active, {
    move,
    toggleColumn: (number) => {
      const column = candidates[number - 1];
      if (column) toggleColumn(column.key);
    },
    toggleDiff: () => {
      if (shown.length >= 2) setDiffOn((on) => !on);
    },
    toggleRaw,
    toggleFailed: () => setFailedOnly((on) => !on),
    focusSearch: () => searchInput.current?.querySelector('input')?.focus(),
  });

  const running = experiment.state === 'running';
  const rowCount = experiment.dataset?.rowCount ?? 0;
  const filtered = search !== '' || failedOnly || modelIds.length > 0 || promptVersionIds.length > 0;

  return (
    <div className="compare-screen" data-testid="compare-view">
      <aside className="side-list cmp-side" aria-label="Rows">
        <div className="side-list-top" ref={searchInput}>
          <SearchBox label="Search rows and outputs" placeholder="Search rows and outputs" value={searchText} onChange={setSearchText} testId="compare-search" title="Search the row values, reference, context and outputs (/)" />
        </div>
        <CompareFilters
          columns={experiment.columns}
          failedOnly={failedOnly}
          onFailedOnly={setFailedOnly}
          modelIds={modelIds}
          onModelIds={(ids) => chooseFilter(ids, promptVersionIds)}
          promptVersionIds={promptVersionIds}
          onPromptVersionIds={(ids) => chooseFilter(modelIds, ids)}
        />
        <div className="cmp-count" data-testid="row-count">
          {total === undefined ? 'Reading rows…' : filtered ? `${formatCount(total)} of ${formatCount(rowCount)} rows match` : `${formatCount(total)} rows`}
        </div>
        {rows.error && (
          <div className="side-list-notice">
            <Notice tone="danger">{rows.error}</Notice>
          </div>
        )}
        <RowList rows={rows} position={position} selectedRowId={rowId} onPick={select} />
        {total === 0 && <p className="side-list-empty cmp-no-match">{filtered ? 'No row matches these filters.' : 'This experiment’s dataset has no rows.'}</p>}
        <div className="cmp-keys" aria-label="Keyboard">
          <span>
            <span className="kbd">↑</span>
            <span className="kbd">↓</span> or <span className="kbd">j</span>
            <span className="kbd">k</span> rows
          </span>
          {candidates.length > 1 && (
            <span>
              <span className="kbd">1</span>–<span className="kbd">{Math.min(9, candidates.length)}</span> columns
            </span>
          )}
          <span>
            <span className="kbd">d</span> diff
          </span>
          <span>
            <span className="kbd">r</span> raw
          </span>
          <span>
            <span className="kbd">/</span> search
          </span>
        </div>
      </aside>

      <section className="cmp-main" aria-label="Outputs">
        <Header experiment={experiment} position={position} total={total} onMove={move} rowIndex={current?.row.index} />
        <div className="cmp-toolbar">
          <div className="cmp-columns" role="group" aria-label="Columns shown">
            {candidates.map((column, index) => {
              const on = shown.includes(column);
              const full = !on && shown.length >= maxColumns;
              const failedHere = (byColumn.get(column.key) ?? []).some((sample) => sample.error !== null);
              return (
                <button
                  key={column.key}
                  type="button"
                  className="cmp-column-toggle"
                  aria-pressed={on}
                  disabled={full}
                  title={full ? `At most ${maxColumns} columns side by side: hide one first` : `${on ? 'Hide' : 'Show'} ${columnLabel(column)}${index < 9 ? ` (${index + 1})` : ''}`}
                  onClick={() => toggleColumn(column.key)}
                  data-testid="column-toggle"
                  data-column-key={column.key}
                >
                  {index < 9 && <span className="cmp-column-number">{index + 1}</span>}
                  <span className="cmp-column-name">{modelLabel(column)}</span>
                  {candidates.some((other) => other.promptVersionId !== column.promptVersionId) && <span className="cmp-column-prompt">{promptLabel(column)}</span>}
                  {failedHere && <span className="cmp-dot" data-tone="danger" title="Failed on this row" />}
                </button>
              );
            })}
          </div>
          <span className="cmp-spacer" />
          <div className="cmp-diff-controls">
            <button
              type="button"
              className="cmp-toggle"
              aria-pressed={diffOn}
              disabled={shown.length < 2}
              onClick={() => setDiffOn(!diffOn)}
              title={shown.length < 2 ? 'Show two columns to diff them' : 'Word-level differences between two columns (d)'}
              data-testid="toggle-diff"
            >
              <span className="cmp-toggle-box" aria-hidden="true" />
              Diff
              <span className="kbd">d</span>
            </button>
          </div>
          <div className="segmented" role="group" aria-label="Output as">
            <button type="button" aria-pressed={!raw} onClick={() => raw && toggleRaw()} title="Markdown, rendered safely (r)" data-testid="show-markdown">
              Markdown
            </button>
            <button type="button" aria-pressed={raw} onClick={() => !raw && toggleRaw()} title="The text exactly as the model wrote it (r)" data-testid="show-raw">
              Raw text
            </button>
          </div>
        </div>
        {diffing && (
          <div className="cmp-diffbar" data-testid="diff-bar">
            <span className="cmp-diffbar-name">Diff</span>
            <span className="cmp-diff-tag" data-side="a">
              A
            </span>
            <DiffSelect label="Diff from" value={diffKeys[0]} columns={shown} onChange={(key) => setDiffPick(swapIfSame([key, diffKeys[1]], diffKeys))} testId="diff-from" />
            <button type="button" className="icon-btn" title="Swap A and B" aria-label="Swap A and B" onClick={() => setDiffPick([diffKeys[1], diffKeys[0]])} data-testid="diff-swap">
              <Icon name="swap" size={13} />
            </button>
            <span className="cmp-diff-tag" data-side="b">
              B
            </span>
            <DiffSelect label="Diff to" value={diffKeys[1]} columns={shown} onChange={(key) => setDiffPick(swapIfSame([diffKeys[0], key], diffKeys))} testId="diff-to" />
            <span className="cmp-spacer" />
            {diffParts && (
              <span className="cmp-diffbar-legend" data-testid="diff-summary">
                <del className="cmp-del">{plural(diffSummary(diffParts).removed, 'word')} only in A</del>
                <ins className="cmp-ins">{plural(diffSummary(diffParts).added, 'word')} only in B</ins>
              </span>
            )}
          </div>
        )}
        <div className="cmp-scroll" data-testid="compare-detail" data-loading={stale || undefined}>
          {(rowError || locateError) && (
            <div className="cmp-notices">
              <Notice tone="danger">{rowError ?? locateError}</Notice>
            </div>
          )}
          {!rowId && total === 0 && (
            <div className="empty-state cmp-empty">
              <h2>No row to show</h2>
              <p>{filtered ? 'Nothing matches the filters on the left. Clear the search or turn a filter off.' : 'This experiment’s dataset has no rows.'}</p>
            </div>
          )}
          {current && (
            <>
              {unmatched && position === null && (
                <div className="cmp-notices">
                  <Notice tone="neutral">This row does not match the filters on the left; ↓ goes to the first one that does.</Notice>
                </div>
              )}
              <RowContext row={current.row} prompts={current.prompts} columns={shown} />
              {diffing && diffA && diffB && diffParts === null && (
                <div className="cmp-notices">
                  <Notice tone="neutral">These two outputs are too different to diff word by word; they are shown as they are.</Notice>
                </div>
              )}
              <div className="cmp-grid" style={{ gridTemplateColumns: `repeat(${shown.length}, minmax(200px, 1fr))` }} data-testid="output-grid" data-columns={shown.length}>
                {shown.map((column) => {
                  const index = candidates.indexOf(column);
                  return (
                    <OutputColumn
                      key={column.key}
                      column={column}
                      number={index < 9 ? index + 1 : null}
                      samples={byColumn.get(column.key) ?? []}
                      expectedSamples={experiment.samples}
                      sampleIndex={samples[column.key] ?? 0}
                      onSample={onSample}
                      raw={raw}
                      diff={diffFor(column)}
                      running={running}
                    />
                  );
                })}
              </div>
            </>
          )}
        </div>
      </section>
    </div>
  );
}

function Header({
  experiment,
  position,
  total,
  rowIndex,
  onMove,
}: {
  experiment: CompareExperiment;
  position: number | null;
  total: number | undefined;
  rowIndex: number | undefined;
  onMove(delta: number): void;
}) {
  const navigate = useNavigate();
  const list = useExperimentList(0);
  const { dataset } = experiment;
  const versions = new Set(experiment.columns.map((column) => column.promptVersionId)).size;
  const models = new Set(experiment.columns.map((column) => column.modelId)).size;
  const failed = experiment.columns.reduce((sum, column) => sum + column.failed, 0);
  return (
    <header className="cmp-head">
      <div className="cmp-head-main">
        <label className="cmp-experiment">
          <span className="sr-only">Experiment</span>
          <select className="select cmp-experiment-select" value={experiment.id} onChange={(event) => navigate('compare', event.target.value)} data-testid="compare-experiment">
            {!list.experiments?.some((entry) => entry.id === experiment.id) && <option value={experiment.id}>{experiment.name}</option>}
            {list.experiments?.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.name}
              </option>
            ))}
          </select>
        </label>
        <div className="cmp-head-meta">
          <span data-state={experiment.state} className="cmp-state" data-testid="compare-state">
            {stateWord(experiment.state)}
            {failed > 0 && <span className="cmp-state-failed"> · {formatCount(failed)} failed</span>}
          </span>
          <span>·</span>
          <span>{dataset ? `${dataset.name} v${dataset.number}` : 'dataset not found'}</span>
          <span>·</span>
          <span>
            {versions} prompt {versions === 1 ? 'version' : 'versions'} × {models} {models === 1 ? 'model' : 'models'}
            {experiment.samples > 1 ? ` × ${experiment.samples} samples` : ''}
          </span>
        </div>
      </div>
      <div className="cmp-nav">
        <span className="cmp-position" data-testid="row-position">
          {rowIndex === undefined ? '' : `Row ${formatCount(rowIndex + 1)}`}
          {position !== null && total !== undefined && <span className="muted"> · {formatCount(position + 1)} of {formatCount(total)}</span>}
        </span>
        <button type="button" className="icon-btn" onClick={() => onMove(-1)} disabled={!total || position === 0} title="Previous row (↑ or k)" aria-label="Previous row" data-testid="previous-row">
          <Icon name="up" size={14} />
        </button>
        <button
          type="button"
          className="icon-btn"
          onClick={() => onMove(1)}
          disabled={!total || (position !== null && position >= total - 1)}
          title="Next row (↓ or j)"
          aria-label="Next row"
          data-testid="next-row"
        >
          <Icon name="down" size={14} />
        </button>
        <a className="btn btn-sm btn-ghost" href={routeHref('experiments', experiment.id)} title="Open this experiment’s grid on the Experiments screen">
          <Icon name="experiments" size={12} />
          Grid
        </a>
      </div>
    </header>
  );
}

function DiffSelect({ label, value, columns, onChange, testId }: { label: string; value: string; columns: readonly CompareColumn[]; onChange(key: string): void; testId: string }) {
  return (
    <select className="select cmp-diff-select" aria-label={label} value={value} onChange={(event) => onChange(event.target.value)} data-testid={testId}>
      {columns.map((column) => (
        <option key={column.key} value={column.key}>
          {columnLabel(column)}
        </option>
      ))}
    </select>
  );
}

/** The columns the model and prompt-version filters leave in ([] means all), in matrix order. */
function columnsFor(columns: readonly CompareColumn[], modelIds: readonly string[], promptVersionIds: readonly string[]): CompareColumn[] {
  return columns.filter(
    (column) => (modelIds.length === 0 || modelIds.includes(column.modelId)) && (promptVersionIds.length === 0 || promptVersionIds.includes(column.promptVersionId)),
  );
}

/** The pair to diff: the user's, while both are shown; else the first two shown. */
function resolvePair(pick: [string, string] | null, shown: readonly CompareColumn[]): [string, string] | null {
  const keys = shown.map((column) => column.key);
  if (pick && pick[0] !== pick[1] && keys.includes(pick[0]) && keys.includes(pick[1])) return pick;
  return keys.length >= 2 ? [keys[0]!, keys[1]!] : null;
}

/** Choosing the other side's column swaps the two, so a pair is never one column with itself. */
function swapIfSame(next: [string, string], previous: [string, string]): [string, string] {
  if (next[0] !== next[1]) return next;
  return [previous[1], previous[0]];
}

function groupByColumn(generations: readonly CompareGeneration[]): Map<string, CompareGeneration[]> {
  const map = new Map<string, CompareGeneration[]>();
  for (const generation of generations) {
    const key = `${generation.promptVersionId}|${generation.modelId}`;
    const list = map.get(key);
    if (list) list.push(generation);
    else map.set(key, [generation]);
  }
  return map;
}

function plural(count: number, word: string): string {
  return `${formatCount(count)} ${count === 1 ? word : `${word}s`}`;
}

function readPicked(experimentId: string): string[] | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(columnsKey(experimentId)) ?? 'null');
    return Array.isArray(value) && value.every((key) => typeof key === 'string') ? value : null;
  } catch {
    return null;
  }
}
