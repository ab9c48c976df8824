import type { BrowserWindow, Rectangle } from 'electron';
import type { Preferences } from '../../shared/preferences.js';

export type SavedWindow = Preferences['window'];

export const minimumWindowSize = { width: 800, height: 560 };

/**
 * Where to open the window: the saved size, shrunk to fit a display, and the saved position
 * only if the title bar would land on a display that still exists (a monitor may have been
 * unplugged since). Without x/y the OS centres the window.
 */
export function restoreBounds(saved: SavedWindow, workAreas: readonly Rectangle[]): SavedWindow {
  const { x, y } = saved;
  const home = x !== undefined && y !== undefined ? workAreas.find((area) => titleBarVisible({ x, y, width: saved.width, height: saved.height }, area)) : undefined;
  const area = home ?? workAreas[0];
  const fit = (size: number, available: number | undefined, minimum: number) => Math.max(minimum, Math.min(size, available ?? size));
  const width = fit(saved.width, area?.width, minimumWindowSize.width);
  const height = fit(saved.height, area?.height, minimumWindowSize.height);
  return home ? { width, height, x, y } : { width, height };
}

function titleBarVisible(window: Rectangle, area: Rectangle): boolean {
  const grip = 48;
  const horizontal = Math.min(window.x + window.width, area.x + area.width) - Math.max(window.x, area.x);
  return horizontal >= grip && window.y >= area.y && window.y <= area.y + area.height - grip;
}

type TrackedWindow = Pick<BrowserWindow, 'on' | 'getNormalBounds' | 'isDestroyed'>;

/**
 * Saves the window's normal (not maximized, not minimized) bounds a moment after it stops
 * moving, and once more as it closes, so a crash loses at most the last half second.
 */
export function trackWindowBounds(window: TrackedWindow, save: (bounds: SavedWindow) => void, delayMs = 500): void {
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (window.isDestroyed()) return;
    const { x, y, width, height } = window.getNormalBounds();
    save({ x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) });
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(flush, delayMs);
  };
  window.on('resize', later);
  window.on('move', later);
  window.on('close', flush);
}
