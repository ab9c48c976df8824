import { useEffect } from 'react';
import type { ExperimentSummary } from '../../../shared/contract/experiments.js';
import type { ComparedRow, Comparison, Metrics } from '../../../shared/contract/monitor.js';
import { routeHref } from '../../app/router.js';
import { useApi } from '../../transport/index.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { count, delta, ms, percent, score, usd, type Better } from './monitor-format.js';
import { ScoreBadges } from './score-badges.js';
import { useQuery } from './use-query.js';

/** Two experiments (e.g. prompt v3 → v4): what changed in quality, cost and latency, and the rows that got worse, first. */
export function CompareView({
  experiments,
  baselineId,
  candidateId,
  onPick,
}: {
  experiments: readonly ExperimentSummary[];
  baselineId: string | null;
  candidateId: string | null;
  onPick(baselineId: string, candidateId: string): void;
}) {
  const api = useApi();
  // Default: the newest experiment against the one before it.
  useEffect(() => {
    if ((!baselineId || !candidateId) && experiments.length >= 2) onPick(baselineId ?? experiments[1]!.id, candidateId ?? experiments[0]!.id);
  }, [baselineId, candidateId, experiments, onPick]);
  const ready = Boolean(baselineId && candidateId);
  const comparison = useQuery(`compare|${baselineId}|${candidateId}`, () => api.monitor.compare({ baselineId: baselineId!, candidateId: candidateId!, limit: 300 }), ready);

  if (experiments.length < 2) return <div className="mon-empty">Comparing needs two experiments: run a prompt or model change as a second experiment.</div>;
  return (
    <div data-testid="monitor-compare">
      <div className="mon-controls">
        <label>
          <span className="muted">Baseline</span>
          <ExperimentSelect experiments={experiments} value={baselineId ?? ''} onChange={(id) => onPick(id, candidateId ?? '')} testId="compare-baseline" />
        </label>
        <Icon name="swap" size={14} />
        <label>
          <span className="muted">Candidate</span>
          <ExperimentSelect experiments={experiments} value={candidateId ?? ''} onChange={(id) => onPick(baselineId ?? '', id)} testId="compare-candidate" />
        </label>
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => baselineId && candidateId && onPick(candidateId, baselineId)} title="Swap baseline and candidate">
          Swap
        </button>
      </div>
      {comparison.error && <Notice tone="danger">{comparison.error}</Notice>}
      {comparison.data && <ComparisonBody comparison={comparison.data} />}
    </div>
  );
}

function ExperimentSelect({ experiments, value, onChange, testId }: { experiments: readonly ExperimentSummary[]; value: string; onChange(id: string): void; testId: string }) {
  return (
    <select className="select select-sm" value={value} onChange={(event) => onChange(event.target.value)} data-testid={testId}>
      {experiments.map((experiment) => (
        <option key={experiment.id} value={experiment.id}>
          {experiment.name}
        </option>
      ))}
    </select>
  );
}

const deltaRows: { label: string; pick(m: Metrics): number | null; better: Better; kind: 'rate' | 'score' | 'ms' | 'usd' | 'count'; show(v: number | null): string }[] = [
  { label: 'Pass rate', pick: (m) => m.passRate, better: 'higher', kind: 'rate', show: (v) => percent(v) },
  { label: 'Mean score', pick: (m) => m.meanScore, better: 'higher', kind: 'score', show: (v) => score(v) },
  { label: 'Cost', pick: (m) => m.costUsd, better: 'lower', kind: 'usd', show: (v) => usd(v) },
  { label: 'Latency p50', pick: (m) => m.latencyP50, better: 'lower', kind: 'ms', show: (v) => ms(v) },
  { label: 'Latency p95', pick: (m) => m.latencyP95, better: 'lower', kind: 'ms', show: (v) => ms(v) },
  { label: 'First token p95', pick: (m) => m.ttftP95, better: 'lower', kind: 'ms', show: (v) => ms(v) },
  { label: 'Output tokens', pick: (m) => m.outputTokens, better: 'lower', kind: 'count', show: (v) => count(v) },
  { label: 'Error rate', pick: (m) => m.errorRate, better: 'lower', kind: 'rate', show: (v) => percent(v) },
];

