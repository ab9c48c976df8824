import { useState, type DragEvent } from 'react';
import type { QueueItem } from '../../../shared/contract/labeling.js';
import { GripIcon } from './label-icons.js';
import { OutputCard } from './output-card.js';
import { completeRanking, moveInRanking, unrank } from './verdict-draft.js';

const dragType = 'application/x-arbiter-output';

function dragStart(index: number) {
  return (event: DragEvent<HTMLElement>) => {
    event.dataTransfer.setData(dragType, String(index));
    event.dataTransfer.setData('text/plain', `Output ${index + 1}`);
    event.dataTransfer.effectAllowed = 'move';
  };
}

function draggedIndex(event: DragEvent<HTMLElement>): number | null {
  const value = Number(event.dataTransfer.getData(dragType));
  return Number.isInteger(value) && event.dataTransfer.getData(dragType) !== '' ? value : null;
}

function rankOf(groups: number[][], index: number): number | null {
  const at = groups.findIndex((group) => group.includes(index));
  return at < 0 ? null : at + 1;
}

/** K outputs, each with its number key; the rank given shows on each. */
export function RankingOutputs({ item, groups, plain }: { item: Pick<QueueItem, 'outputs'>; groups: number[][]; plain: boolean }) {
  const count = item.outputs.length;
  return (
    <div className="lb-outputs lb-outputs-grid" data-count={Math.min(count, 4)} data-testid="ranking-outputs">
      {item.outputs.map((output, index) => {
        const rank = rankOf(groups, index);
        const tied = rank !== null && (groups[rank - 1]?.length ?? 0) > 1;
        return (
          <OutputCard
            key={output.generationId}
            title={`Output ${index + 1}`}
            keyHint={String(index + 1)}
            variantLabel={output.variant?.label}
            text={output.output}
            plain={plain}
            mark={rank === null ? undefined : rank === 1 ? 'better' : 'ranked'}
            badge={
              rank !== null ? (
                <span className="lb-rank-badge" data-rank={rank} data-testid="rank-badge">
                  #{rank}
                  {tied ? ' tied' : ''}
                </span>
              ) : undefined
            }
            onDragStart={dragStart(index)}
          />
        );
      })}
    </div>
  );
}

/**
 * The ranking so far, best first: drag a chip onto another to tie them, between two to make a
 * rank, back to "unranked" to take it out. Keys do the same (see the legend).
 */
export function RankingStrip({ count, groups, tieNext, onChange }: { count: number; groups: number[][]; tieNext: boolean; onChange(groups: number[][]): void }) {
  const [over, setOver] = useState<string | null>(null);
  const ranked = new Set(groups.flat());
  const unranked = Array.from({ length: count }, (_, index) => index).filter((index) => !ranked.has(index));
  const complete = completeRanking(groups, count) !== null;

  const target = (id: string, apply: (index: number) => number[][]) => ({
    onDragOver: (event: DragEvent<HTMLElement>) => {
      if (!event.dataTransfer.types.includes(dragType)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      if (over !== id) setOver(id);
    },
    onDragLeave: () => setOver((current) => (current === id ? null : current)),
    onDrop: (event: DragEvent<HTMLElement>) => {
      const index = draggedIndex(event);
      setOver(null);
      if (index === null) return;
      event.preventDefault();
      onChange(apply(index));
    },
    'data-over': over === id || undefined,
  });

  const chip = (index: number) => (
    <span key={index} className="lb-rank-chip" draggable onDragStart={dragStart(index)} onDragEnd={() => setOver(null)} data-testid="rank-chip" data-output={index + 1}>
      <GripIcon size={11} />
      {index + 1}
    </span>
  );

  return (
    <div className="lb-ranking" data-testid="ranking-strip" data-complete={complete || undefined}>
      <span className="lb-ranking-label">Best</span>
      <div className="lb-ranking-groups">
        <span className="lb-rank-gap" {...target('gap-0', (index) => moveInRanking(groups, index, { before: 0 }))} />
        {groups.map((group, at) => (
          <span key={at} className="lb-rank-slot-wrap">
            <span className="lb-rank-slot" data-testid="rank-group" data-rank={at + 1} {...target(`group-${at}`, (index) => moveInRanking(groups, index, { join: at }))}>
              <span className="lb-rank-number">#{at + 1}</span>
              {group.map((index, position) => (
                <span key={index} className="lb-rank-member">
                  {position > 0 && <span className="lb-rank-eq">=</span>}
                  {chip(index)}
                </span>
              ))}
            </span>
            <span className="lb-rank-gap" {...target(`gap-${at + 1}`, (index) => moveInRanking(groups, index, { before: at + 1 }))}>
              {at < groups.length - 1 ? '›' : ''}
            </span>
          </span>
        ))}
        {groups.length === 0 && <span className="lb-ranking-empty">Press output numbers best first, or drag outputs here</span>}
        {tieNext && <span className="lb-tie-next">= next ties with #{Math.max(1, groups.length)}</span>}
      </div>
      <span className="lb-ranking-label">Unranked</span>
      <div className="lb-ranking-unranked" {...target('unranked', (index) => unrank(groups, index))} data-testid="rank-unranked">
        {unranked.length === 0 ? <span className="lb-ranking-empty">none</span> : unranked.map(chip)}
      </div>
      <button type="button" className="btn btn-ghost btn-sm" disabled={groups.length === 0} onClick={() => onChange([])} data-testid="rank-clear">
        <kbd className="lb-key">0</kbd>
        Clear
      </button>
    </div>
  );
}
