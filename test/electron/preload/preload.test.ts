import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventNames, methodEntries } from '../../../shared/contract/index.js';
import { buildPreload, bundleDir, runPreload } from '../support/bundles.js';

type Fn = (...args: unknown[]) => unknown;

/** A stand-in for `electron` as the sandboxed preload sees it: it records what the preload does. */
function fakePreloadElectron(answer: (channel: string, input: unknown) => unknown = () => ({ ok: true, value: null })) {
  const exposed = new Map<string, unknown>();
  const invocations: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, Set<Fn>>();
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      invocations.push({ channel, args });
      return answer(channel, args[0]);
    },
    on: (channel: string, listener: Fn) => {
      const set = listeners.get(channel) ?? new Set<Fn>();
      listeners.set(channel, set);
      set.add(listener);
      return ipcRenderer;
    },
    removeListener: (channel: string, listener: Fn) => {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
    // The real ipcRenderer has these too; the bridge must not hand them to the page.
    send: () => assert.fail('the preload must not use send'),
    sendSync: () => assert.fail('the preload must not use sendSync'),
  };
  const electron = { contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) }, ipcRenderer };
  const emit = (channel: string, message: unknown) => {
    const ipcEvent = { sender: ipcRenderer, senderId: 0 };
    for (const listener of [...(listeners.get(channel) ?? [])]) listener(ipcEvent, message);
  };
  const listenerCount = (channel: string) => listeners.get(channel)?.size ?? 0;
  return { electron, exposed, invocations, emit, listenerCount };
}

/** Every function reachable from the exposed object, by dotted path. */
function functionPaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'function') return [prefix];
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value).flatMap((key) => functionPaths((value as Record<string, unknown>)[key], prefix ? `${prefix}.${key}` : key));
}

interface Bridge {
  api: Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
  events: { on(event: string, listener: (...args: unknown[]) => void): () => void };
}

describe('preload (the built preload.cjs, run as the sandbox runs it)', () => {
  let output: ReturnType<typeof bundleDir>;
  let file: string;
  before(async () => {
    output = bundleDir('preload');
    file = await buildPreload(output.dir);
  });
  after(() => output.remove());

  function load(answer?: (channel: string, input: unknown) => unknown) {
    const fake = fakePreloadElectron(answer);
    const { required } = runPreload(file, fake.electron);
    return { ...fake, required, bridge: fake.exposed.get('arbiter') as Bridge };
  }

  it('is one self-contained CommonJS file that requires only electron', () => {
    const { required } = load();
    assert.deepEqual([...new Set(required)], ['electron']);
  });

  it('exposes exactly one frozen object, window.arbiter = { api, events }', () => {
    const { exposed, bridge } = load();
    assert.deepEqual([...exposed.keys()], ['arbiter']);
    assert.deepEqual(Object.keys(bridge).sort(), ['api', 'events']);
    assert.ok(Object.isFrozen(bridge));
    assert.ok(Object.isFrozen(bridge.api));
    assert.ok(Object.isFrozen(bridge.events));
    for (const group of Object.values(bridge.api)) assert.ok(Object.isFrozen(group));
  });

  it('exposes one function per contract method and nothing else (no generic invoke)', () => {
    const { bridge } = load();
    const expected = [...methodEntries.map((entry) => `api.${entry.channel}`), 'events.on'].sort();
    assert.deepEqual(functionPaths(bridge).sort(), expected);
  });

  it('each method invokes its own channel, with its input only', async () => {
    const { bridge, invocations } = load((channel) => ({ ok: true, value: channel }));
    for (const entry of methodEntries) {
      const method = bridge.api[entry.namespace]?.[entry.method];
      assert.ok(method, entry.channel);
      assert.deepEqual(await method({ marker: entry.channel }), { ok: true, value: entry.channel });
    }
    assert.deepEqual(
      invocations.map(({ channel, args }) => [channel, args]),
      methodEntries.map((entry) => [entry.channel, [{ marker: entry.channel }]]),
    );
  });

  it('events.on accepts contract events only', () => {
    const { bridge } = load();
    assert.throws(() => bridge.events.on('app.secret', () => {}), /Unknown event “app\.secret”/);
    assert.throws(() => bridge.events.on('prompts.changed', 'nope' as never), /must be a function/);
  });

  it('events.on hands listeners the payload, never the IpcRendererEvent, and unsubscribes', () => {
    const { bridge, emit, listenerCount } = load();
    const heard: unknown[][] = [];
    const unsubscribe = bridge.events.on('prompts.changed', (...args) => heard.push(args));
    const other = bridge.events.on('preferences.changed', () => heard.push(['wrong listener']));
    emit('arbiter:event', { event: 'prompts.changed', payload: { promptId: 'p1' } });
    assert.deepEqual(heard, [[{ promptId: 'p1' }]]);

    unsubscribe();
    unsubscribe(); // twice is harmless
    emit('arbiter:event', { event: 'prompts.changed', payload: { promptId: 'p2' } });
    assert.equal(heard.length, 1);
    assert.equal(listenerCount('arbiter:event'), 1, 'still one IPC listener for the other subscription');
    other();
    assert.equal(listenerCount('arbiter:event'), 0, 'the IPC listener goes with the last subscription');
  });

  it('a failing listener does not stop the others', () => {
    const { bridge, emit } = load();
    const heard: unknown[] = [];
    const originalError = console.error;
    console.error = () => {};
    try {
      bridge.events.on(eventNames[0]!, () => {
        throw new Error('broken');
      });
      bridge.events.on(eventNames[0]!, (payload) => heard.push(payload));
      emit('arbiter:event', { event: eventNames[0], payload: { promptId: 'p' } });
    } finally {
      console.error = originalError;
    }
    assert.equal(heard.length, 1);
  });
});
