import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '../../../../electron/services/logger.js';
import type { AnyEventListener, Backend, WorkspaceSwitcher } from '../../../../electron/services/types.js';
import { openWorkspaceHost } from '../../../../electron/services/workspace/workspace-host.js';

/** A backend that answers `app.info` with its folder, can hold a request open, and records its close. */
function fakeBackend(dataDir: string, log: string[]) {
  const listeners = new Set<AnyEventListener>();
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const backend: Backend & { emit(): void; release(): void } = {
    dispatch: async (channel) => {
      if (channel === 'hold') await held;
      if (channel === 'switch') {
        await switcher!.openDefault();
        return { ok: true, value: 'switched' };
      }
      log.push(`${dataDir}: ${channel}`);
      return { ok: true, value: dataDir };
    },
    onEvent: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close: async () => void log.push(`${dataDir}: closed`),
    emit: () => listeners.forEach((listener) => listener('prompts.changed', { promptId: dataDir })),
    release: () => release(),
  };
  return backend;
}

let switcher: WorkspaceSwitcher | undefined;

describe('workspace host: one backend for a transport, whose workspace can change', () => {
  it('switches: new requests go to the new workspace, the old one closes once its requests have answered', async () => {
    const log: string[] = [];
    const backends = new Map<string, ReturnType<typeof fakeBackend>>();
    const host = await openWorkspaceHost({
      dataDir: '/first',
      defaultDir: '/home',
      demoDir: '/demo',
      logger: silentLogger,
      open: async (dir, workspaces) => {
        switcher = workspaces;
        const backend = fakeBackend(dir, log);
        backends.set(dir, backend);
        return backend;
      },
    });
    const events: string[] = [];
    host.onEvent((_event, payload) => events.push((payload as { promptId: string }).promptId));
    assert.equal(host.dataDir, '/first');

    const slow = host.dispatch('hold', {}); // in flight on /first during the switch
    const switched = await host.dispatch('switch', {}); // the request that asks for the switch
    assert.deepEqual(switched, { ok: true, value: 'switched' });
    assert.equal(host.dataDir, '/home');
    assert.deepEqual(await host.dispatch('app.info', {}), { ok: true, value: '/home' });
    assert.ok(!log.includes('/first: closed'), 'not closed while a request is in flight');

    backends.get('/first')!.release();
    await slow;
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(log.includes('/first: closed'), 'closed once idle');

    backends.get('/first')!.emit();
    backends.get('/home')!.emit();
    assert.deepEqual(events, ['/home'], 'only the open workspace’s events reach the transport');

    await host.close();
    assert.ok(log.includes('/home: closed'));
  });
});
