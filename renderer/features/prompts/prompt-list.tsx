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
    <aside className="prompt-list" aria-label="Prompt library">
      <div className="prompt-list-top">
        <div className="search-box">
          <Icon name="search" size={14} />
          <input
            className="search-input"
            type="text"
            placeholder="Search prompts"
            title="Searches names, template text and labels"
            aria-label="Search prompts"
            data-testid="prompt-search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setQuery('');
            }}
          />
          {query && (
            <button type="button" className="icon-btn search-clear" onClick={() => setQuery('')} aria-label="Clear search" title="Clear search">
              <Icon name="close" size={12} />
            </button>
          )}
        </div>
        <button
          type="button"
          className="btn btn-primary btn-icon-only"
          onClick={onNew}
          title="New prompt"
          aria-label="New prompt"
          data-testid="new-prompt"
        >
          <Icon name="plus" size={15} />
        </button>
      </div>
      {error && (
        <div className="prompt-list-notice">
          <Notice tone="danger">{error}</Notice>
        </div>
      )}
      <div className="prompt-items">
        <ul data-testid="prompt-list">
          {selectedId === newPromptKey && (
            <li>
              <a className="prompt-item" href={routeHref('prompts', newPromptKey)} aria-current="page">
                <span className="prompt-item-name">
                  <span className="prompt-item-title">New prompt</span>
                  <span className="unsaved-dot" aria-hidden="true" />
                </span>
                <span className="prompt-item-meta">not saved yet</span>
              </a>
            </li>
          )}
          {prompts?.map((prompt) => (
            <PromptListItem key={prompt.id} prompt={prompt} selected={prompt.id === selectedId} unsaved={dirtyIds.has(prompt.id)} />
          ))}
        </ul>
        {prompts?.length === 0 && (
          <p className="prompt-list-empty">{query ? `No prompt matches “${query}”.` : 'No prompts yet. Create the first one with +.'}</p>
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
        className="prompt-item"
        href={routeHref('prompts', prompt.id)}
        aria-current={selected ? 'page' : undefined}
        data-testid="prompt-item"
        data-prompt-name={prompt.name}
      >
        <span className="prompt-item-name">
          {prompt.archived && <Icon name="archive" size={12} className="prompt-item-archived" />}
          <span className="prompt-item-title">{prompt.name}</span>
          {unsaved && <span className="unsaved-dot" title="Unsaved changes" aria-label="Unsaved changes" />}
        </span>
        <span className="prompt-item-meta">
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
