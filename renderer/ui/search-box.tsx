import { Icon } from './icon.js';

/**
 * The one search field of every list: an icon, the input, and a clear button once something is
 * typed (Escape clears too). `compact` is the smaller one used inside panels.
 */
export function SearchBox({
  value,
  onChange,
  label,
  placeholder = label,
  title,
  testId,
  compact = false,
}: {
  value: string;
  onChange(value: string): void;
  /** The accessible name, e.g. "Search prompts". */
  label: string;
  placeholder?: string;
  title?: string;
  testId?: string;
  compact?: boolean;
}) {
  return (
    <div className={compact ? 'search-box search-box-compact' : 'search-box'}>
      <Icon name="search" size={compact ? 13 : 14} />
      <input
        className="search-input"
        type="text"
        placeholder={placeholder}
        title={title}
        aria-label={label}
        data-testid={testId}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onChange('');
        }}
      />
      {value && (
        <button type="button" className="icon-btn search-clear" onClick={() => onChange('')} aria-label="Clear search" title="Clear search">
          <Icon name="close" size={12} />
        </button>
      )}
    </div>
  );
}
