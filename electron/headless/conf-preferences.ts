import Conf from 'conf';
import type { PreferencesStorage } from '../services/types.js';

/** Headless preferences: conf (the library electron-store wraps), one file beside the workspace. */
export function confPreferences(dataDir: string): PreferencesStorage {
  const conf = new Conf<Record<string, unknown>>({ projectName: 'arbiter', cwd: dataDir, configName: 'preferences' });
  return {
    read: () => conf.store,
    write: (value) => {
      conf.store = value as Record<string, unknown>;
    },
  };
}
