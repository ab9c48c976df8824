import { contract, isEventName, type EventName, type EventPayload } from '../../shared/contract/index.js';
import type { ConnectionStatus, EventChannel } from './connection.js';

type Listener = (payload: unknown) => void;

const firstRetryMs = 250;
const maxRetryMs = 5000;

/**
 * Contract events over the headless server's WebSocket (`/events`, frames `{ event, payload }`).
 * Reconnects with capped exponential backoff; payloads are checked against the contract, so a
 * listener only ever sees what its type promises.
 */
export function createSocketEvents(url: string): EventChannel & { markSignedOut(): void } {
  const listeners = new Map<EventName, Set<Listener>>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  let status: ConnectionStatus = 'connecting';
  let socket: WebSocket | undefined;
  let retryMs = firstRetryMs;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const setStatus = (next: ConnectionStatus) => {
    if (next === status) return;
    status = next;
    for (const listener of statusListeners) listener(next);
  };

  const dispatch = (data: unknown) => {
    if (typeof data !== 'string') return;
    let frame: { event?: unknown; payload?: unknown };
    try {
      frame = JSON.parse(data) as typeof frame;
    } catch {
      return;
    }
    if (typeof frame.event !== 'string' || !isEventName(frame.event)) return;
    const parsed = contract.events[frame.event].safeParse(frame.payload);
    if (!parsed.success) {
      console.warn(`Ignored a malformed "${frame.event}" event`, parsed.error.issues);
      return;
    }
    for (const listener of listeners.get(frame.event) ?? []) listener(parsed.data);
  };

  const connect = () => {
    if (closed) return;
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = firstRetryMs;
      setStatus('open');
    };
    ws.onmessage = (message) => dispatch(message.data);
    ws.onclose = () => {
      if (socket !== ws || closed) return;
      if (status !== 'signed-out') setStatus('reconnecting');
      const delay = retryMs * (0.75 + Math.random() * 0.5);
      retryMs = Math.min(retryMs * 2, maxRetryMs);
      retryTimer = setTimeout(connect, delay);
    };
  };

  // A sleeping laptop or a restarted server: try again at once when the page becomes visible.
  const wake = () => {
    if (document.visibilityState !== 'visible' || status === 'open' || closed) return;
    clearTimeout(retryTimer);
    retryMs = firstRetryMs;
    connect();
  };
  document.addEventListener('visibilitychange', wake);
  connect();

  return {
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      const wrapped = listener as Listener;
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
    status: () => status,
    markSignedOut: () => setStatus('signed-out'),
    onStatus(listener) {
      statusListeners.add(listener);
      return () => {
        statusListeners.delete(listener);
      };
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      document.removeEventListener('visibilitychange', wake);
      socket?.close();
    },
  };
}

export function eventsUrl(pageUrl: string): string {
  const url = new URL('/events', pageUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.hash = '';
  return url.toString();
}
