import type { Agreement } from '../../../shared/contract/leaderboard.js';
import { formatCount } from '../../ui/format.js';
import { alphaBand, formatCoefficient, formatPercent, kappaBand } from './stat-words.js';

/** Do the people agree? Percent agreement, Krippendorff's alpha for everyone, Cohen's kappa per pair. */
export function AgreementCard({ agreement }: { agreement: Agreement }) {
  const band = alphaBand(agreement.alpha);
  return (
    <section className="lb-card lb-card-wide" data-testid="agreement" aria-labelledby="lb-agreement-title">
      <header className="lb-card-head">
        <h3 id="lb-agreement-title">Annotator agreement</h3>
        <span className="lb-card-meta" data-testid="agreement-coverage">
          {formatCount(agreement.items)} items judged by 2 or more · {formatCount(agreement.annotators)} annotators
        </span>
      </header>
      {agreement.items === 0 ? (
        <p className="lb-empty-line" data-testid="agreement-empty">
          Agreement needs items judged by at least two people. Give the task set an overlap of 2 or more and have a second annotator work through it.
        </p>
      ) : (
        <div className="lb-agreement-layout">
          <div className="lb-agreement-summary">
            <div className="lb-big-row">
              <div className="lb-big">
                <span className="lb-big-value" data-testid="agreement-percent">
                  {formatPercent(agreement.percent)}
                </span>
                <span className="lb-big-label">agree (raw)</span>
              </div>
              <div className="lb-big">
                <span className="lb-big-value" data-testid="agreement-alpha">
                  {formatCoefficient(agreement.alpha)}
                </span>
                <span className="lb-big-label">Krippendorff’s α ({agreement.alphaLevel})</span>
              </div>
            </div>
            <p className="lb-verdict" data-tone={band.tone} data-testid="agreement-verdict">
              α {formatCoefficient(agreement.alpha)}: {band.words}.
            </p>
          </div>
          <div className="lb-agreement-tables">
            {agreement.pairs.length > 0 && <PairsTable pairs={agreement.pairs} />}
            {agreement.criteria.length > 0 && <CriteriaTable criteria={agreement.criteria} />}
          </div>
        </div>
      )}
      <p className="lb-note">
        Raw agreement flatters easy tasks; α and κ correct for agreement by chance (0 = chance, 1 = perfect). Krippendorff: rely on α ≥ 0.80, draw tentative conclusions from
        0.67. κ per Landis &amp; Koch: 0.21–0.40 fair, 0.41–0.60 moderate, 0.61–0.80 substantial, above 0.80 almost perfect.
      </p>
    </section>
  );
}

function PairsTable({ pairs }: { pairs: Agreement['pairs'] }) {
  return (
    <table className="lb-table lb-compact" data-testid="agreement-pairs">
      <thead>
        <tr>
          <th>Annotators</th>
          <th className="lb-num">Items</th>
          <th className="lb-num">Agree</th>
          <th className="lb-num">Cohen’s κ</th>
          <th>Reads as</th>
        </tr>
      </thead>
      <tbody>
        {pairs.map((pair) => (
          <tr key={`${pair.annotatorA}|${pair.annotatorB}`} data-testid="agreement-pair">
            <td>
              {pair.annotatorA} <span className="lb-muted">&amp;</span> {pair.annotatorB}
            </td>
            <td className="lb-num">{formatCount(pair.items)}</td>
            <td className="lb-num">{formatPercent(pair.percent)}</td>
            <td className="lb-num" data-testid="pair-kappa">
              {formatCoefficient(pair.kappa)}
            </td>
            <td className="lb-muted">{kappaBand(pair.kappa)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CriteriaTable({ criteria }: { criteria: Agreement['criteria'] }) {
  return (
    <table className="lb-table lb-compact" data-testid="agreement-criteria">
      <thead>
        <tr>
          <th>Criterion</th>
          <th className="lb-num">Items</th>
          <th className="lb-num">Agree</th>
          <th className="lb-num">α (ordinal)</th>
          <th>Reads as</th>
        </tr>
      </thead>
      <tbody>
        {criteria.map((criterion) => (
          <tr key={criterion.criterion}>
            <td>{criterion.criterion}</td>
            <td className="lb-num">{formatCount(criterion.items)}</td>
            <td className="lb-num">{formatPercent(criterion.percent)}</td>
            <td className="lb-num">{formatCoefficient(criterion.alpha)}</td>
            <td className="lb-muted">{alphaBand(criterion.alpha).words}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
