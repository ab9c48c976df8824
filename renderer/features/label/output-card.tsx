import type { DragEvent, ReactNode } from 'react';
import { SafeMarkdown } from '../../ui/safe-markdown.js';

export type OutputMark = 'better' | 'worse' | 'tie' | 'bad' | 'ranked' | undefined;

/** One model output: untrusted text, rendered as safe Markdown (or as the raw characters). */
export function OutputCard({
  title,
  keyHint,
  variantLabel,
  text,
  plain,
  mark,
  badge,
  testId = 'output-card',
  onDragStart,
}: {
  title: string;
  keyHint?: string;
  /** Which model and prompt wrote it, when the set is not blind (or in review). */
  variantLabel?: string | undefined;
  text: string;
  plain: boolean;
  mark?: OutputMark;
  /** Beside the title, e.g. the rank given. */
  badge?: ReactNode;
  testId?: string;
  onDragStart?: (event: DragEvent<HTMLElement>) => void;
}) {
  return (
    <article className="lb-output" data-mark={mark} data-testid={testId} aria-label={title}>
      <header className="lb-output-head" draggable={onDragStart ? true : undefined} onDragStart={onDragStart} data-draggable={onDragStart ? true : undefined}>
        {keyHint && <kbd className="lb-key">{keyHint}</kbd>}
        <span className="lb-output-title">{title}</span>
        {variantLabel && (
          <span className="lb-output-variant" data-testid="output-variant" title={variantLabel}>
            {variantLabel}
          </span>
        )}
        <span className="lb-spacer" />
        {badge}
        <span className="lb-output-size" title="Characters">
          {text.length.toLocaleString()} ch
        </span>
      </header>
      <div className="lb-output-body" data-testid="output-text">
        {text.trim() === '' ? <p className="lb-empty-output">(empty output)</p> : <SafeMarkdown text={text} plain={plain} />}
      </div>
    </article>
  );
}
