import { useState, type KeyboardEvent } from 'react';
import type { TaskSetSummary } from '../../../shared/contract/labeling.js';
import { routeHref } from '../../app/router.js';
import { formatDateTime, formatRelative } from '../../lib/format-date.js';
import { formatCount } from '../../ui/format.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { SearchBox } from '../../ui/search-box.js';
import { FlagIcon } from './label-icons.js';
import { newKey } from './label-route.js';
import { kindWords } from './task-kind.js';
import type { TaskSetsState } from './use-task-sets.js';

/** Task sets, newest first: kind, experiment, items complete, flagged. */
export function TaskSetList({ list, selectedId, creating }: { list: TaskSetsState; selectedId: string | undefined; creating: boolean }) {
  const [query, setQuery] = useState('');
  const needle = query.trim().toLowerCase();
  const shown = list.taskSets?.filter(
    (set) => !needle || set.name.toLowerCase().includes(needle) || set.experimentName.toLowerCase().includes(needle) || set.kind.includes(needle),
  );

  // ↑/↓ move between task sets, as in the other lists.
  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = [...event.currentTarget.querySelectorAll<HTMLAnchorElement>('a.lb-set')];
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
        <SearchBox label="Search task sets" value={query} onChange={setQuery} />
        <a
          className="btn btn-primary btn-square"
          href={routeHref('label', newKey)}
          title="New task set"
          aria-label="New task set"
          aria-current={creating ? 'page' : undefined}
          data-testid="new-task-set"
        >
          <Icon name="plus" size={15} />
        </a>
      </div>
      {list.error && (
        <div className="side-list-notice">
          <Notice tone="danger">{list.error}</Notice>
        </div>
      )}
      <div className="side-list-items">
        <ul data-testid="task-set-list" onKeyDown={onKeyDown}>
          {creating && (
            <li>
              <a className="side-list-item lb-set" href={routeHref('label', newKey)} aria-current="page">
                <span className="side-list-item-name">
                  <span className="side-list-item-title">New task set</span>
                  <span className="draft-dot" aria-hidden="true" />
                </span>
                <span className="side-list-item-meta">not created yet</span>
              </a>
            </li>
          )}
          {shown?.map((set) => <TaskSetItem key={set.id} set={set} selected={set.id === selectedId} />)}
        </ul>
        {shown?.length === 0 && !creating && (
          <p className="side-list-empty">{needle ? `No task set matches “${query.trim()}”.` : 'No task sets yet. Make one from a finished experiment with +.'}</p>
        )}
      </div>
    </aside>
  );
}

function TaskSetItem({ set, selected }: { set: TaskSetSummary; selected: boolean }) {
  const share = set.items > 0 ? (set.completeItems / set.items) * 100 : 0;
  return (
    <li data-testid="task-set-item" data-name={set.name} data-kind={set.kind}>
      <a className="side-list-item lb-set" href={routeHref('label', set.id)} aria-current={selected ? 'page' : undefined}>
        <span className="side-list-item-name">
          <span className="side-list-item-title" title={set.name}>
            {set.name}
          </span>
        </span>
        <span className="side-list-item-meta lb-set-meta">
          <span className="lb-kind" data-kind={set.kind}>
            {kindWords[set.kind].short}
          </span>
          <span className="lb-set-experiment" title={`From the experiment “${set.experimentName}”`}>
            {set.experimentName}
          </span>
        </span>
        <span className="side-list-item-meta lb-set-meta">
          <span className="lb-set-progress" data-testid="task-set-progress" title={`${set.completeItems} of ${set.items} items have ${set.config.overlap} judgment${set.config.overlap === 1 ? '' : 's'}`}>
            {formatCount(set.completeItems)}/{formatCount(set.items)} complete
          </span>
          {set.flagged > 0 && (
            <span className="lb-set-flagged" data-testid="task-set-flagged" title={`${set.flagged} flagged for review`}>
              <FlagIcon size={11} />
              {formatCount(set.flagged)}
            </span>
          )}
          <span className="lb-spacer" />
          <span className="lb-set-time" title={formatDateTime(set.createdAt)}>
            {formatRelative(set.createdAt)}
          </span>
        </span>
        <span className="lb-bar" aria-hidden="true">
          <span className="lb-bar-fill" style={{ width: `${share}%` }} data-complete={set.items > 0 && set.completeItems >= set.items ? true : undefined} />
        </span>
      </a>
    </li>
  );
}
