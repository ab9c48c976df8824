import { useState, type KeyboardEvent } from 'react';
import type { TaskSetSummary } from '../../../shared/contract/labeling.js';
import { routeHref } from '../../app/router.js';
import { formatDateTime } from '../../lib/format-date.js';
import { formatCount } from '../../ui/format.js';
import { Notice } from '../../ui/notice.js';
import { SearchBox } from '../../ui/search-box.js';
import { screenId } from './leaderboard-route.js';
import type { TaskSetListState } from './use-task-set-list.js';

export const kindLabels = { pairwise: 'Pairwise', ranking: 'Ranking', rubric: 'Rubric' } as const;

/** Task sets, newest first, with how far their judging has come. */
export function TaskSetList({ list, selectedId }: { list: TaskSetListState; selectedId: string | undefined }) {
  const [query, setQuery] = useState('');
  const needle = query.trim().toLowerCase();
  const shown = list.taskSets?.filter(
    (set) => !needle || set.name.toLowerCase().includes(needle) || set.experimentName.toLowerCase().includes(needle) || set.kind.includes(needle),
  );

  // ↑/↓ move between task sets, as in the other lists.
  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = [...event.currentTarget.querySelectorAll<HTMLAnchorElement>('a.side-list-item')];
    const index = links.indexOf(document.activeElement as HTMLAnchorElement);
    const next = links[Math.min(links.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))];
    if (!next) return;
    event.preventDefault();
    next.focus();
    next.click();
  };

  return (
    <aside className="side-list" aria-label="Task sets">
      <div className="side-list-top">
        <SearchBox label="Search task sets" value={query} onChange={setQuery} testId="task-set-search" />
      </div>
      {list.error && (
        <div className="side-list-notice">
          <Notice tone="danger">{list.error}</Notice>
        </div>
      )}
      <div className="side-list-items">
        <ul data-testid="task-set-list" onKeyDown={onKeyDown}>
          {shown?.map((set) => (
            <TaskSetItem key={set.id} set={set} selected={set.id === selectedId} />
          ))}
        </ul>
        {shown?.length === 0 && <p className="side-list-empty">{needle ? `No task set matches “${query.trim()}”.` : 'No task sets yet. Create one on the Label screen.'}</p>}
      </div>
    </aside>
  );
}

function TaskSetItem({ set, selected }: { set: TaskSetSummary; selected: boolean }) {
  const judged = set.items === 0 ? 0 : set.completeItems / set.items;
  return (
    <li data-testid="task-set-item" data-task-set-name={set.name}>
      <a className="side-list-item lb-item" href={routeHref(screenId, set.id)} aria-current={selected ? 'page' : undefined}>
        <span className="side-list-item-name">
          <span className="side-list-item-title" title={`${set.name}\nfrom ${set.experimentName}, made ${formatDateTime(set.createdAt)}`}>
            {set.name}
          </span>
        </span>
        <span className="side-list-item-meta lb-item-meta">
          <span className="chip">{kindLabels[set.kind]}</span>
          <span className="lb-item-count" title={`${set.humanJudgments} judgments by people, ${set.llmJudgments} by LLM judges`}>{formatCount(set.humanJudgments)} judgments</span>
          <span className="lb-spacer" />
          <span className="lb-item-age" title={`${set.completeItems} of ${set.items} items fully judged`}>
            {formatCount(set.completeItems)}/{formatCount(set.items)}
          </span>
        </span>
        <span className="lb-item-bar" title={`${set.completeItems} of ${set.items} items have all the judgments the overlap asks for`}>
          <span style={{ width: `${Math.round(judged * 100)}%` }} />
        </span>
      </a>
    </li>
  );
}
