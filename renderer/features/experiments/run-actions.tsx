import { useState } from 'react';
import type { ExperimentProgress } from '../../../shared/contract/experiments.js';
import { Icon } from '../../ui/icon.js';
import { doneCount } from './experiment-state.js';

/** Cancel while it runs; Run / Resume / Retry failed when cells are missing, with Fresh to skip the cache. */
export function RunActions({
  progress,
  action,
  onStart,
  onCancel,
  onCopy,
}: {
  progress: ExperimentProgress;
  action: 'start' | 'cancel' | null;
  onStart(fresh: boolean): void;
  onCancel(): void;
  onCopy(): void;
}) {
  const [fresh, setFresh] = useState(false);
  const { state } = progress;
  const missing = progress.total - doneCount(progress);
  const canStart = state !== 'running' && (missing > 0 || progress.failed > 0);
  const startLabel = state === 'draft' ? 'Run' : missing === 0 ? 'Retry failed' : 'Resume';
  const startTitle =
    state === 'draft'
      ? 'Run every cell'
      : missing === 0
        ? `Run the ${progress.failed.toLocaleString()} failed generations again`
        : `Run the ${missing.toLocaleString()} generations without a result${progress.failed > 0 ? ` and the ${progress.failed.toLocaleString()} that failed` : ''}`;

  return (
    <div className="ex-actions">
      <button type="button" className="btn btn-ghost btn-sm" onClick={onCopy} title="A new experiment with these settings, to change and run" data-testid="copy-experiment">
        <Icon name="copy" size={13} />
        Run again with changes
      </button>
      {canStart && (
        <>
          <label className="ex-fresh" title="Generate every cell anew instead of reusing earlier identical results">
            <input type="checkbox" className="checkbox" checked={fresh} onChange={(event) => setFresh(event.target.checked)} data-testid="resume-fresh" />
            Fresh
          </label>
          <button type="button" className="btn btn-primary btn-sm" disabled={action !== null} onClick={() => onStart(fresh)} title={startTitle} data-testid="resume-run">
            <Icon name="play" size={12} />
            {action === 'start' ? 'Starting…' : startLabel}
          </button>
        </>
      )}
      {(state === 'running' || state === 'paused') && (
        <button type="button" className="btn btn-danger-solid btn-sm" disabled={action !== null} onClick={onCancel} title="Stop now; finished cells stay" data-testid="cancel-run">
          <Icon name="stop" size={12} />
          {action === 'cancel' ? 'Cancelling…' : 'Cancel'}
        </button>
      )}
    </div>
  );
}
