import { useEffect } from 'react';
import { useResolvedTheme } from '../app/theme.js';
import { monaco } from './monaco-setup.js';
import { monacoThemeName } from './monaco-themes.js';

/** Monaco has one global theme; every mounted editor keeps it in step with the app's. */
export function useMonacoTheme(): string {
  const theme = monacoThemeName(useResolvedTheme());
  useEffect(() => {
    monaco.editor.setTheme(theme);
  }, [theme]);
  return theme;
}
