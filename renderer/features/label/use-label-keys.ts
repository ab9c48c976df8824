import { useEffect, useEffectEvent, type RefObject } from 'react';

function isTextField(target: EventTarget | null): target is HTMLElement {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type);
}

/**
 * Window-wide keys while `scope` is on screen (hidden screens and tabs stay quiet). Typing in a
 * field is left alone, except Escape (back to the keys) and Ctrl/Cmd+Enter (submit from the box).
 * `handle` returns whether it used the key; used keys do nothing else (no scrolling, no button click).
 */
export function useLabelKeys(scope: RefObject<HTMLElement | null>, enabled: boolean, handle: (event: KeyboardEvent) => boolean): void {
  const onKey = useEffectEvent(handle);
  useEffect(() => {
    if (!enabled) return;
    const listener = (event: KeyboardEvent) => {
      const root = scope.current;
      if (!root || root.offsetParent === null || event.defaultPrevented || event.isComposing) return;
      // Menus and pop-ups (e.g. the annotator picker) own their keys.
      if (event.target instanceof Element && event.target.closest('[role="menu"], [role="dialog"]')) return;
      if (isTextField(event.target)) {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.target.blur();
          root.focus({ preventScroll: true });
          return;
        }
        if (!(event.key === 'Enter' && (event.ctrlKey || event.metaKey))) return;
      }
      if (onKey(event)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [scope, enabled]);
}
