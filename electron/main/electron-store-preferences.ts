import Store from 'electron-store';
import type { PreferencesStorage } from '../services/types.js';

/**
 * Desktop preferences in electron-store. The file is `preferences.json` in the workspace folder,
 * the same one headless mode's conf uses, so both modes share one set of preferences. The shared
 * zod schema is applied by the backend's PreferencesService on every read and write; a corrupt
 * file is cleared rather than stopping the app from starting.
 */
export function electronStorePreferences(dataDir: string): PreferencesStorage {
  const store = new Store<Record<string, unknown>>({ name: 'preferences', cwd: dataDir, clearInvalidConfig: true });
  return {
    read: () => store.store,
    write: (value) => {
      store.store = value as Record<string, unknown>;
    },
  };
}
