import { useCallback, useSyncExternalStore } from 'react';

/** Location lives in the hash (`#/prompts/<id>`), which works the same under http:// and app://. */
export interface Route {
  screen: string;
  /** Path segments after the screen, decoded. */
  params: string[];
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const readHash = () => window.location.hash;

export function parseRoute(hash: string): Route {
  const [screen = '', ...params] = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  return { screen, params };
}

export function routeHref(screen: string, ...params: string[]): string {
  return `#/${[screen, ...params].map(encodeURIComponent).join('/')}`;
}

export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, readHash));
}

export function useNavigate(): (screen: string, ...params: string[]) => void {
  return useCallback((screen: string, ...params: string[]) => {
    const href = routeHref(screen, ...params);
    if (window.location.hash !== href) window.location.hash = href;
  }, []);
}

/** Replaces the current entry (no new history step), e.g. for a default screen. */
export function replaceRoute(screen: string, ...params: string[]): void {
  const url = new URL(window.location.href);
  url.hash = routeHref(screen, ...params);
  window.history.replaceState(null, '', url);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
