import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { usePreferences } from './preferences-context.js';

export type ResolvedTheme = 'light' | 'dark';

const ResolvedThemeContext = createContext<ResolvedTheme>('light');
const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');
const cacheKey = 'arbiter.theme';

function subscribeToSystemTheme(onChange: () => void): () => void {
  const query = darkQuery();
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

function applyToDocument(theme: ResolvedTheme): void {
  document.documentElement.dataset.theme = theme;
}

/** Before React renders: the last theme we showed, so the first paint does not flash. */
export function applyCachedTheme(): void {
  const cached = localStorage.getItem(cacheKey);
  applyToDocument(cached === 'dark' || cached === 'light' ? cached : darkQuery().matches ? 'dark' : 'light');
}

export function ThemeProvider({ children }: { children: ReactNode }) {
  const { preferences, loaded } = usePreferences();
  const systemDark = useSyncExternalStore(subscribeToSystemTheme, () => darkQuery().matches);
  const resolved: ResolvedTheme = preferences.theme === 'system' ? (systemDark ? 'dark' : 'light') : preferences.theme;

  useEffect(() => {
    // Until the stored preference is known, the cached theme from the last session stays.
    if (!loaded) return;
    applyToDocument(resolved);
    localStorage.setItem(cacheKey, resolved);
  }, [resolved, loaded]);

  return <ResolvedThemeContext.Provider value={resolved}>{children}</ResolvedThemeContext.Provider>;
}

export function useResolvedTheme(): ResolvedTheme {
  return useContext(ResolvedThemeContext);
}