function ComparisonBody({ comparison }: { comparison: Comparison }) {
  const { baseline, candidate } = comparison.metrics;
  return (
    <>
      <div className="mon-kpis" data-testid="compare-deltas">
        {deltaRows.map((row) => {
          const change = delta(row.pick(baseline), row.pick(candidate), row.better, row.kind);
          return (
            <div key={row.label} className="mon-kpi" data-tone={change.tone === 'flat' ? undefined : change.tone} data-testid="compare-delta">
              <span className="mon-kpi-label">{row.label}</span>
              <span className="mon-kpi-value">{row.show(row.pick(candidate))}</span>
              <span className="mon-kpi-sub">
                <span className="mon-delta" data-tone={change.tone}>
                  {change.text}
                </span>{' '}
                from {row.show(row.pick(baseline))}
              </span>
            </div>
          );
        })}
      </div>
      <div className="mon-grid">
        <section className="mon-card">
          <div className="mon-card-head">
            <h3>By scorer</h3>
            <span className="muted">
              {comparison.baseline.name} → {comparison.candidate.name}
            </span>
          </div>
          {comparison.scorers.length === 0 ? (
            <div className="mon-empty">Neither experiment has scorers.</div>
          ) : (
            <table className="mon-table" data-testid="compare-scorers">
              <thead>
                <tr>
                  <th>Scorer</th>
                  <th>Pass rate before</th>
                  <th>after</th>
                  <th>change</th>
                  <th>Mean before</th>
                  <th>after</th>
                </tr>
              </thead>
              <tbody>
                {comparison.scorers.map((row) => {
                  const change = delta(row.baseline?.passRate ?? null, row.candidate?.passRate ?? null, 'higher', 'rate');
                  return (
                    <tr key={row.scorer}>
                      <td>{row.scorer}</td>
                      <td>{percent(row.baseline?.passRate)}</td>
                      <td>{percent(row.candidate?.passRate)}</td>
                      <td>
                        <span className="mon-delta" data-tone={change.tone}>
                          {change.text}
                        </span>
                      </td>
                      <td>{score(row.baseline?.meanScore)}</td>
                      <td>{score(row.candidate?.meanScore)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
        <section className="mon-card">
          <div className="mon-card-head">
            <h3>Rows</h3>
          </div>
          <p style={{ margin: 0, fontSize: 13 }} data-testid="compare-summary">
            {count(comparison.paired)} rows answered in both:{' '}
            <strong style={{ color: 'var(--danger)' }}>{count(comparison.worse)} got worse</strong>,{' '}
            <strong style={{ color: 'var(--success)' }}>{count(comparison.better)} got better</strong>, {count(comparison.paired - comparison.worse - comparison.better)} the same.
          </p>
          {comparison.note && <p className="muted">{comparison.note}</p>}
          <p className="muted" style={{ fontSize: 12 }}>
            Paired by dataset row, sample and column (the same prompt and model position in each experiment). Worse: a scorer that passed now fails, or the mean score
            dropped.
          </p>
        </section>
      </div>
      <div className="mon-compare-rows" data-testid="compare-rows">
        {comparison.rows.map((row, index) => (
          <ComparedRowView key={`${row.rowId}-${row.sampleIndex}-${row.column}`} row={row} open={index < 1 && row.verdict === 'worse'} comparison={comparison} />
        ))}
      </div>
    </>
  );
}

function ComparedRowView({ row, open, comparison }: { row: ComparedRow; open: boolean; comparison: Comparison }) {
  const scoreChange = row.scoreDelta === null ? null : delta(0, row.scoreDelta, 'higher', 'score');
  return (
    <details className="mon-compare-row" data-verdict={row.verdict} open={open} data-testid="compare-row">
      <summary>
        <span className="mon-verdict" data-verdict={row.verdict}>
          {row.verdict === 'worse' ? (row.lostPasses > 0 ? `${row.lostPasses} check${row.lostPasses === 1 ? '' : 's'} lost` : 'worse') : row.verdict}
        </span>
        <span className="mon-compare-vars" title={row.variables}>
          {row.variables || `row ${row.rowId.slice(0, 10)}`}
        </span>
        <span className="ex-spacer" />
        <span className="muted">{row.column}</span>
        {scoreChange && (
          <span className="mon-delta" data-tone={scoreChange.tone}>
            score {scoreChange.text}
          </span>
        )}
        <span className="mon-delta" data-tone={Math.abs(row.latencyDeltaMs) < 50 ? 'flat' : row.latencyDeltaMs > 0 ? 'bad' : 'good'}>
          {row.latencyDeltaMs >= 0 ? '+' : '−'}
          {ms(Math.abs(row.latencyDeltaMs))}
        </span>
      </summary>
      <div className="mon-compare-sides">
        {(['baseline', 'candidate'] as const).map((side) => {
          const data = row[side];
          return (
            <div key={side} className="mon-side" data-testid={`compare-${side}`}>
              <h4>
                {side === 'baseline' ? comparison.baseline.name : comparison.candidate.name} ·{' '}
                <a href={routeHref('experiments', comparison[side].id)} title="Open the experiment’s grid">
                  grid
                </a>
              </h4>
              <pre>{data.error ?? (data.output || '(empty output)')}</pre>
              <ScoreBadges scores={data.scores.map((s) => ({ ...s, generationId: data.generationId, experimentId: comparison[side].id, kind: 'equals' as const }))} />
              <div className="muted" style={{ fontSize: 12, marginTop: 4 }}>
                {ms(data.latencyMs)} · {count(data.outputTokens)} tokens · {usd(data.costUsd)}
              </div>
              {data.scores
                .filter((s) => !s.pass)
                .map((s) => (
                  <div key={s.scorer} className="muted" style={{ fontSize: 12 }}>
                    ✗ {s.scorer}: {s.reason}
                  </div>
                ))}
            </div>
          );
        })}
      </div>
      {row.reference !== null && (
        <div className="muted" style={{ padding: '0 12px 10px', fontSize: 12 }}>
          Reference: {row.reference}
        </div>
      )}
    </details>
  );
}
