import type { Annotator } from '../../../shared/contract/labeling.js';
import { formatCount } from '../../ui/format.js';
import { Icon } from '../../ui/icon.js';
import { SkipIcon, UndoIcon } from './label-icons.js';
import type { SessionSnapshot } from './labeling-session.js';

/** Who, how far (done / total, remaining), whether everything is saved, and Undo / Skip / raw text. */
export function LabelProgress({
  snapshot,
  annotator,
  plain,
  onPlain,
  onUndo,
  onSkip,
}: {
  snapshot: SessionSnapshot;
  annotator: Annotator;
  plain: boolean;
  onPlain(plain: boolean): void;
  onUndo(): void;
  onSkip(): void;
}) {
  const counts = snapshot.counts;
  const share = counts && counts.total > 0 ? Math.min(100, (counts.done / counts.total) * 100) : 0;
  return (
    <div className="lb-progress" data-testid="label-progress">
      <span className="lb-progress-who" title="Judgments are saved under this annotator">
        {annotator.name}
      </span>
      <span className="lb-progress-count" data-testid="progress-done">
        {counts ? `${formatCount(counts.done)} / ${formatCount(counts.total)} done` : '— / — done'}
      </span>
      <span className="lb-progress-track" aria-hidden="true">
        <span className="lb-progress-fill" style={{ width: `${share}%` }} />
      </span>
      <span className="lb-progress-remaining" data-testid="progress-remaining">
        {counts ? `${formatCount(counts.remaining)} remaining` : ''}
        {snapshot.skipped > 0 ? ` · ${snapshot.skipped} skipped` : ''}
      </span>
      {snapshot.current && (
        <span className="lb-progress-item" data-testid="item-position" title="This item’s place in the task set">
          item #{snapshot.current.item.position + 1}
        </span>
      )}
      <span className="lb-spacer" />
      <SaveState snapshot={snapshot} />
      <button type="button" className="btn btn-ghost btn-sm" disabled={!snapshot.canUndo} onClick={onUndo} title="Undo the last judgment (U)" data-testid="undo">
        <UndoIcon size={13} />
        Undo <kbd className="lb-key">U</kbd>
      </button>
      <button type="button" className="btn btn-ghost btn-sm" disabled={!snapshot.current || snapshot.ready === 0} onClick={onSkip} title="Skip to the next item; this one comes back at the end (S)" data-testid="skip">
        <SkipIcon size={12} />
        Skip <kbd className="lb-key">S</kbd>
      </button>
      <div className="segmented" role="group" aria-label="Output text">
        <button type="button" aria-pressed={!plain} onClick={() => onPlain(false)} title="Render Markdown (M switches)">
          Markdown
        </button>
        <button type="button" aria-pressed={plain} onClick={() => onPlain(true)} title="The characters the model wrote (M switches)">
          Raw <kbd className="lb-key">M</kbd>
        </button>
      </div>
    </div>
  );
}

function SaveState({ snapshot }: { snapshot: SessionSnapshot }) {
  if (snapshot.failure) return null;
  return (
    <span className="lb-save-state" data-state={snapshot.unsaved > 0 ? 'saving' : 'saved'} data-testid="save-state">
      {snapshot.unsaved > 0 ? (
        <>
          <span className="status-dot" aria-hidden="true" />
          Saving {snapshot.unsaved}…
        </>
      ) : (
        <>
          <Icon name="check" size={12} />
          All saved
        </>
      )}
    </span>
  );
}
