import { useEffect, useEffectEvent } from 'react';

export interface CompareKeyActions {
  move(delta: number): void;
  toggleColumn(number: number): void;
  toggleDiff(): void;
  toggleRaw(): void;
  toggleFailed(): void;
  focusSearch(): void;
}

/**
 * The screen's keys, while it is the one shown: ↑/↓ or j/k rows, 1–9 columns, d diff, r raw
 * text, f failed only, / search. Typing in a field is left alone, except that ↑/↓ in the search
 * box still move between rows. Page keys and Space keep scrolling long outputs.
 */
export function useCompareKeys(active: boolean, actions: CompareKeyActions): void {
  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement | null;
    const typing = !!target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    const inSearch = typing && target?.dataset.testid === 'compare-search';
    if (typing && !(inSearch && (event.key === 'ArrowDown' || event.key === 'ArrowUp'))) return;
    const handled = handle(event.key, actions);
    if (handled) event.preventDefault();
  });
  useEffect(() => {
    if (!active) return;
    const listener = (event: KeyboardEvent) => onKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [active]);
}

function handle(key: string, actions: CompareKeyActions): boolean {
  switch (key) {
    case 'ArrowDown':
    case 'j':
      actions.move(1);
      return true;
    case 'ArrowUp':
    case 'k':
      actions.move(-1);
      return true;
    case 'd':
      actions.toggleDiff();
      return true;
    case 'r':
      actions.toggleRaw();
      return true;
    case 'f':
      actions.toggleFailed();
      return true;
    case '/':
      actions.focusSearch();
      return true;
    default:
      if (/^[1-9]$/.test(key)) {
        actions.toggleColumn(Number(key));
        return true;
      }
      return false;
  }
}
