import type { EventSubscriber, RawApi } from '../../shared/contract/api.js';

/** What the Electron preload exposes on `window.arbiter` (frozen, one function per method). */
export interface PreloadBridge {
  readonly api: RawApi;
  readonly events: EventSubscriber;
}

export function findPreloadBridge(): PreloadBridge | undefined {
  const candidate: unknown = (window as { arbiter?: unknown }).arbiter;
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const bridge = candidate as Partial<PreloadBridge>;
  if (typeof bridge.api !== 'object' || typeof bridge.events?.on !== 'function') return undefined;
  return bridge as PreloadBridge;
}
