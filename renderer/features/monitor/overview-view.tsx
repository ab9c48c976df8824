import { useMemo, useState } from 'react';
import type { ExperimentSummary } from '../../../shared/contract/experiments.js';
import type { Metrics, MetricsGroup, MonitorGroupBy } from '../../../shared/contract/monitor.js';
import { useApi } from '../../transport/index.js';
import { Notice } from '../../ui/notice.js';
import { DrillTable, type DrillScope } from './drill-table.js';
import { count, ms, palette, percent, rate, score, usd } from './monitor-format.js';
import { CostChart, LatencyChart, ScorerChart, TrendChart } from './monitor-charts.js';
import { useQuery } from './use-query.js';

const groupings: { value: MonitorGroupBy; label: string }[] = [
  { value: 'model', label: 'Model' },
  { value: 'prompt', label: 'Prompt version' },
  { value: 'experiment', label: 'Experiment' },
];

/** Figures at a glance, charts across experiments, the table by model / prompt / experiment, and the generations behind them. */
export function OverviewView({ experiments }: { experiments: readonly ExperimentSummary[] }) {
  const api = useApi();
  const [scope, setScope] = useState<string>('');
  const [groupBy, setGroupBy] = useState<MonitorGroupBy>('model');
  const [drill, setDrill] = useState<DrillScope>({ modelId: null, promptVersionId: null, experimentId: null, label: null });
  const experimentIds = scope ? [scope] : [];
  const key = `${scope}|${groupBy}|${experiments.length}|${experiments.filter((e) => e.state === 'running').length}`;
  const overview = useQuery(`overview|${key}`, () => api.monitor.overview({ experimentIds, groupBy }));
  const trendGroup = groupBy === 'prompt' ? 'prompt' : 'model';
  const trend = useQuery(`trend|${scope}|${trendGroup}|${experiments.length}`, () => api.monitor.trend({ experimentIds, groupBy: trendGroup }));
  const colors = useMemo(() => colorMap(overview.data?.groups ?? []), [overview.data]);
  const totals = overview.data?.totals;

  if (experiments.length === 0) {
    return <div className="mon-empty">No experiments yet. Run one in Experiments (or with <code>arbiter run</code>) and its cost, latency and quality show here.</div>;
  }
  if (!overview.data && !overview.error) return <div className="mon-empty" aria-busy="true">Reading the figures…</div>;
  const pick = (group: MetricsGroup) =>
    setDrill({ modelId: group.modelId, promptVersionId: group.promptVersionId, experimentId: group.experimentId, label: group.label });

  return (
    <div data-testid="monitor-overview">
      <div className="mon-controls">
        <label>
          <span className="muted">Experiments</span>
          <select className="select select-sm" value={scope} onChange={(event) => setScope(event.target.value)} data-testid="monitor-scope">
            <option value="">All ({experiments.length})</option>
            {experiments.map((experiment) => (
              <option key={experiment.id} value={experiment.id}>
                {experiment.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="muted">Group by</span>
          <div className="segmented" role="group" aria-label="Group by">
            {groupings.map((option) => (
              <button key={option.value} type="button" aria-pressed={groupBy === option.value} onClick={() => setGroupBy(option.value)} data-testid={`group-${option.value}`}>
                {option.label}
              </button>
            ))}
          </div>
        </label>
        <span className="ex-spacer" />
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => (overview.reload(), trend.reload())}>
          Refresh
        </button>
      </div>
      {overview.error && <Notice tone="danger">{overview.error}</Notice>}
      {totals && <Kpis totals={totals} />}
      <div className="mon-grid">
        <section className="mon-card" aria-label="Quality across experiments">
          <div className="mon-card-head">
            <h3>Pass rate over time</h3>
            <span className="muted">per experiment, by {trendGroup === 'model' ? 'model' : 'prompt version'}; click a point for its generations</span>
          </div>
          <TrendChart points={trend.data?.points ?? []} metric="passRate" onPick={(experimentId, label) => setDrill({ modelId: null, promptVersionId: null, experimentId, label })} />
        </section>
        <section className="mon-card" aria-label="Latency across experiments">
          <div className="mon-card-head">
            <h3>p95 latency over time</h3>
            <span className="muted">ms, per experiment</span>
          </div>
          <TrendChart points={trend.data?.points ?? []} metric="latencyP95" onPick={(experimentId, label) => setDrill({ modelId: null, promptVersionId: null, experimentId, label })} />
        </section>
        <section className="mon-card" aria-label="Latency percentiles">
          <div className="mon-card-head">
            <h3>Latency p50 / p95 / p99</h3>
            <span className="muted">by {groupings.find((g) => g.value === groupBy)?.label.toLowerCase()}</span>
          </div>
          <LatencyChart groups={overview.data?.groups ?? []} onPick={pick} />
        </section>
        <section className="mon-card" aria-label="Cost and quality by scorer">
          <div className="mon-card-head">
            <h3>{(overview.data?.scorers.length ?? 0) > 0 ? 'Pass rate by scorer' : 'Cost'}</h3>
            <span className="muted">{(overview.data?.scorers.length ?? 0) > 0 ? 'every scored generation in scope' : `by ${groupBy}`}</span>
          </div>
          {(overview.data?.scorers.length ?? 0) > 0 ? <ScorerChart scorers={overview.data!.scorers} /> : <CostChart groups={overview.data?.groups ?? []} colors={colors} />}
        </section>
      </div>
      <section className="mon-card" aria-label="By group" style={{ marginBottom: 14 }}>
        <div className="mon-card-head">
          <h3>By {groupings.find((g) => g.value === groupBy)?.label.toLowerCase()}</h3>
          <span className="muted">click a row for its generations</span>
        </div>
        <GroupTable groups={overview.data?.groups ?? []} colors={colors} selected={drill.label} onPick={pick} />
      </section>
      <DrillTable
        experimentIds={drill.experimentId ? [drill.experimentId] : experimentIds}
        scope={drill}
        scorers={overview.data?.scorers.map((s) => s.scorer) ?? []}
        onClearScope={() => setDrill({ modelId: null, promptVersionId: null, experimentId: null, label: null })}
      />
    </div>
  );
}

function colorMap(groups: readonly MetricsGroup[]): Map<string, string> {
  return new Map(groups.map((group, index) => [group.key, palette[index % palette.length]!]));
}

function Kpis({ totals }: { totals: Metrics }) {
  const tiles: { label: string; value: string; sub?: string; tone?: 'good' | 'bad'; testId: string }[] = [
    { label: 'Generations', value: count(totals.generations), sub: `${count(totals.succeeded)} ok · ${count(totals.cached)} cached`, testId: 'kpi-generations' },
    { label: 'Pass rate', value: percent(totals.passRate), sub: `${count(totals.scored)} scores · mean ${score(totals.meanScore)}`, tone: totals.passRate === null ? undefined : totals.passRate >= 0.9 ? 'good' : totals.passRate < 0.7 ? 'bad' : undefined, testId: 'kpi-pass-rate' },
    { label: 'Cost', value: usd(totals.costUsd), sub: `${count(totals.inputTokens)} in · ${count(totals.outputTokens)} out`, testId: 'kpi-cost' },
    { label: 'Latency p50', value: ms(totals.latencyP50), sub: `p95 ${ms(totals.latencyP95)} · p99 ${ms(totals.latencyP99)}`, testId: 'kpi-latency' },
    { label: 'First token p50', value: ms(totals.ttftP50), sub: `p95 ${ms(totals.ttftP95)}`, testId: 'kpi-ttft' },
    { label: 'Throughput', value: rate(totals.tokensPerSecond), sub: 'output tokens ÷ time after the first', testId: 'kpi-tps' },
    { label: 'Errors', value: percent(totals.errorRate), sub: `${count(totals.failed)} failed · retries ${percent(totals.retryRate)}`, tone: (totals.errorRate ?? 0) > 0.05 ? 'bad' : undefined, testId: 'kpi-errors' },
    { label: 'Cache hits', value: percent(totals.cacheHitRate), sub: `${count(totals.cached)} reused`, testId: 'kpi-cache' },
  ];
  return (
    <div className="mon-kpis">
      {tiles.map((tile) => (
        <div key={tile.label} className="mon-kpi" data-tone={tile.tone} data-testid={tile.testId}>
          <span className="mon-kpi-label">{tile.label}</span>
          <span className="mon-kpi-value">{tile.value}</span>
          {tile.sub && <span className="mon-kpi-sub">{tile.sub}</span>}
        </div>
      ))}
    </div>
  );
}

export function RateCell({ value }: { value: number | null }) {
  if (value === null) return <span className="muted">—</span>;
  const hue = Math.round(4 + value ** 1.6 * 128);
  return (
    <span className="mon-rate">
      <span className="mon-rate-bar">
        <span style={{ width: `${value * 100}%`, background: `hsl(${hue} 60% 45%)` }} />
      </span>
      {percent(value)}
    </span>
  );
}

function GroupTable({ groups, colors, selected, onPick }: { groups: readonly MetricsGroup[]; colors: Map<string, string>; selected: string | null; onPick(group: MetricsGroup): void }) {
  if (groups.length === 0) return <div className="mon-empty">No generations in scope.</div>;
  return (
    <div className="mon-table-wrap">
      <table className="mon-table" data-testid="group-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Generations</th>
            <th>Pass rate</th>
            <th>Mean score</th>
            <th>Cost</th>
            <th>Tokens in / out</th>
            <th>p50</th>
            <th>p95</th>
            <th>p99</th>
            <th>TTFT p50</th>
            <th>Tokens/s</th>
            <th>Errors</th>
            <th>Retries</th>
            <th>Cache</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr key={group.key} data-clickable onClick={() => onPick(group)} data-selected={selected === group.label || undefined} data-testid="group-row">
              <td className="wrap" title={group.label}>
                <span className="mon-swatch" style={{ background: colors.get(group.key) }} />
                {group.label}
              </td>
              <td>{count(group.metrics.generations)}</td>
              <td>
                <RateCell value={group.metrics.passRate} />
              </td>
              <td>{score(group.metrics.meanScore)}</td>
              <td>{usd(group.metrics.costUsd)}</td>
              <td>
                {count(group.metrics.inputTokens)} / {count(group.metrics.outputTokens)}
              </td>
              <td>{ms(group.metrics.latencyP50)}</td>
              <td>{ms(group.metrics.latencyP95)}</td>
              <td>{ms(group.metrics.latencyP99)}</td>
              <td>{ms(group.metrics.ttftP50)}</td>
              <td>{rate(group.metrics.tokensPerSecond)}</td>
              <td>{percent(group.metrics.errorRate)}</td>
              <td>{percent(group.metrics.retryRate)}</td>
              <td>{percent(group.metrics.cacheHitRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
