import { useMemo, useSyncExternalStore } from 'react';

/**
 * Recharts takes colours as props, so the theme's CSS variables are read here. The theme lives
 * on <html data-theme>, which the theme provider sets in an effect that runs after ours; a
 * MutationObserver hears the change itself.
 */
function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

const readTheme = () => document.documentElement.dataset.theme ?? 'light';

export interface ChartColors {
  text: string;
  muted: string;
  grid: string;
  accent: string;
  surface: string;
}

export function useChartColors(): ChartColors {
  const theme = useSyncExternalStore(subscribe, readTheme);
  return useMemo(() => {
    const style = getComputedStyle(document.documentElement);
    const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    return {
      text: read('--text-2', '#55555f'),
      muted: read('--text-3', '#8a8a94'),
      grid: read('--border', '#e4e4e8'),
      accent: read('--accent', '#4b57d1'),
      surface: read('--surface', '#ffffff'),
    };
    // `theme` is why the variables are read again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [theme]);
}
