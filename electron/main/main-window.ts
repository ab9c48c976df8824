import { BrowserWindow } from 'electron';
import type { Logger } from '../services/types.js';
import { minimumWindowSize, trackWindowBounds, type SavedWindow } from './window-state.js';
import { secureWebPreferences } from './window-security.js';

export interface MainWindowOptions {
  url: string;
  preloadPath: string;
  bounds: SavedWindow;
  onBoundsChanged(bounds: SavedWindow): void;
  logger: Logger;
}

/** The workbench window. Its security options come only from secureWebPreferences. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    ...options.bounds,
    minWidth: minimumWindowSize.width,
    minHeight: minimumWindowSize.height,
    title: 'Arbiter',
    // Shown once the first paint is ready, so the user never sees a blank white frame.
    show: false,
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  window.once('ready-to-show', () => window.show());
  trackWindowBounds(window, options.onBoundsChanged);
  window.loadURL(options.url).catch((error: unknown) => {
    options.logger.error('the window could not load the app', { url: options.url, error: error instanceof Error ? error.message : String(error) });
    // Show the window anyway: a visible error page (and the dev tools in development) beats nothing.
    if (!window.isDestroyed()) window.show();
  });
  return window;
}
