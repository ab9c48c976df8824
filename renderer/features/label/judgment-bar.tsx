import type { RefObject } from 'react';
import { FlagIcon } from './label-icons.js';
import type { Draft } from './verdict-draft.js';

/** Tags, a rationale, the flag and Submit: the same for every kind of item. */
export function JudgmentBar({
  draft,
  vocabulary,
  rationaleRef,
  canSubmit,
  submitLabel = 'Submit',
  onTag,
  onRationale,
  onFlag,
  onSubmit,
  showFlag = true,
}: {
  draft: Pick<Draft, 'tags' | 'rationale' | 'flagged'>;
  vocabulary: readonly string[];
  rationaleRef: RefObject<HTMLTextAreaElement | null>;
  canSubmit: boolean;
  submitLabel?: string;
  onTag(tag: string): void;
  onRationale(text: string): void;
  onFlag(): void;
  onSubmit(): void;
  showFlag?: boolean;
}) {
  return (
    <div className="lb-judgment-bar">
      {vocabulary.length > 0 && (
        <div className="lb-tags" role="group" aria-label="Tags" data-testid="item-tags">
          {vocabulary.map((tag, index) => (
            <button key={tag} type="button" className="lb-tag" aria-pressed={draft.tags.includes(tag)} onClick={() => onTag(tag)} title={index < 9 ? `Alt+${index + 1}` : undefined} data-testid="item-tag" data-tag={tag}>
              {index < 9 && <span className="lb-tag-key">{index + 1}</span>}
              {tag}
            </button>
          ))}
        </div>
      )}
      <textarea
        ref={rationaleRef}
        className="textarea lb-rationale"
        rows={1}
        value={draft.rationale}
        maxLength={20_000}
        placeholder="Rationale (optional) · R to type · Esc to leave"
        title="Enter submits; Shift+Enter starts a new line; Esc goes back to the keys"
        aria-label="Rationale"
        onChange={(event) => onRationale(event.target.value)}
        onKeyDown={(event) => {
          // A one-line box: Enter submits from here too (Shift+Enter for a new line).
          if (event.key !== 'Enter' || event.shiftKey || event.ctrlKey || event.metaKey || event.nativeEvent.isComposing) return;
          event.preventDefault();
          if (!canSubmit) return;
          event.currentTarget.blur();
          onSubmit();
        }}
        data-testid="rationale"
      />
      {showFlag && (
        <button type="button" className="btn lb-flag" aria-pressed={draft.flagged} onClick={onFlag} title="Flag for review (F)" data-testid="flag-item">
          <FlagIcon size={13} />
          {draft.flagged ? 'Flagged' : 'Flag'}
          <kbd className="lb-key">F</kbd>
        </button>
      )}
      <button type="button" className="btn btn-primary lb-submit" disabled={!canSubmit} onClick={onSubmit} data-testid="submit-judgment">
        {submitLabel}
        <kbd className="lb-key lb-key-on-accent">Enter</kbd>
      </button>
    </div>
  );
}
