import { CartesianGrid, ErrorBar, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { LeaderboardEntry } from '../../../shared/contract/leaderboard.js';
import { intervalScale } from './interval-scale.js';
import type { RatingMeasure } from './rating-measure.js';
import { useChartColors } from './use-chart-colors.js';

interface Point {
  index: number;
  rating: number;
  /** Below and above the rating, as ErrorBar wants them. */
  error: [number, number];
  entry: LeaderboardEntry;
}

const rowHeight = 34;
const labelLength = 28;

/**
 * Each variant's rating as a dot with its 95% interval as whiskers, best at the top (a forest
 * plot): where whiskers overlap, the data cannot tell the variants apart.
 */
export function RatingsPlot({ entries, measure }: { entries: readonly LeaderboardEntry[]; measure: RatingMeasure }) {
  const colors = useChartColors();
  const points: Point[] = entries.flatMap((entry, index) =>
    entry.comparisons > 0 ? [{ index, rating: entry.rating, error: [Math.max(0, entry.rating - entry.low), Math.max(0, entry.high - entry.rating)] as [number, number], entry }] : [],
  );
  const scale = intervalScale(entries, measure);
  const labels = entries.map((entry) => entry.variant.label);
  const tickStyle = { fill: colors.text, fontSize: 12 };
  // Room for the longest label (about 7 px a character at 12 px), no more.
  const labelWidth = Math.min(labelLength, Math.max(...labels.map((label) => label.length), 4)) * 7 + 16;
  return (
    <div className="lb-plot" data-testid="ratings-plot" role="img" aria-label={plotDescription(entries, measure)}>
      <ResponsiveContainer width="100%" height={entries.length * rowHeight + 44}>
        <ScatterChart margin={{ top: 8, right: 20, bottom: 8, left: 4 }}>
          <CartesianGrid horizontal={false} stroke={colors.grid} />
          <XAxis
            type="number"
            dataKey="rating"
            domain={[scale.min, scale.max]}
            ticks={scale.ticks}
            tickFormatter={(value: number) => measure.format(value)}
            tick={tickStyle}
            stroke={colors.grid}
            tickLine={false}
            allowDataOverflow
            label={{ value: measure.axisLabel, position: 'insideBottom', offset: -2, fill: colors.muted, fontSize: 11 }}
            height={40}
          />
          <YAxis
            type="number"
            dataKey="index"
            domain={[-0.5, entries.length - 0.5]}
            ticks={entries.map((_, index) => index)}
            tickFormatter={(index: number) => truncate(labels[index] ?? '', labelLength)}
            reversed
            width={labelWidth}
            tick={tickStyle}
            tickLine={false}
            axisLine={false}
            interval={0}
          />
          {measure.centre !== null && <ReferenceLine x={measure.centre} stroke={colors.muted} strokeDasharray="3 3" />}
          <Tooltip content={<PlotTooltip measure={measure} />} cursor={false} isAnimationActive={false} />
          <Scatter data={points} fill={colors.accent} isAnimationActive={false} shape="circle">
            <ErrorBar dataKey="error" direction="x" width={6} strokeWidth={2} stroke={colors.accent} isAnimationActive={false} />
          </Scatter>
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Recharts fills in `active` and `payload` when it clones the element. */
function PlotTooltip({ active, payload, measure }: Partial<TooltipContentProps> & { measure: RatingMeasure }) {
  const point = payload?.[0]?.payload as Point | undefined;
  if (!active || !point) return null;
  const { entry } = point;
  return (
    <div className="lb-tooltip">
      <strong>{entry.variant.label}</strong>
      <span>
        {measure.format(entry.rating)} (95% interval {measure.format(entry.low)}–{measure.format(entry.high)})
      </span>
      <span>
        rank {entry.rank} · {entry.comparisons} {measure.kind === 'bradley-terry' ? 'comparisons' : 'scores'}
      </span>
    </div>
  );
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** What the picture says, for a screen reader. */
function plotDescription(entries: readonly LeaderboardEntry[], measure: RatingMeasure): string {
  return `${measure.axisLabel} with 95% intervals: ${entries
    .filter((entry) => entry.comparisons > 0)
    .map((entry) => `${entry.variant.label} ${measure.format(entry.rating)} (${measure.format(entry.low)} to ${measure.format(entry.high)})`)
    .join('; ')}`;
}
