import { formatCount } from '../../ui/format.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import type { SessionSnapshot } from './labeling-session.js';

/** No item in front: still loading, the items could not be read, or everything is judged. */
export function LabelEmpty({ snapshot, onRetry, onReview }: { snapshot: SessionSnapshot; onRetry(): void; onReview(): void }) {
  if (snapshot.phase === 'error') {
    return (
      <div className="lb-item lb-item-empty">
        <Notice tone="danger">
          <strong>The items could not be read.</strong> {snapshot.loadError}{' '}
          <button type="button" className="link-button" onClick={onRetry}>
            Try again
          </button>
        </Notice>
      </div>
    );
  }
  if (snapshot.phase === 'finished') {
    return (
      <div className="lb-item lb-item-empty empty-state" data-testid="label-finished">
        <Icon name="check" size={22} />
        <h2>Everything here is judged</h2>
        <p>
          {snapshot.counts ? `You judged ${formatCount(snapshot.counts.done)} of ${formatCount(snapshot.counts.total)} items in this set.` : 'Nothing is waiting for you in this set.'} U
          still undoes your last judgment.
        </p>
        <button type="button" className="btn" onClick={onReview}>
          Open review
        </button>
      </div>
    );
  }
  return <div className="lb-item lb-item-empty" aria-busy="true" data-testid="label-loading" />;
}
