import { useState, type KeyboardEvent } from 'react';
import type { ExperimentProgress, ExperimentSummary } from '../../../shared/contract/experiments.js';
import { routeHref } from '../../app/router.js';
import { describeError } from '../../lib/describe-error.js';
import { formatDateTime, formatRelative } from '../../lib/format-date.js';
import { useApi } from '../../transport/index.js';
import { formatCount } from '../../ui/format.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { doneCount, ProgressBar, StateBadge } from './experiment-state.js';
import { newKey } from './experiments-route.js';
import type { ExperimentListState } from './use-experiment-list.js';
import { SearchBox } from '../../ui/search-box.js';

/** Experiments, newest first: state, progress, and Resume for runs the app was stopped in the middle of. */
export function ExperimentList({ list, selectedId, building }: { list: ExperimentListState; selectedId: string | undefined; building: boolean }) {
  const [query, setQuery] = useState('');
  const needle = query.trim().toLowerCase();
  const shown = list.experiments?.filter((experiment) => !needle || experiment.name.toLowerCase().includes(needle) || experiment.state.includes(needle));

  // ↑/↓ move between experiments, as in the other lists.
  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = [...event.currentTarget.querySelectorAll<HTMLAnchorElement>('a.ex-item')];
    const index = links.indexOf(document.activeElement as HTMLAnchorElement);
    const next = links[Math.min(links.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))];
    if (!next) return;
    event.preventDefault();
    next.focus();
    next.click();
  };

  return (
    <aside className="side-list" aria-label="Experiments">
      <div className="side-list-top">
        <SearchBox label="Search experiments" value={query} onChange={setQuery} />
        <a
          className="btn btn-primary btn-square"
          href={routeHref('experiments', newKey)}
          title="New experiment"
          aria-label="New experiment"
          aria-current={building ? 'page' : undefined}
          data-testid="new-experiment"
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
        <ul data-testid="experiment-list" onKeyDown={onKeyDown}>
          {building && (
            <li>
              <a className="side-list-item ex-item" href={routeHref('experiments', newKey)} aria-current="page">
                <span className="side-list-item-name">
                  <span className="side-list-item-title">New experiment</span>
                  <span className="draft-dot" aria-hidden="true" />
                </span>
                <span className="side-list-item-meta ex-item-meta">not created yet</span>
              </a>
            </li>
          )}
          {shown?.map((experiment) => (
            <ExperimentItem key={experiment.id} experiment={experiment} progress={list.progress.get(experiment.id) ?? experiment.progress} selected={experiment.id === selectedId} />
          ))}
        </ul>
        {shown?.length === 0 && !building && (
          <p className="side-list-empty">{needle ? `No experiment matches “${query.trim()}”.` : 'No experiments yet. Build the first one with +.'}</p>
        )}
      </div>
    </aside>
  );
}

function ExperimentItem({ experiment, progress, selected }: { experiment: ExperimentSummary; progress: ExperimentProgress; selected: boolean }) {
  const api = useApi();
  const [resuming, setResuming] = useState(false);
  const [error, setError] = useState<string>();
  const done = doneCount(progress);
  const resume = async () => {
    setResuming(true);
    setError(undefined);
    try {
      await api.experiments.start({ id: experiment.id });
    } catch (reason) {
      setError(describeError(reason));
    } finally {
      setResuming(false);
    }
  };
  return (
    <li className="ex-item-wrap" data-testid="experiment-item" data-experiment-name={experiment.name} data-state={progress.state}>
      <a className="side-list-item ex-item" href={routeHref('experiments', experiment.id)} aria-current={selected ? 'page' : undefined}>
        <span className="side-list-item-name">
          <span className="side-list-item-title" title={experiment.name}>
            {experiment.name}
          </span>
        </span>
        <span className="side-list-item-meta ex-item-meta">
          <StateBadge progress={progress} />
          <span className="ex-item-count" title={`${done} of ${progress.total} generations have a result`}>
            {formatCount(done)}/{formatCount(progress.total)}
          </span>
          <span className="ex-spacer" />
          <span title={formatDateTime(experiment.createdAt)}>{formatRelative(experiment.createdAt)}</span>
        </span>
        {progress.state !== 'completed' && progress.state !== 'draft' && <ProgressBar progress={progress} />}
      </a>
      {progress.state === 'interrupted' && (
        <div className="ex-item-interrupted" data-testid="interrupted-note">
          <p>{progress.message ?? 'The app stopped during this run.'}</p>
          <button type="button" className="btn btn-sm" disabled={resuming} onClick={() => void resume()} data-testid="list-resume">
            <Icon name="play" size={11} />
            {resuming ? 'Resuming…' : 'Resume'}
          </button>
          {error && <p className="form-error">{error}</p>}
        </div>
      )}
    </li>
  );
}
