import type { ReactNode } from 'react';

// Strings (keys among them), numbers, literals, and the punctuation between them.
const token = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g;
const roles = new Set(['"system"', '"user"', '"assistant"']);

/** A JSON text with its keys, strings and literals told apart by colour; always text, never markup. */
export function JsonLine({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  let previousKey = '';
  for (const match of text.matchAll(token)) {
    const index = match.index ?? 0;
    if (index > last) parts.push(text.slice(last, index));
    const [whole, string, colon, numberText, literal] = match;
    if (string !== undefined && colon !== undefined) {
      parts.push(
        <span key={index} className="ex-tok-key">
          {string}
        </span>,
        colon,
      );
      previousKey = string;
    } else if (string !== undefined) {
      const role = previousKey === '"role"' && roles.has(string) ? string.slice(1, -1) : undefined;
      parts.push(
        <span key={index} className={role ? 'ex-tok-role' : 'ex-tok-str'} data-role={role}>
          {string}
        </span>,
      );
      previousKey = '';
    } else {
      parts.push(
        <span key={index} className="ex-tok-lit">
          {numberText ?? literal ?? whole}
        </span>,
      );
      previousKey = '';
    }
    last = index + whole.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}
