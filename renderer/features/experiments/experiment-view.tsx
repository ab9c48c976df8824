import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import type { ExperimentSummary, GenerationRecord } from '../../../shared/contract/experiments.js';
import type { ScorerConfigInput } from '../../../shared/contract/scoring.js';
import { formatDateTime, formatRelative } from '../../lib/format-date.js';
import { formatCount } from '../../ui/format.js';
import { Notice } from '../../ui/notice.js';
import { useCatalog } from './catalog-context.js';
import { CellDetail } from './cell-detail.js';
import { StateBadge } from './experiment-state.js';
import { gridColumns } from './grid-columns.js';
import { ProgressStrip } from './progress-strip.js';
import { ResultsGrid, type Density, type GridPosition } from './results-grid.js';
import { RunActions } from './run-actions.js';
import { hasStateNotice, StateNotice } from './state-notice.js';
import { useLocatedVersion } from './use-dataset-detail.js';
import { useDatasetRows } from './use-dataset-rows.js';
import { useExperiment } from './use-experiment.js';
import { useApi } from '../../transport/index.js';
import { useFilteredRows } from '../monitor/filtered-rows.js';
import { RunAlerts } from '../monitor/run-alerts.js';
import { ScoreFilterSelect } from '../monitor/score-filter.js';
import { ScorerEditor } from '../monitor/scorer-editor.js';
import { useExperimentScores } from '../monitor/use-experiment-scores.js';
import { useScoreFilter } from '../monitor/use-score-filter.js';

const densityKey = 'arbiter.experiments.density';
const densities: { value: Density; label: string; title: string }[] = [
  { value: 'compact', label: 'S', title: 'One line of output per cell' },
  { value: 'comfortable', label: 'M', title: 'Three lines of output per cell' },
  { value: 'tall', label: 'L', title: 'Eight lines of output per cell' },
];

/** An experiment's run: header and actions, live progress, and the grid filling cell by cell. */
export function ExperimentView({ id, onCopy }: { id: string; onCopy(): void }) {
  const run = useExperiment(id);
  if (!run.summary || !run.progress) {
    return (
      <div className="ex-view ex-view-empty" aria-busy={!run.error}>
        {run.error && (
          <Notice tone="danger">
            <strong>This experiment could not be opened.</strong> {run.error}
          </Notice>
        )}
      </div>
    );
  }
  return <LoadedView summary={run.summary} run={run} onCopy={onCopy} />;
}

