import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appOrigin } from '../../../electron/main/app-origin.js';
import { backendEventChannel, forwardBackendEvents } from '../../../electron/main/event-forwarding.js';
import type { AnyEventListener } from '../../../electron/services/types.js';

function fakeContents(url: string, destroyed = false) {
  const sent: unknown[][] = [];
  return { sent, isDestroyed: () => destroyed, getURL: () => url, send: (...args: unknown[]) => void sent.push(args) };
}

describe('event forwarding', () => {
  it('sends backend events to our pages only, on the one event channel', () => {
    let emit: AnyEventListener | undefined;
    const backend = {
      onEvent: (listener: AnyEventListener) => {
        emit = listener;
        return () => (emit = undefined);
      },
    };
    const ours = fakeContents(`${appOrigin}/index.html#/prompts`);
    const navigatedAway = fakeContents('https://evil.example/');
    const closed = fakeContents(`${appOrigin}/index.html`, true);
    const stop = forwardBackendEvents(backend, () => [ours, navigatedAway, closed] as never, appOrigin);
    emit!('prompts.changed', { promptId: 'p1' });
    assert.equal(backendEventChannel, 'arbiter:event');
    assert.deepEqual(ours.sent, [['arbiter:event', { event: 'prompts.changed', payload: { promptId: 'p1' } }]]);
    assert.deepEqual(navigatedAway.sent, []);
    assert.deepEqual(closed.sent, []);
    stop();
    assert.equal(emit, undefined);
  });
});
