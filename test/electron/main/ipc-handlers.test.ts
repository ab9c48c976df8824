import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { methodEntries } from '../../../shared/contract/index.js';
import type { Envelope } from '../../../shared/errors.js';
import { appOrigin } from '../../../electron/main/app-origin.js';
import { registerContractHandlers } from '../../../electron/main/ipc-handlers.js';
import { createBackend } from '../../../electron/services/bootstrap.js';
import { silentLogger } from '../../../electron/services/logger.js';
import type { Backend, Logger } from '../../../electron/services/types.js';
import { memoryPreferences } from '../../support/backend.js';
import { tempDataDir } from '../../support/start-server.js';
import { buildPreload, bundleDir, runPreload } from '../support/bundles.js';

type Handler = (event: unknown, ...args: unknown[]) => Promise<Envelope<unknown>>;

/** A stand-in for ipcMain: records the handlers so the test can call them as Electron would. */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: (channel: string, handler: Handler) => {
      assert.ok(!handlers.has(channel), `${channel} registered twice`);
      handlers.set(channel, handler);
    },
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
}

const windowId = 7;
const fromOurWindow = { sender: { id: windowId }, senderFrame: { url: `${appOrigin}/index.html`, parent: null } };

function recordingLogger(): Logger & { warnings: unknown[] } {
  const warnings: unknown[] = [];
  return { ...silentLogger, warnings, warn: (message, fields) => warnings.push({ message, ...fields }) };
}

describe('IPC handlers in main (real backend, real DuckDB)', () => {
  let dataDir: string;
  let backend: Backend;
  let dispatched: string[];
  let ipcMain: ReturnType<typeof fakeIpcMain>;
  let logger: ReturnType<typeof recordingLogger>;
  let removeHandlers: () => void;

  before(async () => {
    dataDir = tempDataDir('arbiter-ipc-');
    backend = await createBackend({ dataDir, transport: 'ipc', preferences: memoryPreferences(), logger: silentLogger });
    dispatched = [];
    const spy: Pick<Backend, 'dispatch'> = {
      dispatch: (channel, input) => {
        dispatched.push(channel);
        return backend.dispatch(channel, input);
      },
    };
    ipcMain = fakeIpcMain();
    logger = recordingLogger();
    removeHandlers = registerContractHandlers({
      ipcMain: ipcMain as never,
      backend: spy,
      logger,
      senders: { trustedOrigin: appOrigin, isOurWebContents: (id) => id === windowId },
    });
  });
  after(async () => {
    await backend.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = (channel: string, event: unknown, input: unknown) => {
    const handler = ipcMain.handlers.get(channel);
    assert.ok(handler, `no handler for ${channel}`);
    return handler(event, input);
  };

  it('registers exactly one handler per contract method', () => {
    assert.deepEqual([...ipcMain.handlers.keys()].sort(), methodEntries.map((entry) => entry.channel).sort());
  });

  it('answers a call from our window with the backend’s envelope', async () => {
    const envelope = await call('app.info', fromOurWindow, {});
    assert.equal(envelope.ok, true);
    assert.equal((envelope as { value: { transport: string; dataDir: string } }).value.transport, 'ipc');
    const created = await call('prompts.create', fromOurWindow, { name: 'Greeting' });
    assert.equal(created.ok, true);
  });

  it('rejects malformed input with INVALID_INPUT naming the field', async () => {
    const envelope = await call('prompts.create', fromOurWindow, { name: 42 });
    assert.equal(envelope.ok, false);
    assert.equal(!envelope.ok && envelope.error.code, 'INVALID_INPUT');
    assert.match(!envelope.ok ? envelope.error.message : '', /^prompts\.create: name: /);
    const nested = await call('prompts.saveVersion', fromOurWindow, { promptId: 'x', template: { messages: [{ role: 'robot', content: 'hi' }] } });
    assert.match(!nested.ok ? nested.error.message : '', /template\.messages\.0\.role/);
  });

  it('refuses callers that are not the top frame of our window on our origin, before the backend sees them', async () => {
    const strangers: [string, unknown][] = [
      ['another origin', { sender: { id: windowId }, senderFrame: { url: 'https://evil.example/', parent: null } }],
      ['a file:// page', { sender: { id: windowId }, senderFrame: { url: 'file:///tmp/x.html', parent: null } }],
      ['a subframe', { sender: { id: windowId }, senderFrame: { url: `${appOrigin}/index.html`, parent: { url: `${appOrigin}/` } } }],
      ['a destroyed frame', { sender: { id: windowId }, senderFrame: null }],
      ['another webContents', { sender: { id: 99 }, senderFrame: { url: `${appOrigin}/index.html`, parent: null } }],
      ['a look-alike host', { sender: { id: windowId }, senderFrame: { url: 'app://arbiter.evil/index.html', parent: null } }],
    ];
    dispatched.length = 0;
    for (const [name, event] of strangers) {
      const envelope = await call('prompts.list', event, {});
      assert.deepEqual(envelope.ok, false, name);
      assert.equal(!envelope.ok && envelope.error.code, 'UNAUTHORIZED', name);
    }
    assert.deepEqual(dispatched, [], 'the backend never saw a refused call');
    assert.equal(logger.warnings.length, strangers.length);
  });

  it('the preload and main agree: a call from the page travels the whole IPC path', async () => {
    const output = bundleDir('preload-ipc');
    try {
      const file = await buildPreload(output.dir);
      const exposed = new Map<string, unknown>();
      const ipcRenderer = {
        // Electron structured-clones the arguments and the answer; so does this stand-in.
        invoke: async (channel: string, input: unknown) => structuredClone(await call(channel, fromOurWindow, structuredClone(input))),
        on: () => {},
        removeListener: () => {},
      };
      runPreload(file, { contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) }, ipcRenderer });
      const api = (exposed.get('arbiter') as { api: Record<string, Record<string, (input?: unknown) => Promise<Envelope<unknown>>>> }).api;

      const bad = await api.prompts!.create!({ name: { toString: 'not a string' } });
      assert.equal(bad.ok, false);
      assert.equal(!bad.ok && bad.error.code, 'INVALID_INPUT');
      assert.match(!bad.ok ? bad.error.message : '', /name/);

      const good = await api.prompts!.create!({ name: 'Through the preload' });
      assert.equal(good.ok, true);
      const listed = await api.prompts!.list!();
      assert.ok(listed.ok && (listed.value as { name: string }[]).some((prompt) => prompt.name === 'Through the preload'));
    } finally {
      output.remove();
    }
  });

  it('removes its handlers again', () => {
    removeHandlers();
    assert.equal(ipcMain.handlers.size, 0);
  });
});
