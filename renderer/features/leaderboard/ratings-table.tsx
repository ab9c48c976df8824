import type { LeaderboardEntry } from '../../../shared/contract/leaderboard.js';
import { formatCount } from '../../ui/format.js';
import { intervalScale, type IntervalScale } from './interval-scale.js';
import { formatInterval, type RatingMeasure } from './rating-measure.js';
import { formatPercent } from './stat-words.js';

/** The leaderboard proper: one row per variant, best first, with its interval drawn to a common scale. */
export function RatingsTable({ entries, measure }: { entries: readonly LeaderboardEntry[]; measure: RatingMeasure }) {
  const scale = intervalScale(entries, measure);
  const duels = measure.kind === 'bradley-terry';
  const rankCounts = new Map<number, number>();
  for (const entry of entries) rankCounts.set(entry.rank, (rankCounts.get(entry.rank) ?? 0) + 1);
  return (
    <table className="lb-table lb-ratings" data-testid="ratings-table">
      <thead>
        <tr>
          <th className="lb-num" title="Variants whose intervals overlap share a rank">
            Rank
          </th>
          <th>Variant</th>
          <th className="lb-num">{duels ? 'Rating' : 'Mean score'}</th>
          <th className="lb-num" title="The 95% bootstrap interval, as distances above and below">
            95% CI
          </th>
          <th className="lb-ci-head" aria-label="Interval on a common scale">
            <span>{measure.format(scale.min)}</span>
            <span>{measure.format(scale.max)}</span>
          </th>
          {duels && (
            <>
              <th className="lb-num" title="(wins + ties / 2) / comparisons">
                Win rate
              </th>
              <th className="lb-num" title="Wins / losses / ties / both bad">
                W / L / T / bad
              </th>
            </>
          )}
          <th className="lb-num">{duels ? 'Comparisons' : 'Scores'}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <RatingRow key={entry.variant.key} entry={entry} tied={(rankCounts.get(entry.rank) ?? 0) > 1} scale={scale} measure={measure} />
        ))}
      </tbody>
    </table>
  );
}

function RatingRow({ entry, tied, scale, measure }: { entry: LeaderboardEntry; tied: boolean; scale: IntervalScale; measure: RatingMeasure }) {
  const judged = entry.comparisons > 0;
  return (
    <tr data-testid="rating-row" data-variant={entry.variant.label} data-rank={entry.rank}>
      <td className="lb-num lb-rank" data-testid="rating-rank">
        <span title={tied ? 'Tied: its interval overlaps another’s, so the data cannot order them' : undefined}>
          {tied ? '=' : ''}
          {entry.rank}
        </span>
      </td>
      <td className="lb-variant">
        <span className="lb-variant-label" title={`${entry.variant.modelName}\n${entry.variant.promptName} v${entry.variant.promptVersionNumber}`} data-testid="rating-variant">
          {entry.variant.label}
        </span>
      </td>
      <td className="lb-num lb-rating" data-testid="rating-value">
        {judged ? measure.format(entry.rating) : '—'}
      </td>
      <td
        className="lb-num lb-interval"
        data-testid="rating-interval"
        title={judged ? `95% interval ${measure.format(entry.low)} to ${measure.format(entry.high)}` : undefined}
      >
        {judged ? formatInterval(measure, entry.rating, entry.low, entry.high) : '—'}
      </td>
      <td className="lb-ci-cell">
        {judged && (
          <span className="lb-ci" aria-hidden="true">
            {measure.centre !== null && <span className="lb-ci-centre" style={{ left: `${scale.at(measure.centre)}%` }} />}
            <span className="lb-ci-range" style={{ left: `${scale.at(entry.low)}%`, width: `${scale.at(entry.high) - scale.at(entry.low)}%` }} />
            <span className="lb-ci-dot" style={{ left: `${scale.at(entry.rating)}%` }} />
          </span>
        )}
      </td>
      {measure.kind === 'bradley-terry' && (
        <>
          <td className="lb-num" data-testid="rating-win-rate">
            {formatPercent(entry.winRate)}
          </td>
          <td className="lb-num lb-wltb" data-testid="rating-record">
            {formatCount(entry.wins)} / {formatCount(entry.losses)} / {formatCount(entry.ties)} / {formatCount(entry.bothBad)}
          </td>
        </>
      )}
      <td className="lb-num" data-testid="rating-comparisons">
        {formatCount(entry.comparisons)}
      </td>
    </tr>
  );
}
