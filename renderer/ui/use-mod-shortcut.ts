import { useEffect, useEffectEvent, type RefObject } from 'react';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);

/** "Ctrl+Enter" or "⌘Enter", for buttons' titles and hints. */
export function modShortcutLabel(key: string): string {
  return isMac ? `⌘${key}` : `Ctrl+${key}`;
}

/**
 * Ctrl/Cmd + `key` anywhere in the window (also inside inputs and Monaco) while `scope` is on
 * screen; hidden screens and tabs keep their listeners quiet.
 */
export function useModShortcut(scope: RefObject<HTMLElement | null>, key: string, handler: () => void): void {
  const run = useEffectEvent(handler);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== key.toLowerCase() || event.shiftKey || event.altKey) return;
      if (!(isMac ? event.metaKey : event.ctrlKey)) return;
      const element = scope.current;
      if (!element || element.offsetParent === null) return;
      event.preventDefault();
      event.stopPropagation();
      run();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [scope, key]);
}
