import { buildApi, type Api } from '../../shared/contract/api.js';
import type { EventChannel } from './connection.js';
import { createHttpRawApi } from './http-api.js';
import { findPreloadBridge } from './preload-bridge.js';
import { createSocketEvents, eventsUrl } from './socket-events.js';

export interface Transport {
  readonly kind: 'ipc' | 'http';
  readonly api: Api;
  readonly events: EventChannel;
}

/**
 * The one place that picks how the renderer talks to the backend: the Electron preload's bridge
 * when it exists, otherwise the headless server that served this page (HTTP + WebSocket).
 */
export function connectTransport(): Transport {
  const bridge = findPreloadBridge();
  if (bridge) {
    return {
      kind: 'ipc',
      api: buildApi(bridge.api),
      events: {
        on: (event, listener) => bridge.events.on(event, listener),
        status: () => 'open',
        onStatus: () => () => {},
        close: () => {},
      },
    };
  }
  const events = createSocketEvents(eventsUrl(window.location.href));
  return {
    kind: 'http',
    api: buildApi(createHttpRawApi(window.location.origin, events.markSignedOut)),
    events,
  };
}
