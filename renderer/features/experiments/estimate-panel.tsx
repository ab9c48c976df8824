import { formatCost, formatCount } from '../../ui/format.js';
import { Icon } from '../../ui/icon.js';
import { modShortcutLabel } from '../../ui/use-mod-shortcut.js';
import type { EstimateState } from './use-estimate.js';

export interface MatrixShape {
  promptVersions: number;
  models: number;
  /** The grid's column groups: each prompt version with the models under it. */
  columns: { prompt: string; models: string[] }[];
  rows: number | undefined;
  samples: number | undefined;
}

/** Size, tokens and cost before anything runs, the reasons it cannot run, and the buttons to create it. */
export function EstimatePanel({
  shape,
  estimate,
  missing,
  unpriced,
  overBudget,
  busy,
  createError,
  onCreate,
}: {
  shape: MatrixShape;
  estimate: EstimateState;
  /** Choices still to make, in words (checked here, before the backend is asked). */
  missing: string[];
  /** Models without prices, which make the cost unknown. */
  unpriced: string[];
  overBudget: string | null;
  busy: boolean;
  createError: string | undefined;
  onCreate(run: boolean): void;
}) {
  const answer = missing.length === 0 ? estimate.estimate : undefined;
  const problems = missing.length === 0 ? (answer?.problems ?? []) : [];
  const ready = missing.length === 0 && answer !== undefined && !estimate.pending && problems.length === 0 && !estimate.error;
  const plural = (count: number, one: string, many: string) => `${formatCount(count)} ${count === 1 ? one : many}`;

  return (
    <aside className="ex-summary" aria-label="Estimate" data-testid="estimate-panel" aria-busy={estimate.pending}>
      <div className="ex-summary-scroll">
        <h3 className="section-title">Matrix</h3>
        <p className="ex-formula" data-testid="matrix-formula">
          <span>{plural(shape.promptVersions, 'prompt version', 'prompt versions')}</span>
          <span>
            <span className="ex-times">×</span> {plural(shape.models, 'model', 'models')}
          </span>
          <span>
            <span className="ex-times">×</span> {shape.rows === undefined ? '? rows' : plural(shape.rows, 'row', 'rows')}
          </span>
          <span>
            <span className="ex-times">×</span> {shape.samples === undefined ? '? samples' : plural(shape.samples, 'sample', 'samples')}
          </span>
        </p>
        <dl className="ex-stats" data-stale={estimate.pending || undefined}>
          <div>
            <dt>Cells</dt>
            <dd data-testid="estimate-cells">{answer ? formatCount(answer.cells) : '—'}</dd>
          </div>
          <div>
            <dt>Generations</dt>
            <dd data-testid="estimate-generations">{answer ? formatCount(answer.generations) : '—'}</dd>
          </div>
          <div>
            <dt>Tokens, at most</dt>
            <dd data-testid="estimate-tokens">{answer ? formatCount(answer.estimatedTokens) : '—'}</dd>
          </div>
          <div>
            <dt>Cost, at most</dt>
            <dd data-testid="estimate-cost" title={answer && answer.estimatedCostUsd === null ? 'Unknown: some model has no prices' : undefined}>
              {answer ? (answer.estimatedCostUsd === null ? 'unknown' : formatCost(answer.estimatedCostUsd)) : '—'}
            </dd>
          </div>
        </dl>
        {answer && (
          <p className="ex-note">
            Prompt tokens are estimated from the rendered rows; output is counted at each model’s max tokens.
            {answer.estimatedCostUsd === null && unpriced.length > 0 && (
              <>
                {' '}
                No prices for {unpriced.join(', ')}: set them on the Models screen for a cost.
              </>
            )}
          </p>
        )}
        {shape.columns.length > 0 && shape.columns[0]!.models.length > 0 && (
          <>
            <h3 className="section-title ex-columns-title">Grid columns</h3>
            <ol className="ex-columns" data-testid="grid-columns-preview">
              {shape.columns.map((group) => (
                <li key={group.prompt}>
                  <span className="ex-columns-prompt">
                    <Icon name="prompts" size={12} />
                    {group.prompt}
                  </span>
                  <span className="ex-columns-models">
                    {group.models.map((model) => (
                      <span key={model} className="chip">
                        {model}
                      </span>
                    ))}
                  </span>
                </li>
              ))}
            </ol>
          </>
        )}
        {overBudget && answer && problems.length === 0 && (
          <p className="ex-note ex-note-warning" data-testid="budget-note">
            <Icon name="alert" size={12} /> {overBudget}
          </p>
        )}

        {estimate.error && missing.length === 0 && (
          <div className="ex-problems" role="alert">
            <p className="ex-problems-title">
              <Icon name="alert" size={13} /> The estimate failed
            </p>
            <ul>
              <li>{estimate.error}</li>
            </ul>
          </div>
        )}
        {problems.length > 0 && (
          <div className="ex-problems" role="alert" data-testid="estimate-problems">
            <p className="ex-problems-title">
              <Icon name="alert" size={13} /> {problems.length === 1 ? 'It cannot run yet' : `${problems.length} reasons it cannot run yet`}
            </p>
            <ul>
              {problems.map((problem) => (
                <li key={problem} data-testid="estimate-problem">
                  {problem}
                </li>
              ))}
            </ul>
          </div>
        )}
        {missing.length > 0 && (
          <ul className="ex-todo" data-testid="builder-missing">
            {missing.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </div>
      <div className="ex-summary-actions">
        {createError && (
          <p className="form-error" role="alert" data-testid="create-error">
            {createError}
          </p>
        )}
        <button type="button" className="btn btn-primary ex-run-btn" disabled={!ready || busy} onClick={() => onCreate(true)} data-testid="create-run" title={`Create and run (${modShortcutLabel('Enter')})`}>
          <Icon name="play" size={13} />
          {busy ? 'Starting…' : answer && ready ? `Run ${plural(answer.generations, 'generation', 'generations')}` : 'Run'}
          <span className="btn-kbd">{modShortcutLabel('Enter')}</span>
        </button>
        <button type="button" className="btn" disabled={!ready || busy} onClick={() => onCreate(false)} data-testid="create-draft" title="Save it to run later">
          Save without running
        </button>
      </div>
    </aside>
  );
}
