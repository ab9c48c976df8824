import type { WebContents } from 'electron';
import { backendEventChannel } from '../../shared/contract/index.js';
import type { Backend } from '../services/types.js';
import { isSameOrigin } from './app-origin.js';

export { backendEventChannel };

type EventTarget = Pick<WebContents, 'isDestroyed' | 'getURL' | 'send'>;

/**
 * Sends every backend event to our windows. A window that closed or whose page is no longer
 * ours is skipped, so nothing leaks to a page that is not Arbiter. Returns the unsubscribe.
 */
export function forwardBackendEvents(backend: Pick<Backend, 'onEvent'>, targets: () => Iterable<EventTarget>, trustedOrigin: string): () => void {
  return backend.onEvent((event, payload) => {
    for (const contents of targets()) {
      if (contents.isDestroyed() || !isSameOrigin(contents.getURL(), trustedOrigin)) continue;
      contents.send(backendEventChannel, { event, payload });
    }
  });
}
