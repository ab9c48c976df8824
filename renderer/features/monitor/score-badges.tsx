import './monitor.css';
import type { ScoreRecord } from '../../../shared/contract/scoring.js';

/** Mean of the scores that have one, 0 to 1; null when none do. */
export function meanScore(scores: readonly ScoreRecord[]): number | null {
  const rated = scores.filter((score) => score.score !== null);
  return rated.length === 0 ? null : rated.reduce((sum, score) => sum + score.score!, 0) / rated.length;
}

/**
 * A cell's tint for its mean score: red through amber to green, faint enough that the text on it
 * stays readable in both themes (the colour is mixed with the cell's own background in CSS).
 */
export function scoreHeat(mean: number | null): string | undefined {
  if (mean === null) return undefined;
  const hue = Math.round(4 + mean ** 1.6 * 128);
  return `hsl(${hue} 70% 45%)`;
}

/** One pill per scorer: ✓ or ✗, the score when it is not plainly 0 or 1, the reason on hover. */
export function ScoreBadges({ scores, compact = false }: { scores: readonly ScoreRecord[]; compact?: boolean }) {
  if (scores.length === 0) return null;
  return (
    <span className="score-badges" data-testid="score-badges">
      {scores.map((score) => {
        const state = score.error ? 'error' : score.pass ? 'pass' : 'fail';
        const value = score.score !== null && score.score > 0 && score.score < 1 ? score.score.toFixed(2) : null;
        return (
          <span
            key={score.scorer}
            className="score-badge"
            data-state={state}
            title={`${score.scorer}: ${state === 'error' ? 'could not score' : state}${score.score !== null ? ` (${score.score.toFixed(3)})` : ''}\n${score.reason}`}
            data-testid="score-badge"
            data-scorer={score.scorer}
          >
            <span aria-hidden="true">{state === 'pass' ? '✓' : state === 'fail' ? '✗' : '!'}</span>
            {!compact && <span className="score-badge-name">{score.scorer}</span>}
            {value !== null && <span className="score-badge-value">{value}</span>}
          </span>
        );
      })}
    </span>
  );
}
