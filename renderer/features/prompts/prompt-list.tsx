import { useState } from 'react';
import type { PromptSummary } from '../../../shared/contract/prompts.js';
import { routeHref } from '../../app/router.js';
import { formatRelative } from '../../lib/format-date.js';
import { Icon } from '../../ui/icon.js';
import { LabelChip } from '../../ui/label-chip.js';
import { Notice } from '../../ui/notice.js';
import { useDirtyPromptIds, type DraftStore } from './draft-store.js';
import { newPromptKey } from './new-prompt-key.js';
import { usePromptList } from './use-prompt-list.js';
import { SearchBox } from '../../ui/search-box.js';

export function PromptList({
  selectedId,
  onNew,
  drafts,
}: {
  selectedId: string | undefined;
  onNew: () => void;
  drafts: DraftStore;
}) {
  const [query, setQuery] = useState('');
  const [includeArchived, setIncludeArchived] = useState(false);
  const { prompts, error } = usePromptList(query, includeArchived);
  const dirtyIds = useDirtyPromptIds(drafts);

  return (
    <aside className="side-list" aria-label="Prompt library">
      <div className="side-list-top">
        <SearchBox label="Search prompts" title="Searches names, template text and labels" testId="prompt-search" value={query} onChange={setQuery} />
        <button
          type="button"
          className="btn btn-primary btn-square"
          onClick={onNew}
          title="New prompt"
          aria-label="New prompt"
          data-testid="new-prompt"
        >
          <Icon name="plus" size={15} />
        </button>
      </div>
      {error && (
        <div className="side-list-notice">
          <Notice tone="danger">{error}</Notice>
        </div>
      )}
      <div className="side-list-items">
        <ul data-testid="prompt-list">
          {selectedId === newPromptKey && (
            <li>
              <a className="side-list-item" href={routeHref('prompts', newPromptKey)} aria-current="page">
                <span className="side-list-item-name">
                  <span className="side-list-item-title">New prompt</span>
                  <span className="draft-dot" aria-hidden="true" />
                </span>
                <span className="side-list-item-meta">not saved yet</span>
              </a>
            </li>
          )}
          {prompts?.map((prompt) => (
            <PromptListItem key={prompt.id} prompt={prompt} selected={prompt.id === selectedId} unsaved={dirtyIds.has(prompt.id)} />
          ))}
        </ul>
        {prompts?.length === 0 && (
          <p className="side-list-empty">{query ? `No prompt matches “${query}”.` : 'No prompts yet. Create the first one with +.'}</p>
        )}
      </div>
      <label className="prompt-list-footer">
        <input type="checkbox" className="checkbox" checked={includeArchived} onChange={(event) => setIncludeArchived(event.target.checked)} data-testid="show-archived" />
        Show archived
      </label>
    </aside>
  );
}

function PromptListItem({ prompt, selected, unsaved }: { prompt: PromptSummary; selected: boolean; unsaved: boolean }) {
  return (
    <li>
      <a
        className="side-list-item"
        href={routeHref('prompts', prompt.id)}
        aria-current={selected ? 'page' : undefined}
        data-testid="prompt-item"
        data-prompt-name={prompt.name}
      >
        <span className="side-list-item-name">
          {prompt.archived && <Icon name="archive" size={12} className="prompt-item-archived" />}
          <span className="side-list-item-title">{prompt.name}</span>
          {unsaved && <span className="draft-dot" title="Unsaved changes" aria-label="Unsaved changes" />}
        </span>
        <span className="side-list-item-meta">
          <span>v{prompt.latestVersion}</span>
          <span>·</span>
          <span>{formatRelative(prompt.updatedAt)}</span>
          {prompt.labels.map((label) => (
            <LabelChip key={label} label={label} />
          ))}
        </span>
      </a>
    </li>
  );
}
