import { createContext, useContext, useEffect, useEffectEvent, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type { Api } from '../../shared/contract/api.js';
import type { EventName, EventPayload } from '../../shared/contract/index.js';
import type { ConnectionStatus } from './connection.js';
import type { Transport } from './connect.js';

const TransportContext = createContext<Transport | undefined>(undefined);

export function TransportProvider({ transport, children }: { transport: Transport; children: ReactNode }) {
  return <TransportContext.Provider value={transport}>{children}</TransportContext.Provider>;
}

export function useTransport(): Transport {
  const transport = useContext(TransportContext);
  if (!transport) throw new Error('useTransport() needs a <TransportProvider> above it.');
  return transport;
}

export function useApi(): Api {
  return useTransport().api;
}

/** Calls the latest `listener` for every `event`, for as long as the component is mounted. */
export function useEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): void {
  const { events } = useTransport();
  const onEvent = useEffectEvent(listener);
  useEffect(() => events.on(event, (payload) => onEvent(payload)), [events, event]);
}

export function useConnectionStatus(): ConnectionStatus {
  const { events } = useTransport();
  return useSyncExternalStore(events.onStatus, events.status);
}

/** Runs `callback` when the event line comes back after a drop (events may have been missed). */
export function useReconnected(callback: () => void): void {
  const status = useConnectionStatus();
  const previous = useRef(status);
  const onReconnected = useEffectEvent(callback);
  useEffect(() => {
    if (previous.current === 'reconnecting' && status === 'open') onReconnected();
    previous.current = status;
  }, [status]);
}
