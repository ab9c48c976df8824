import { useState } from 'react';
import type { PromptDetail } from '../../../shared/contract/prompts.js';
import { routeHref } from '../../app/router.js';
import { Icon } from '../../ui/icon.js';
import { useCatalog } from './catalog-context.js';
import { SearchBox } from '../../ui/search-box.js';

/** Newest versions shown per prompt before "all versions". */
const shownVersions = 8;
const maxPicked = 50;

/** Prompt → version toggles; the order they are picked in is the order of the grid's columns. */
export function PromptVersionPicker({ selected, onChange }: { selected: string[]; onChange(ids: string[]): void }) {
  const { prompts } = useCatalog();
  const [query, setQuery] = useState('');
  const needle = query.trim().toLowerCase();
  const selectedSet = new Set(selected);
  const shown = (prompts.prompts ?? []).filter((prompt) => {
    const detail = prompts.details.get(prompt.id);
    const hasPicked = detail?.versions.some((version) => selectedSet.has(version.id)) ?? false;
    if (prompt.archived && !hasPicked) return false;
    return !needle || prompt.name.toLowerCase().includes(needle) || prompt.labels.some((label) => label.includes(needle));
  });

  const toggle = (id: string) => onChange(selectedSet.has(id) ? selected.filter((other) => other !== id) : selected.length >= maxPicked ? selected : [...selected, id]);

  return (
    <section className="ex-section" aria-labelledby="ex-prompts-title">
      <div className="ex-section-head">
        <h3 className="section-title" id="ex-prompts-title">
          Prompt versions
        </h3>
        <span className="ex-count" data-testid="picked-versions-count">
          {selected.length === 0 ? 'none picked' : `${selected.length} picked`}
        </span>
        <span className="ex-spacer" />
        {(prompts.prompts?.length ?? 0) > 6 && (
          <SearchBox compact label="Filter prompts" value={query} onChange={setQuery} />
        )}
      </div>
      {selected.length > 0 && <PickedVersions selected={selected} onChange={onChange} />}
      {prompts.error && <p className="form-error">{prompts.error}</p>}
      {prompts.prompts?.length === 0 ? (
        <p className="ex-hint">
          No prompts yet. <a href={routeHref('prompts')}>Write one on the Prompts screen</a>: every save is a version you can test here.
        </p>
      ) : (
        <ul className="ex-prompt-rows" data-testid="prompt-version-picker">
          {shown.map((prompt) => (
            <PromptRow key={prompt.id} name={prompt.name} detail={prompts.details.get(prompt.id)} selected={selected} onToggle={toggle} />
          ))}
          {shown.length === 0 && needle && <li className="ex-hint">No prompt matches “{query.trim()}”.</li>}
        </ul>
      )}
    </section>
  );
}

function PromptRow({ name, detail, selected, onToggle }: { name: string; detail: PromptDetail | undefined; selected: string[]; onToggle(id: string): void }) {
  const [all, setAll] = useState(false);
  // Oldest to newest, left to right; a long history shows its newest versions, the rest behind "older".
  const versions = detail ? [...detail.versions].sort((a, b) => a.number - b.number) : [];
  const visible = all ? versions : versions.slice(-shownVersions);
  const hidden = versions.length - visible.length;
  return (
    <li className="ex-prompt-row" data-testid="picker-prompt" data-prompt-name={name}>
      <span className="ex-prompt-name" title={name}>
        {name}
      </span>
      <span className="ex-version-toggles" role="group" aria-label={`Versions of ${name}`}>
        {!detail && <span className="ex-hint">loading…</span>}
        {hidden > 0 && (
          <button type="button" className="link-button ex-more" onClick={() => setAll(true)}>
            {hidden} older
          </button>
        )}
        {visible.map((version) => {
          const position = selected.indexOf(version.id);
          const picked = position !== -1;
          return (
            <button
              key={version.id}
              type="button"
              className="ex-version"
              aria-pressed={picked}
              onClick={() => onToggle(version.id)}
              title={`${name} v${version.number}${version.note ? ` — ${version.note}` : ''}${picked ? ` (column group ${position + 1})` : ''}`}
              data-testid="pick-version"
              data-prompt-name={name}
              data-version={version.number}
            >
              {picked && <span className="ex-version-position">{position + 1}</span>}v{version.number}
              {version.labels.map((label) => (
                <span key={label} className="ex-version-label" data-tone={label === 'production' || label === 'candidate' ? label : undefined}>
                  {label}
                </span>
              ))}
            </button>
          );
        })}
      </span>
    </li>
  );
}

/** The picked versions in column order; × removes one, the arrows reorder. */
function PickedVersions({ selected, onChange }: { selected: string[]; onChange(ids: string[]): void }) {
  const { prompts } = useCatalog();
  const move = (index: number, by: number) => {
    const next = [...selected];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item!);
    onChange(next);
  };
  return (
    <ol className="ex-picked" aria-label="Picked prompt versions, in column order" data-testid="picked-versions">
      {selected.map((id, index) => {
        const info = prompts.versions.get(id);
        const label = info ? `${info.promptName} v${info.number}` : 'Unknown version';
        return (
          <li key={id} className="chip ex-picked-chip" data-tone="accent">
            <span className="ex-picked-index">{index + 1}</span>
            <span className="ex-picked-label">{label}</span>
            {index > 0 && (
              <button type="button" className="chip-remove" onClick={() => move(index, -1)} aria-label={`Move ${label} left`} title="Move left">
                <Icon name="chevron-left" size={10} />
              </button>
            )}
            <button type="button" className="chip-remove" onClick={() => onChange(selected.filter((other) => other !== id))} aria-label={`Remove ${label}`} title="Remove">
              <Icon name="close" size={10} />
            </button>
          </li>
        );
      })}
    </ol>
  );
}
