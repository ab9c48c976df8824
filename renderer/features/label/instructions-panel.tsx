import { ChevronIcon } from './label-icons.js';

/** The task set's instructions, folded to one line once the annotator has started (I toggles). */
export function InstructionsPanel({ text, open, onToggle }: { text: string; open: boolean; onToggle(): void }) {
  if (!text.trim()) return null;
  return (
    <section className="lb-instructions" data-open={open || undefined} data-testid="instructions">
      <button type="button" className="lb-instructions-toggle" aria-expanded={open} onClick={onToggle}>
        <ChevronIcon open={open} />
        <span className="lb-instructions-title">Instructions</span>
        {!open && <span className="lb-fold-peek">{text.replace(/\s+/g, ' ').slice(0, 180)}</span>}
        <kbd className="lb-key">I</kbd>
      </button>
      {open && (
        <p className="lb-instructions-text" data-testid="instructions-text">
          {text}
        </p>
      )}
    </section>
  );
}
