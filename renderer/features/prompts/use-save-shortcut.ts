import { useEffect, useEffectEvent, type RefObject } from 'react';

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);
export const saveShortcutLabel = isMac ? '⌘S' : 'Ctrl+S';

/** Ctrl/Cmd+S anywhere in the window (also inside Monaco) while `scope` is on screen. */
export function useSaveShortcut(scope: RefObject<HTMLElement | null>, onSave: () => void): void {
  const save = useEffectEvent(onSave);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 's' || event.shiftKey || event.altKey) return;
      if (!(isMac ? event.metaKey : event.ctrlKey)) return;
      const element = scope.current;
      if (!element || element.offsetParent === null) return;
      event.preventDefault();
      event.stopPropagation();
      save();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [scope]);
}
