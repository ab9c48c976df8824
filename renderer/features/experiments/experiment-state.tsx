import type { ExperimentProgress, ExperimentState } from '../../../shared/contract/experiments.js';

const words: Record<ExperimentState, string> = {
  draft: 'Not run',
  running: 'Running',
  paused: 'Paused',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
  completed: 'Completed',
};

export function stateWord(state: ExperimentState): string {
  return words[state];
}

/** The state in a word with a coloured dot; "Completed" with failures says so. */
export function StateBadge({ progress }: { progress: Pick<ExperimentProgress, 'state' | 'failed'> }) {
  const withFailures = progress.state === 'completed' && progress.failed > 0;
  return (
    <span className="ex-state" data-state={withFailures ? 'completed-failures' : progress.state} data-testid="experiment-state">
      <span className="status-dot" aria-hidden="true" />
      {withFailures ? `Completed · ${progress.failed.toLocaleString()} failed` : words[progress.state]}
    </span>
  );
}

/** Generations with a stored result, of the total. */
export function doneCount(progress: Pick<ExperimentProgress, 'succeeded' | 'failed'>): number {
  return progress.succeeded + progress.failed;
}

/** A thin bar: succeeded, then failed, on the track of the total. */
export function ProgressBar({ progress, testId }: { progress: Pick<ExperimentProgress, 'succeeded' | 'failed' | 'total' | 'state'>; testId?: string }) {
  const total = Math.max(progress.total, 1);
  const ok = (progress.succeeded / total) * 100;
  const failed = (progress.failed / total) * 100;
  return (
    <div
      className="ex-bar"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={progress.total}
      aria-valuenow={doneCount(progress)}
      aria-label="Generations done"
      data-state={progress.state}
      data-testid={testId}
    >
      <span className="ex-bar-ok" style={{ width: `${ok}%` }} />
      <span className="ex-bar-failed" style={{ width: `${failed}%` }} />
    </div>
  );
}
