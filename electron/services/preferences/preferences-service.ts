import { defaultPreferences, preferencesSchema, type Preferences, type PreferencesPatch } from '../../../shared/preferences.js';
import type { EventBus } from '../event-bus.js';
import type { PreferencesStorage } from '../types.js';

/** Preferences validated by the shared schema; a corrupt or old file falls back field by field to defaults. */
export class PreferencesService {
  constructor(
    private readonly storage: PreferencesStorage,
    private readonly events: EventBus,
  ) {}

  get(): Preferences {
    const stored = this.storage.read();
    const parsed = preferencesSchema.safeParse(stored ?? {});
    if (parsed.success) return parsed.data;
    const merged: Record<string, unknown> = { ...defaultPreferences };
    if (stored && typeof stored === 'object') {
      for (const [key, value] of Object.entries(stored)) {
        const field = preferencesSchema.shape[key as keyof Preferences];
        if (field?.safeParse(value).success) merged[key] = value;
      }
    }
    return preferencesSchema.parse(merged);
  }

  update(patch: PreferencesPatch): Preferences {
    const current = this.get();
    const next = preferencesSchema.parse({
      ...current,
      ...patch,
      editor: { ...current.editor, ...patch.editor },
      window: patch.window ?? current.window,
    });
    this.storage.write(next);
    this.events.emit('preferences.changed', next);
    return next;
  }
}
