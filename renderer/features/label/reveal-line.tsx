import { useEffect, useRef, useState } from 'react';
import { Icon } from '../../ui/icon.js';
import { draftWords, positionName } from './judgment-words.js';
import type { Made } from './labeling-session.js';
import type { ItemKind } from './verdict-draft.js';

const flashMs = 2600;

/** After a vote, who was who ("Left was tiny-a · Summarizer v2"): shown briefly, then kept quietly. */
export function RevealLine({ last, kind, blind }: { last: Made | undefined; kind: ItemKind; blind: boolean }) {
  const [flashing, setFlashing] = useState(false);
  const seen = useRef(0);
  const revealed = last?.reveal ? last.localId : 0;
  useEffect(() => {
    if (revealed <= seen.current) return;
    seen.current = revealed;
    setFlashing(true);
    const timer = setTimeout(() => setFlashing(false), flashMs);
    return () => clearTimeout(timer);
  }, [revealed]);

  if (!last) return <p className="lb-reveal lb-reveal-idle">{blind ? 'Names stay hidden until you vote; then this line says who was who.' : ''}</p>;
  const choice = draftWords(last.draft.verdict);
  if (!last.reveal) {
    return (
      <p className="lb-reveal" data-testid="reveal" data-state="saving">
        <span className="lb-reveal-state">Saving…</span>
        <span className="lb-reveal-choice">you chose {choice}</span>
      </p>
    );
  }
  const byId = new Map(last.reveal.map((entry) => [entry.generationId, entry.variant.label]));
  return (
    <p className="lb-reveal" data-testid="reveal" data-state="saved" data-flash={flashing || undefined}>
      <span className="lb-reveal-state">
        <Icon name="check" size={12} /> Saved
      </span>
      {last.item.outputs.map((output, index) => (
        <span key={output.generationId} className="lb-reveal-entry" data-testid="reveal-entry">
          {positionName(kind, index)} was <strong>{byId.get(output.generationId) ?? 'unknown'}</strong>
        </span>
      ))}
      <span className="lb-reveal-choice">you chose {choice}</span>
    </p>
  );
}
