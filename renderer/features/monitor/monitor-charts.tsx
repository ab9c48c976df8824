import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricsGroup, ScorerMetrics, TrendPoint } from '../../../shared/contract/monitor.js';
import { useChartColors } from '../leaderboard/use-chart-colors.js';
import { ms, palette, percent, usd } from './monitor-format.js';

const height = 220;
const clip = (text: string, max = 22) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** One line per model (or prompt version) across experiments in time order; a point is an experiment. */
export function TrendChart({ points, metric, onPick }: { points: readonly TrendPoint[]; metric: 'passRate' | 'latencyP95'; onPick(experimentId: string, label: string): void }) {
  const colors = useChartColors();
  const series = [...new Map(points.map((point) => [point.key, point.label])).entries()];
  const experiments = [...new Map(points.map((point) => [point.experimentId, point.experimentName])).entries()];
  const data = experiments.map(([experimentId, name]) => {
    const row: Record<string, string | number | null> = { experimentId, name };
    for (const point of points) if (point.experimentId === experimentId) row[point.key] = metric === 'passRate' ? point.metrics.passRate : point.metrics.latencyP95;
    return row;
  });
  const hasValues = points.some((point) => (metric === 'passRate' ? point.metrics.passRate : point.metrics.latencyP95) !== null);
  if (!hasValues) return <div className="mon-empty">{metric === 'passRate' ? 'No scores yet: add scorers to an experiment.' : 'No latencies yet.'}</div>;
  const tick = { fill: colors.text, fontSize: 11 };
  return (
    <div data-testid={`trend-${metric}`} role="img" aria-label={`${metric === 'passRate' ? 'Pass rate' : 'p95 latency'} per experiment`}>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart
          data={data}
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
          onClick={(state) => {
            const index = typeof state?.activeTooltipIndex === 'number' ? state.activeTooltipIndex : Number(state?.activeTooltipIndex);
            const row = Number.isInteger(index) ? data[index] : undefined;
            if (row) onPick(String(row.experimentId), String(row.name));
          }}
        >
          <CartesianGrid stroke={colors.grid} vertical={false} />
          <XAxis dataKey="name" tick={tick} tickFormatter={(value: string) => clip(value, 16)} stroke={colors.grid} tickLine={false} interval="preserveStartEnd" />
          <YAxis
            tick={tick}
            stroke={colors.grid}
            tickLine={false}
            axisLine={false}
            width={metric === 'passRate' ? 40 : 56}
            domain={metric === 'passRate' ? [0, 1] : [0, 'auto']}
            tickFormatter={(value: number) => (metric === 'passRate' ? `${Math.round(value * 100)}%` : ms(value))}
          />
          <Tooltip
            contentStyle={{ background: colors.surface, border: `1px solid ${colors.grid}`, borderRadius: 6, fontSize: 12 }}
            formatter={(value, name) => [metric === 'passRate' ? percent(Number(value)) : ms(Number(value)), series.find(([key]) => key === name)?.[1] ?? String(name)]}
          />
          <Legend formatter={(key: string) => clip(series.find(([k]) => k === key)?.[1] ?? key, 28)} wrapperStyle={{ fontSize: 11 }} />
          {series.map(([key], index) => (
            <Line key={key} type="monotone" dataKey={key} stroke={palette[index % palette.length]} strokeWidth={2} dot={{ r: 3.5 }} activeDot={{ r: 5 }} connectNulls isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** p50, p95 and p99 latency side by side for each group; a bar opens the group's generations. */
export function LatencyChart({ groups, onPick }: { groups: readonly MetricsGroup[]; onPick(group: MetricsGroup): void }) {
  const colors = useChartColors();
  const data = groups.map((group) => ({ key: group.key, name: group.label, p50: group.metrics.latencyP50, p95: group.metrics.latencyP95, p99: group.metrics.latencyP99 }));
  if (!data.some((row) => row.p50 !== null)) return <div className="mon-empty">No latencies yet.</div>;
  const tick = { fill: colors.text, fontSize: 11 };
  return (
    <div data-testid="latency-chart" role="img" aria-label="Latency percentiles by group">
      <ResponsiveContainer width="100%" height={height}>
        <BarChart
          data={data}
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
          onClick={(state) => {
            const index = Number(state?.activeTooltipIndex);
            const group = Number.isInteger(index) ? groups[index] : undefined;
            if (group) onPick(group);
          }}
        >
          <CartesianGrid stroke={colors.grid} vertical={false} />
          <XAxis dataKey="name" tick={tick} tickFormatter={(value: string) => clip(value, 18)} stroke={colors.grid} tickLine={false} />
          <YAxis tick={tick} stroke={colors.grid} tickLine={false} axisLine={false} width={56} tickFormatter={(value: number) => ms(value)} />
          <Tooltip contentStyle={{ background: colors.surface, border: `1px solid ${colors.grid}`, borderRadius: 6, fontSize: 12 }} formatter={(value, name) => [ms(Number(value)), String(name)]} cursor={{ fill: colors.grid, opacity: 0.4 }} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Bar dataKey="p50" fill="#8f98e8" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          <Bar dataKey="p95" fill="#4b57d1" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          <Bar dataKey="p99" fill="#2a327f" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Each scorer's pass rate, worst first: which check fails most. */
export function ScorerChart({ scorers }: { scorers: readonly ScorerMetrics[] }) {
  const colors = useChartColors();
  const data = [...scorers].sort((a, b) => (a.passRate ?? 0) - (b.passRate ?? 0)).map((s) => ({ name: s.scorer, passRate: s.passRate ?? 0, errors: s.errors, scored: s.scored }));
  const tick = { fill: colors.text, fontSize: 11 };
  return (
    <div data-testid="scorer-chart" role="img" aria-label="Pass rate by scorer">
      <ResponsiveContainer width="100%" height={Math.max(120, data.length * 30 + 30)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 40, bottom: 4, left: 4 }}>
          <CartesianGrid stroke={colors.grid} horizontal={false} />
          <XAxis type="number" domain={[0, 1]} tick={tick} stroke={colors.grid} tickLine={false} tickFormatter={(value: number) => `${Math.round(value * 100)}%`} />
          <YAxis type="category" dataKey="name" tick={tick} width={110} tickLine={false} axisLine={false} tickFormatter={(value: string) => clip(value, 16)} />
          <Tooltip
            contentStyle={{ background: colors.surface, border: `1px solid ${colors.grid}`, borderRadius: 6, fontSize: 12 }}
            formatter={(value) => [percent(Number(value)), 'pass rate']}
            cursor={{ fill: colors.grid, opacity: 0.4 }}
          />
          <Bar
            dataKey="passRate"
            radius={[0, 3, 3, 0]}
            isAnimationActive={false}
            label={{ position: 'right', fill: colors.text, fontSize: 11, formatter: (value: unknown) => percent(Number(value), 0) }}
            shape={(props: unknown) => {
              const { x, y, width, height: h, payload } = props as { x: number; y: number; width: number; height: number; payload: { passRate: number } };
              const hue = Math.round(4 + payload.passRate ** 1.6 * 128);
              return <rect x={x} y={y} width={Math.max(width, 1)} height={h} rx={3} fill={`hsl(${hue} 60% 45%)`} />;
            }}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** What each group cost (cached results cost nothing again). */
export function CostChart({ groups, colors: seriesColors }: { groups: readonly MetricsGroup[]; colors: Map<string, string> }) {
  const colors = useChartColors();
  const data = groups.map((group) => ({ key: group.key, name: group.label, cost: group.metrics.costUsd ?? 0 }));
  if (!groups.some((group) => group.metrics.costUsd !== null)) return <div className="mon-empty">No prices: give the models prices per million tokens to see cost.</div>;
  const tick = { fill: colors.text, fontSize: 11 };
  return (
    <div data-testid="cost-chart" role="img" aria-label="Cost by group">
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid stroke={colors.grid} vertical={false} />
          <XAxis dataKey="name" tick={tick} tickFormatter={(value: string) => clip(value, 18)} stroke={colors.grid} tickLine={false} />
          <YAxis tick={tick} stroke={colors.grid} tickLine={false} axisLine={false} width={64} tickFormatter={(value: number) => usd(value)} />
          <Tooltip contentStyle={{ background: colors.surface, border: `1px solid ${colors.grid}`, borderRadius: 6, fontSize: 12 }} formatter={(value) => [usd(Number(value)), 'cost']} cursor={{ fill: colors.grid, opacity: 0.4 }} />
          <Bar
            dataKey="cost"
            radius={[3, 3, 0, 0]}
            isAnimationActive={false}
            shape={(props: unknown) => {
              const { x, y, width, height: h, payload } = props as { x: number; y: number; width: number; height: number; payload: { key: string } };
              return <rect x={x} y={y} width={width} height={h} rx={3} fill={seriesColors.get(payload.key) ?? palette[0]} />;
            }}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
