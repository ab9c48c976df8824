import type { IpcRenderer } from 'electron';
import { buildRawApi, type EventSubscriber, type RawApi } from '../../shared/contract/api.js';
import type { Envelope } from '../../shared/errors.js';
import { createEventSubscriber } from './event-subscriber.js';

export interface ArbiterBridge {
  readonly api: RawApi;
  readonly events: EventSubscriber;
}

/**
 * What the page gets as `window.arbiter`: one function per contract method, each bound to its
 * own channel, and contract events. No generic invoke/send, so the page cannot reach any other
 * channel (electron-store's, for one) even if it is compromised.
 */
export function createBridge(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): ArbiterBridge {
  const api = buildRawApi((channel, input) => ipc.invoke(channel, input) as Promise<Envelope<unknown>>);
  return Object.freeze({ api, events: createEventSubscriber(ipc) });
}
