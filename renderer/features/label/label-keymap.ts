import type { ItemKind, SideChoice } from './verdict-draft.js';

/** What a key press means on the labeling view. */
export type LabelAction =
  | { type: 'side'; choice: SideChoice; much: boolean }
  | { type: 'rank'; index: number; tied: boolean }
  | { type: 'tie-next' }
  | { type: 'unrank-last' }
  | { type: 'clear' }
  | { type: 'score'; value: number }
  | { type: 'criterion'; step: 1 | -1 }
  | { type: 'nudge'; step: 1 | -1 }
  | { type: 'submit' }
  | { type: 'undo' }
  | { type: 'skip' }
  | { type: 'flag' }
  | { type: 'rationale' }
  | { type: 'tag'; index: number }
  | { type: 'instructions' }
  | { type: 'plain' };

/** 1–9 from the digit row or the keypad, whatever the layout types with Shift. */
function digitOf(event: KeyboardEvent): number | null {
  const match = /^(?:Digit|Numpad)(\d)$/.exec(event.code);
  if (match) return Number(match[1]);
  return /^\d$/.test(event.key) ? Number(event.key) : null;
}

/** Keys by task kind. Letters are case-insensitive; Shift changes meaning only where said. */
export function keyAction(event: KeyboardEvent, kind: ItemKind): LabelAction | null {
  if (event.ctrlKey || event.metaKey) return event.key === 'Enter' ? { type: 'submit' } : null;
  const digit = digitOf(event);
  if (event.altKey) return digit !== null && digit >= 1 ? { type: 'tag', index: digit - 1 } : null;

  if (kind === 'pairwise') {
    if (digit === 1 || event.key === 'ArrowLeft') return { type: 'side', choice: 'left', much: event.shiftKey };
    if (digit === 2 || event.key === 'ArrowRight') return { type: 'side', choice: 'right', much: event.shiftKey };
    if (digit === 3 || event.key === 'ArrowDown') return { type: 'side', choice: 'tie', much: false };
    if (digit === 4) return { type: 'side', choice: 'both_bad', much: false };
  } else if (kind === 'ranking') {
    if (digit !== null && digit >= 1) return { type: 'rank', index: digit - 1, tied: event.shiftKey };
    if (digit === 0 || event.key === 'Delete') return { type: 'clear' };
    if (event.key === '=' || event.code === 'Equal') return { type: 'tie-next' };
    if (event.key === 'Backspace') return { type: 'unrank-last' };
  } else {
    if (digit !== null) return { type: 'score', value: digit };
    if (event.key === 'ArrowUp') return { type: 'criterion', step: -1 };
    if (event.key === 'ArrowDown') return { type: 'criterion', step: 1 };
    if (event.key === 'ArrowLeft') return { type: 'nudge', step: -1 };
    if (event.key === 'ArrowRight') return { type: 'nudge', step: 1 };
  }

  if (event.key === 'Enter') return { type: 'submit' };
  switch (event.key.toLowerCase()) {
    case 'u':
      return { type: 'undo' };
    case 's':
      return { type: 'skip' };
    case 'f':
      return { type: 'flag' };
    case 'r':
      return { type: 'rationale' };
    case 'i':
      return { type: 'instructions' };
    case 'm':
      return { type: 'plain' };
    default:
      return null;
  }
}
