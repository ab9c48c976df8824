import { useEffect, useState } from 'react';
import type { Annotator, ReviewItem, TaskSetSummary } from '../../../shared/contract/labeling.js';
import { Notice } from '../../ui/notice.js';
import { Icon } from '../../ui/icon.js';
import { FlagIcon } from './label-icons.js';
import { ReviewDetail } from './review-detail.js';
import { useReview, type ReviewFilter } from './use-review.js';

const filters: { value: ReviewFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'disagreement', label: 'Disagreement' },
  { value: 'flagged', label: 'Flagged' },
];

/** Review: items where annotators disagree or that someone flagged, every judgment revealed, and the final word. */
export function ReviewView({ set, annotator }: { set: TaskSetSummary; annotator: Annotator | undefined }) {
  const [filter, setFilter] = useState<ReviewFilter>('all');
  const review = useReview(set.id, filter);
  const [selectedId, setSelectedId] = useState<string>();
  const items = review.items;
  const selected = items?.find((entry) => entry.item.itemId === selectedId) ?? items?.[0];

  useEffect(() => {
    if (items && items.length > 0 && !items.some((entry) => entry.item.itemId === selectedId)) setSelectedId(items[0]!.item.itemId);
  }, [items, selectedId]);

  const step = (by: 1 | -1) => {
    if (!items || items.length === 0) return;
    const index = Math.max(0, items.findIndex((entry) => entry === selected));
    const next = items[Math.max(0, Math.min(items.length - 1, index + by))];
    if (next) setSelectedId(next.item.itemId);
  };

  return (
    <div className="lb-review" data-testid="review-view">
      <aside className="lb-review-list" aria-label="Items in review">
        <div className="lb-review-filters segmented" role="group" aria-label="Show">
          {filters.map((entry) => (
            <button key={entry.value} type="button" aria-pressed={filter === entry.value} onClick={() => setFilter(entry.value)} data-testid={`review-filter-${entry.value}`}>
              {entry.label}
            </button>
          ))}
        </div>
        {review.error && <Notice tone="danger">{review.error}</Notice>}
        <ul data-testid="review-list">
          {items?.map((entry) => (
            <li key={entry.item.itemId}>
              <ReviewListItem entry={entry} selected={entry === selected} onSelect={() => setSelectedId(entry.item.itemId)} />
            </li>
          ))}
        </ul>
        {items?.length === 0 && (
          <p className="side-list-empty" data-testid="review-empty">
            {filter === 'flagged' ? 'Nothing is flagged.' : filter === 'disagreement' ? 'No disagreements yet.' : 'Nothing needs review yet: no disagreements and nothing flagged.'}
          </p>
        )}
      </aside>
      {selected ? (
        <ReviewDetail key={selected.item.itemId} entry={selected} set={set} annotator={annotator} onAdjudicated={review.reload} onStep={step} />
      ) : (
        <div className="lb-review-empty empty-state">
          <h2>Review</h2>
          <p>Items land here when annotators disagree (with an overlap of 2 or more) or someone flags one. Each shows every judgment with the names revealed, and you give the final word.</p>
        </div>
      )}
    </div>
  );
}

function ReviewListItem({ entry, selected, onSelect }: { entry: ReviewItem; selected: boolean; onSelect(): void }) {
  return (
    <button type="button" className="side-list-item lb-review-item" aria-current={selected ? 'page' : undefined} onClick={onSelect} data-testid="review-item" data-item-id={entry.item.itemId}>
      <span className="side-list-item-name">
        <span className="side-list-item-title">Item #{entry.item.position + 1}</span>
        {entry.adjudication && (
          <span className="lb-adjudicated" title={`Adjudicated by ${entry.adjudication.annotatorName}`} data-testid="review-item-adjudicated">
            <Icon name="check" size={11} /> decided
          </span>
        )}
      </span>
      <span className="lb-review-excerpt">{excerpt(entry)}</span>
      <span className="side-list-item-meta">
        {entry.reasons.includes('disagreement') && <span className="lb-reason" data-reason="disagreement">Disagreement</span>}
        {entry.reasons.includes('flagged') && (
          <span className="lb-reason" data-reason="flagged">
            <FlagIcon size={10} /> Flagged
          </span>
        )}
        <span>{entry.judgments.length} judgments</span>
      </span>
    </button>
  );
}

/** The question in a few words, so items are told apart by what they ask, not by their number. */
function excerpt(entry: ReviewItem): string {
  const { messages, variables } = entry.item;
  const text = messages?.filter((message) => message.role === 'user').at(-1)?.content ?? Object.values(variables)[0] ?? '';
  return text.replace(/\s+/g, ' ').slice(0, 120);
}
