import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { EventSubscriber } from '../../shared/contract/api.js';
import { backendEventChannel, eventNames, isEventName } from '../../shared/contract/index.js';

export { backendEventChannel };

type Listener = (payload: unknown) => void;

/**
 * `on(event, listener)` for contract events only. One IPC listener serves every subscription and
 * is removed when the last one unsubscribes; listeners get the payload, never the
 * IpcRendererEvent (whose `sender` would hand the page the raw ipcRenderer).
 */
export function createEventSubscriber(ipc: Pick<IpcRenderer, 'on' | 'removeListener'>): EventSubscriber {
  const listeners = new Map<string, Set<Listener>>();
  let subscriptions = 0;

  const onMessage = (_event: IpcRendererEvent, message: unknown) => {
    if (typeof message !== 'object' || message === null) return;
    const { event, payload } = message as { event?: unknown; payload?: unknown };
    if (typeof event !== 'string') return;
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        // One broken listener must not keep the others from hearing the event.
        console.error(`A listener for “${event}” failed:`, error);
      }
    }
  };

  const on = (event: string, listener: Listener) => {
    if (typeof event !== 'string' || !isEventName(event)) {
      throw new TypeError(`Unknown event “${String(event)}”. Known events: ${eventNames.join(', ')}.`);
    }
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
    // A wrapper per call, so subscribing the same function twice gives two independent unsubscribes.
    const entry: Listener = (payload) => listener(payload);
    const group = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, group);
    group.add(entry);
    if (subscriptions++ === 0) ipc.on(backendEventChannel, onMessage);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      group.delete(entry);
      if (--subscriptions === 0) ipc.removeListener(backendEventChannel, onMessage);
    };
  };
  return Object.freeze({ on }) as EventSubscriber;
}
