import type { Leaderboard } from '../../../shared/contract/leaderboard.js';
import { formatCount } from '../../ui/format.js';
import { ratingMeasure } from './rating-measure.js';
import { RatingsPlot } from './ratings-plot.js';
import { RatingsTable } from './ratings-table.js';

/** The ranking: table and plot of the ratings with their intervals, and how to read them. */
export function RatingsCard({ board }: { board: Leaderboard }) {
  const measure = ratingMeasure(board.kind);
  const judged = board.entries.filter((entry) => entry.comparisons > 0).length;
  const resamples = formatCount(board.resamples);
  return (
    <section className="lb-card lb-card-wide" data-testid="ratings" aria-labelledby="lb-ratings-title">
      <header className="lb-card-head">
        <h3 id="lb-ratings-title">Ratings</h3>
        <span className="lb-card-meta" data-testid="ratings-method">
          {measure.kind === 'bradley-terry' ? 'Bradley-Terry' : 'Mean rubric score'} · 95% bootstrap intervals from {resamples} resamples
        </span>
        {board.includedJudges && (
          <span className="chip" data-tone="candidate" data-testid="includes-judges">
            includes LLM judge verdicts
          </span>
        )}
      </header>
      {board.entries.length === 0 ? (
        <p className="lb-empty-line">No variants to rank.</p>
      ) : (
        <div className="lb-ratings-layout">
          <RatingsTable entries={board.entries} measure={measure} />
          {judged > 0 && <RatingsPlot entries={board.entries} measure={measure} />}
        </div>
      )}
      <p className="lb-note">
        {measure.kind === 'bradley-terry'
          ? `1000 is the average variant; 400 points more means 10-to-1 odds of being preferred. The interval holds 95% of the ratings found when the judgments were resampled ${resamples} times: the wider it is, the less the data can tell.`
          : `Each variant's score averaged over every criterion and judgment. The interval holds 95% of the means found when the scores were resampled ${resamples} times: the wider it is, the less the data can tell.`}{' '}
        Variants whose intervals overlap share a rank (marked =), because their order could be chance.
      </p>
    </section>
  );
}
