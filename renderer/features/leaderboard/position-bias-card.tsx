import type { Leaderboard } from '../../../shared/contract/leaderboard.js';
import { formatCount } from '../../ui/format.js';
import { formatPercent, formatPValue, positionBiasVerdict } from './stat-words.js';

/** How often the output shown on the left won: a fair setup sits near 50%. */
export function PositionBiasCard({ bias }: { bias: Leaderboard['positionBias'] }) {
  const verdict = positionBiasVerdict(bias);
  const share = bias.firstWinRate;
  return (
    <section className="lb-card" data-testid="position-bias" aria-labelledby="lb-bias-title">
      <header className="lb-card-head">
        <h3 id="lb-bias-title">Position bias</h3>
      </header>
      <div className="lb-big-row">
        <div className="lb-big">
          <span className="lb-big-value" data-testid="bias-first-rate">
            {formatPercent(share)}
          </span>
          <span className="lb-big-label">left (first shown) wins</span>
        </div>
        <div className="lb-big">
          <span className="lb-big-value lb-big-minor" data-testid="bias-decisive">
            {formatCount(bias.firstWins)} / {formatCount(bias.decisive)}
          </span>
          <span className="lb-big-label">decisive judgments</span>
        </div>
        <div className="lb-big">
          <span className="lb-big-value lb-big-minor" data-testid="bias-p">
            {formatPValue(bias.pValue)}
          </span>
          <span className="lb-big-label">binomial test vs 50%</span>
        </div>
      </div>
      {share !== null && (
        <div className="lb-split-wrap" aria-hidden="true">
          <div className="lb-split">
            <span className="lb-split-left" style={{ width: `${share * 100}%` }} />
          </div>
          <span className="lb-split-mid" />
          <span className="lb-split-scale">
            <span>left</span>
            <span>50%</span>
            <span>right</span>
          </span>
        </div>
      )}
      <p className="lb-verdict" data-tone={verdict.tone} data-testid="bias-verdict">
        {verdict.words}
      </p>
      <p className="lb-note">
        People’s judgments only (an LLM judge’s position bias shows as its flip rate). Left and right are randomized per annotator, so position should not matter; ties
        and both-bad votes are left out.
      </p>
    </section>
  );
}
