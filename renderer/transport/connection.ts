import type { EventSubscriber } from '../../shared/contract/api.js';

/** `signed-out`: the server refused this page's session (e.g. it restarted with a new token). */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'signed-out';

/** Events plus the state of the line they arrive on (always open over IPC). */
export interface EventChannel extends EventSubscriber {
  status(): ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  close(): void;
}
