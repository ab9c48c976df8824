import type { Judgment } from '../../../shared/contract/labeling.js';
import { formatDuration } from '../../ui/format.js';
import { FlagIcon } from './label-icons.js';
import { sameVerdict, verdictWords } from './judgment-words.js';

/** Every annotator's judgment of one item, revealed: who, what they chose, why. */
export function JudgmentsTable({ judgments, labelOf }: { judgments: Judgment[]; labelOf(generationId: string): string }) {
  // Verdicts that say the same share a colour, so a split is visible at a glance.
  const groups: Judgment[] = [];
  for (const judgment of judgments) if (!groups.some((seen) => sameVerdict(seen.verdict, judgment.verdict))) groups.push(judgment);
  const groupOf = (judgment: Judgment) => groups.findIndex((seen) => sameVerdict(seen.verdict, judgment.verdict));
  return (
    <table className="lb-judgments" data-testid="review-judgments">
      <thead>
        <tr>
          <th>Annotator</th>
          <th>Verdict</th>
          <th>Rationale</th>
          <th>Tags</th>
          <th className="lb-col-time">Time</th>
        </tr>
      </thead>
      <tbody>
        {judgments.map((judgment) => (
          <tr key={judgment.id} data-testid="review-judgment" data-annotator={judgment.annotatorName}>
            <td className="lb-judgment-who">
              {judgment.annotatorName}
              {judgment.source === 'llm' && <span className="chip">LLM</span>}
              {judgment.flagged && (
                <span className="lb-flag-mark" title="Flagged for review">
                  <FlagIcon size={11} />
                </span>
              )}
            </td>
            <td>
              <span className="lb-verdict" data-group={groupOf(judgment) % 4} data-testid="judgment-verdict">
                {verdictWords(judgment.verdict, labelOf)}
              </span>
            </td>
            <td className="lb-judgment-rationale">{judgment.rationale || <span className="muted">—</span>}</td>
            <td>
              {judgment.tags.length > 0 ? (
                <span className="lb-judgment-tags">
                  {judgment.tags.map((tag) => (
                    <span key={tag} className="chip">
                      {tag}
                    </span>
                  ))}
                </span>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
            <td className="lb-col-time">{formatDuration(judgment.durationMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
