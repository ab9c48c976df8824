import type { GenerationRecord } from '../../../shared/contract/experiments.js';
import type { ScoreRecord } from '../../../shared/contract/scoring.js';
import { formatCost, formatDuration } from '../../ui/format.js';
import { meanScore, ScoreBadges, scoreHeat } from '../monitor/score-badges.js';

/**
 * One cell of the grid: the first sample's output as plain text (model output is untrusted and
 * never parsed as HTML or Markdown here), clipped; its numbers underneath; or the error in words.
 */
export function ResultCell({
  samples,
  expected,
  waiting,
  active,
  groupStart,
  rowIndex,
  columnIndex,
  onPick,
  scores = noScores,
}: {
  samples: readonly GenerationRecord[];
  expected: number;
  /** Why an empty cell is empty: still to come, stored results still being read, or no result. */
  waiting: 'running' | 'loading' | null;
  active: boolean;
  groupStart: boolean;
  rowIndex: number;
  columnIndex: number;
  onPick(rowIndex: number, columnIndex: number): void;
  /** The first sample's scores (pass/fail badges, and a tint for their mean). */
  scores?: readonly ScoreRecord[];
}) {
  const first = samples[0];
  const mean = meanScore(scores);
  const heat = scoreHeat(mean);
  const failed = samples.filter((sample) => sample.error !== null).length;
  const state = !first ? 'empty' : failed === samples.length ? 'failed' : 'done';
  return (
    <div
      role="gridcell"
      className="ex-cell"
      data-state={state}
      data-active={active || undefined}
      data-group-start={groupStart || undefined}
      aria-selected={active}
      data-row={rowIndex}
      data-col={columnIndex}
      data-testid="result-cell"
      data-cached={first?.cached || undefined}
      data-score={mean === null ? undefined : mean.toFixed(2)}
      data-failing={scores.some((score) => !score.pass) || undefined}
      style={heat ? { ['--score-heat' as string]: heat } : undefined}
      onClick={() => onPick(rowIndex, columnIndex)}
    >
      {!first ? (
        <span className="ex-cell-empty">{waiting === 'running' ? 'waiting' : waiting === 'loading' ? 'reading…' : 'no result'}</span>
      ) : first.error ? (
        <div className="ex-cell-error" data-testid="cell-error">
          <span className="ex-cell-code">{errorWord(first.error.code)}</span> {first.error.message}
        </div>
      ) : (
        <div className="ex-cell-output" data-testid="cell-output">
          {first.output === '' ? <span className="muted">(empty output)</span> : first.output}
        </div>
      )}
      {first && (
        <div className="ex-cell-meta">
          {!first.error && (
            <span title={`${first.inputTokens} input tokens · ${first.outputTokens} output tokens`}>
              {first.outputTokens.toLocaleString()} tok
            </span>
          )}
          <span title={first.timeToFirstTokenMs === null ? 'Latency' : `Latency · first token after ${formatDuration(first.timeToFirstTokenMs)}`}>{formatDuration(first.latencyMs)}</span>
          {first.costUsd !== null && first.costUsd > 0 && <span>{formatCost(first.costUsd)}</span>}
          {first.finishReason === 'length' && (
            <span className="ex-tag" data-tone="warning" title="Stopped at max tokens">
              max tokens
            </span>
          )}
          {first.cached && (
            <span className="ex-tag" data-tone="accent" title="Reused from an earlier identical request" data-testid="cached-marker">
              cached
            </span>
          )}
          {first.attempts > 1 && <span className="ex-tag" title={`${first.attempts} attempts`}>{first.attempts}×</span>}
          <ScoreBadges scores={scores} />
          {expected > 1 && (
            <span className="ex-tag" title={`${samples.length} of ${expected} samples${failed ? `, ${failed} failed` : ''}`}>
              {samples.length}/{expected} samples
            </span>
          )}
        </div>
      )}
    </div>
  );
}

const noScores: readonly ScoreRecord[] = [];

const errorWords: Record<string, string> = {
  AUTH: 'Not authorized',
  RATE_LIMITED: 'Rate limited',
  SERVER: 'Server error',
  TIMEOUT: 'Timed out',
  NETWORK: 'Network',
  BAD_RESPONSE: 'Bad response',
  BAD_REQUEST: 'Bad request',
  CANCELLED: 'Cancelled',
  MODEL_LOAD: 'Model did not load',
  WORKER_CRASHED: 'Worker crashed',
  OUT_OF_MEMORY: 'Out of memory',
  UNKNOWN: 'Failed',
};

export function errorWord(code: string): string {
  return errorWords[code] ?? code;
}
