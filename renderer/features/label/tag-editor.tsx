import { useState } from 'react';

/** The tags annotators may put on an item (e.g. hallucination, refusal): type and press Enter or comma. */
export function TagEditor({ tags, onChange }: { tags: string[]; onChange(tags: string[]): void }) {
  const [text, setText] = useState('');
  const add = (raw: string) => {
    const fresh = raw
      .split(',')
      .map((tag) => tag.trim().slice(0, 40))
      .filter((tag) => tag && !tags.some((existing) => existing.toLowerCase() === tag.toLowerCase()));
    if (fresh.length > 0) onChange([...tags, ...new Set(fresh)].slice(0, 40));
    setText('');
  };
  return (
    <div className="lb-tag-editor" data-testid="tag-editor">
      {tags.map((tag, index) => (
        <span key={tag} className="chip lb-tag-chip" data-testid="vocabulary-tag">
          {index < 9 && <span className="lb-tag-key">Alt+{index + 1}</span>}
          {tag}
          <button type="button" className="chip-remove" aria-label={`Remove tag ${tag}`} title={`Remove tag ${tag}`} onClick={() => onChange(tags.filter((entry) => entry !== tag))}>
            ×
          </button>
        </span>
      ))}
      <input
        className="lb-tag-input"
        value={text}
        placeholder={tags.length === 0 ? 'e.g. hallucination, refusal, formatting — Enter adds' : 'Add a tag'}
        aria-label="Add a tag"
        onChange={(event) => {
          if (event.target.value.endsWith(',')) add(event.target.value);
          else setText(event.target.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            add(text);
          } else if (event.key === 'Backspace' && !text && tags.length > 0) onChange(tags.slice(0, -1));
        }}
        onBlur={() => text.trim() && add(text)}
        data-testid="tag-input"
      />
    </div>
  );
}