function LoadedView({ summary, run, onCopy }: { summary: ExperimentSummary; run: ReturnType<typeof useExperiment>; onCopy(): void }) {
  const catalog = useCatalog();
  const api = useApi();
  const { config } = summary;
  const progress = run.progress ?? summary.progress;
  const located = useLocatedVersion(config.datasetVersionId, catalog.datasets.datasets);
  const datasetRows = useDatasetRows(config.datasetVersionId);
  const perRow = config.promptVersionIds.length * config.models.length;
  const datasetRowCount = datasetRows.total ?? (perRow > 0 ? Math.round(summary.estimate.cells / perRow) : 0);
  // Scores: badges and tint in the cells, and a filter that narrows the grid to failing or passing rows.
  const scores = useExperimentScores(summary.id);
  const scoreVersion = useSyncExternalStore(scores.store.subscribe, scores.store.getVersion);
  const [savedScorers, setSavedScorers] = useState<ScorerConfigInput[] | null>(null);
  const [editingScorers, setEditingScorers] = useState(false);
  const [scoreFilter, setScoreFilter] = useState('');
  const scorerNames = scores.status?.scorers ?? [];
  const scorerKey = scorerNames.join('\u0000');
  const filter = useScoreFilter(summary.id, scoreFilter, scores.status?.scored ?? 0);
  const rows = useFilteredRows(datasetRows, filter.indices);
  const rowCount = filter.indices ? filter.indices.length : datasetRowCount;
  const scoresOf = useCallback(
    (generation: GenerationRecord) => scores.store.get(generation.id, scorerKey ? scorerKey.split('\u0000') : []),
    // scoreVersion: the store changed, so the grid must ask again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [scores.store, scorerKey, scoreVersion],
  );
  const { columns, groups } = useMemo(() => gridColumns(config, catalog.prompts.versions, catalog.models.models), [config, catalog.prompts.versions, catalog.models.models]);
  const [active, setActive] = useState<GridPosition | null>(null);
  const [open, setOpen] = useState(false);
  const [density, setDensity] = useState<Density>(() => readDensity());
  useSyncExternalStore(run.store.subscribe, run.store.getVersion);

  const chooseDensity = (value: Density) => {
    setDensity(value);
    localStorage.setItem(densityKey, value);
  };
  const openDetail = useCallback(() => setOpen(true), []);
  const closeDetail = useCallback(() => setOpen(false), []);
  const activeColumn = active ? columns[active.col] : undefined;
  const activeRow = active ? rows.rowAt(active.row) : undefined;
  const cellsTotal = datasetRowCount * columns.length;
  const running = progress.state === 'running';

  return (
    <div className="ex-view" data-testid="experiment-view" data-state={progress.state}>
      <header className="ex-view-head">
        <div className="ex-view-main">
          <div className="ex-view-title">
            <h2 data-testid="experiment-title" title={summary.name}>
              {summary.name}
            </h2>
            <StateBadge progress={progress} />
          </div>
          <div className="ex-view-meta" data-testid="experiment-meta">
            <span>
              {plural(config.promptVersionIds.length, 'prompt version', 'prompt versions')} × {plural(config.models.length, 'model', 'models')} ×{' '}
              {plural(rowCount, 'row', 'rows')}
              {config.samples > 1 ? ` × ${config.samples} samples` : ''}
            </span>
            <span>·</span>
            <span title={located ? `Dataset version ${located.version.id}` : undefined}>
              {located ? `${located.datasetName} v${located.version.number}` : located === null ? 'dataset not found' : 'dataset …'}
            </span>
            <span>·</span>
            <span>seed {config.seed}</span>
            <span>·</span>
            <span>{config.remoteConcurrency} per endpoint</span>
            <span>·</span>
            <span title={formatDateTime(summary.createdAt)}>created {formatRelative(summary.createdAt)}</span>
          </div>
        </div>
        <RunActions progress={progress} action={run.action} onStart={(fresh) => void run.start({ fresh })} onCancel={() => void run.cancel()} onCopy={onCopy} />
      </header>
      <ProgressStrip progress={progress} budget={config.budget} />
      <RunAlerts experimentId={summary.id} />
      {(run.actionError || run.error || rows.error || filter.error || hasStateNotice(progress)) && (
        <div className="ex-notices">
          {run.actionError && (
            <Notice tone="danger" onDismiss={run.clearActionError} testId="action-error">
              {run.actionError}
            </Notice>
          )}
          {run.error && <Notice tone="danger">{run.error}</Notice>}
          {rows.error && <Notice tone="danger">The dataset’s rows could not be read: {rows.error}</Notice>}
          {filter.error && <Notice tone="danger">The score filter could not be applied: {filter.error}</Notice>}
          <StateNotice progress={progress} budget={config.budget} busy={run.action !== null} onResume={(budget) => void run.start({ fresh: false, ...(budget ? { budget } : {}) })} />
        </div>
      )}
      <div className="ex-toolbar">
        <span className="ex-toolbar-fact" data-testid="cells-filled">
          {formatCount(run.store.cellCount)} of {formatCount(cellsTotal)} cells filled
        </span>
        {run.loading && run.loading.total > 0 && (
          <span className="ex-toolbar-fact muted">
            reading results {formatCount(run.loading.loaded)} / {formatCount(run.loading.total)}
          </span>
        )}
        {scores.status && scores.status.scorers.length > 0 && (
          <span className="ex-toolbar-fact" data-testid="scoring-status" title={`${scores.status.errors} could not be scored`}>
            {scores.status.running ? 'scoring… ' : 'scored '}
            {formatCount(scores.status.scored)} / {formatCount(scores.status.expected)}
          </span>
        )}
        <ScoreFilterSelect scorers={scorerNames} value={scoreFilter} onChange={setScoreFilter} shown={filter.indices ? filter.indices.length : null} />
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => setEditingScorers(true)} title="Automatic checks of every generation" data-testid="edit-scorers">
          Scorers{scorerNames.length > 0 ? ` (${scorerNames.length})` : ''}
        </button>
        <span className="ex-spacer" />
        <a className="btn btn-sm btn-ghost" href={`#/compare/${encodeURIComponent(summary.id)}`} title="Read each row’s outputs side by side, with a word diff" data-testid="open-compare">Compare outputs</a>
        <span className="ex-toolbar-hint muted">
          <span className="kbd">↑</span> <span className="kbd">↓</span> <span className="kbd">←</span> <span className="kbd">→</span> move · <span className="kbd">Enter</span> open ·{' '}
          <span className="kbd">Esc</span> close
        </span>
        <div className="segmented" role="group" aria-label="Row height">
          {densities.map((option) => (
            <button key={option.value} type="button" aria-pressed={density === option.value} title={option.title} onClick={() => chooseDensity(option.value)} data-testid={`density-${option.value}`}>
              {option.label}
            </button>
          ))}
        </div>
      </div>
      <div className="ex-view-body" data-detail={(open && activeColumn !== undefined) || undefined}>
        <ResultsGrid
          columns={columns}
          groups={groups}
          rowCount={rowCount}
          rows={rows}
          store={run.store}
          expectedSamples={config.samples}
          waiting={running ? 'running' : run.loading ? 'loading' : null}
          density={density}
          active={active}
          onActive={setActive}
          onOpen={openDetail}
          onClose={closeDetail}
          scoresOf={scoresOf}
          rowNumber={rows.rowNumber}
        />
        {open && active && activeColumn && (
          <CellDetail
            column={activeColumn}
            rowIndex={active.row}
            row={activeRow}
            samples={activeRow ? run.store.get(activeColumn.promptVersionId, activeColumn.modelId, activeRow.id) : []}
            expected={config.samples}
            onClose={closeDetail}
          />
        )}
      </div>
      {editingScorers && (
        <ScorerEditor
          experimentId={summary.id}
          scorers={savedScorers ?? config.scorers ?? []}
          models={catalog.models.models ?? []}
          sample={sampleFor(activeColumn && activeRow ? run.store.get(activeColumn.promptVersionId, activeColumn.modelId, activeRow.id)[0] : undefined, activeRow)}
          onClose={() => setEditingScorers(false)}
          onSaved={() => {
            setEditingScorers(false);
            void api.experiments.get({ id: summary.id }).then((next) => setSavedScorers(next.config.scorers ?? []), () => {});
            scores.reload();
          }}
        />
      )}
    </div>
  );
}

/** The active cell's output and row, to try a scorer on in the editor. */
function sampleFor(generation: GenerationRecord | undefined, row: { reference: string | null; context: string | null } | undefined) {
  if (!generation || generation.error) return null;
  const question = [...generation.messages].reverse().find((message) => message.role === 'user')?.content ?? '';
  return { output: generation.output, reference: row?.reference ?? null, context: row?.context ?? null, question };
}

function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

function readDensity(): Density {
  const stored = localStorage.getItem(densityKey);
  return stored === 'compact' || stored === 'tall' ? stored : 'comfortable';
}
