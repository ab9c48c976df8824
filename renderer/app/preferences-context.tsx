import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { defaultPreferences, type Preferences, type PreferencesPatch } from '../../shared/preferences.js';
import { describeError } from '../lib/describe-error.js';
import { useApi, useEvent } from '../transport/index.js';

interface PreferencesState {
  preferences: Preferences;
  loaded: boolean;
  /** Applies at once, then persists; a failed save rolls back and reports. */
  update(patch: PreferencesPatch): void;
  error: string | undefined;
}

const PreferencesContext = createContext<PreferencesState | undefined>(undefined);

export function PreferencesProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [preferences, setPreferences] = useState<Preferences>(defaultPreferences);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    api.preferences
      .get({})
      .then((value) => {
        if (cancelled) return;
        setPreferences(value);
        setLoaded(true);
      })
      .catch((reason: unknown) => {
        if (cancelled) return;
        setError(describeError(reason));
        setLoaded(true);
      });
    return () => {
      cancelled = true;
    };
  }, [api]);

  useEvent('preferences.changed', setPreferences);

  const update = useCallback(
    (patch: PreferencesPatch) => {
      setPreferences((current) => ({ ...current, ...patch, editor: { ...current.editor, ...patch.editor } }) as Preferences);
      api.preferences
        .update(patch)
        .then((value) => {
          setPreferences(value);
          setError(undefined);
        })
        .catch((reason: unknown) => {
          setError(`Your preference was not saved: ${describeError(reason)}`);
          api.preferences.get({}).then(setPreferences, () => {});
        });
    },
    [api],
  );

  const value = useMemo(() => ({ preferences, loaded, update, error }), [preferences, loaded, update, error]);
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): PreferencesState {
  const state = useContext(PreferencesContext);
  if (!state) throw new Error('usePreferences() needs a <PreferencesProvider> above it.');
  return state;
}
