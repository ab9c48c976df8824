import type { JudgeRun } from '../../../shared/contract/leaderboard.js';
import { formatCount } from '../../ui/format.js';
import { Icon } from '../../ui/icon.js';

const stateWords: Record<JudgeRun['state'], string> = { running: 'Judging', completed: 'Done', cancelled: 'Cancelled', failed: 'Failed' };

/** One judge run: its progress while it runs, how it ended after. */
export function JudgeRunRow({ run, modelName, onCancel }: { run: JudgeRun; modelName: string; onCancel(): void }) {
  const share = run.total === 0 ? 0 : (run.done + run.failed) / run.total;
  return (
    <li className="lb-run" data-testid="judge-run" data-state={run.state} data-model={modelName}>
      <div className="lb-run-line">
        <span className="lb-run-state" data-state={run.state}>
          {stateWords[run.state]}
        </span>
        <span className="lb-run-model">{modelName}</span>
        <span className="lb-spacer" />
        <span className="lb-run-count" data-testid="judge-run-count">
          {formatCount(run.done)} of {formatCount(run.total)} verdicts
          {run.failed > 0 && <span className="lb-run-failed"> · {formatCount(run.failed)} failed</span>}
        </span>
        {run.state === 'running' && (
          <button type="button" className="btn btn-sm" onClick={onCancel} data-testid="judge-cancel">
            <Icon name="stop" size={11} />
            Cancel
          </button>
        )}
      </div>
      <span className="lb-run-bar" data-state={run.state}>
        <span style={{ width: `${Math.round(share * 100)}%` }} />
      </span>
      {run.message && <p className="lb-run-message">{run.message}</p>}
    </li>
  );
}
