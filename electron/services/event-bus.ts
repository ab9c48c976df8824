import type { EventName, EventPayload } from '../../shared/contract/index.js';
import type { AnyEventListener } from './types.js';

/** The backend's one event stream; transports subscribe and forward to their renderers. */
export class EventBus {
  private readonly listeners = new Set<AnyEventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch {
        // A broken transport must not stop the others from hearing about the change.
      }
    }
  }

  subscribe(listener: AnyEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
