import type { JudgeReport } from '../../../shared/contract/leaderboard.js';
import { formatCount } from '../../ui/format.js';
import { flipRateWords, formatPercent } from './stat-words.js';

/** What each LLM judge did: how often it changed its verdict when the outputs swapped, and how often it sided with the people. */
export function JudgeReports({ judges }: { judges: readonly JudgeReport[] }) {
  return (
    <table className="lb-table lb-compact" data-testid="judge-reports">
      <thead>
        <tr>
          <th>Judge</th>
          <th className="lb-num" title="Items it gave a verdict in both orders">
            Items
          </th>
          <th className="lb-num" title="Share of items whose verdict changed when the outputs swapped places">
            Flip rate
          </th>
          <th className="lb-num" title="Share of items with a human majority where the judge, consistent in both orders, chose the same">
            Agrees with people
          </th>
          <th className="lb-num" title="Answers that could not be read as a verdict">
            Unparsed
          </th>
        </tr>
      </thead>
      <tbody>
        {judges.map((judge) => (
          <tr key={judge.annotatorId} data-testid="judge-report" data-judge={judge.name}>
            <td>{judge.name}</td>
            <td className="lb-num">{formatCount(judge.items)}</td>
            <td className="lb-num">
              <span data-testid="judge-flip-rate" data-tone={judge.flipRate !== null && judge.flipRate >= 0.2 ? 'warning' : undefined} className="lb-flip">
                {formatPercent(judge.flipRate)}
              </span>
              <span className="lb-cell-words">{flipRateWords(judge.flipRate)}</span>
            </td>
            <td className="lb-num">
              <span data-testid="judge-agreement">{formatPercent(judge.agreementWithHumans)}</span>
              <span className="lb-cell-words">{agreementBasis(judge)}</span>
            </td>
            <td className="lb-num" data-testid="judge-unparsed">
              {formatCount(judge.unparsed)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What the agreement with people rests on, or why there is none. */
function agreementBasis(judge: JudgeReport): string {
  if (judge.comparedWithHumans > 0) return `of ${formatCount(judge.comparedWithHumans)} items`;
  if (judge.items > 0 && judge.flipRate === 1) return 'never kept a verdict both ways';
  return 'no item with a human majority yet';
}
