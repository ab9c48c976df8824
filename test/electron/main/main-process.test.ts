import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { methodEntries } from '../../../shared/contract/index.js';
import type { Envelope } from '../../../shared/errors.js';
import { createBackend } from '../../../electron/services/bootstrap.js';
import { silentLogger } from '../../../electron/services/logger.js';
import { contentSecurityPolicy } from '../../../electron/services/security/content-security-policy.js';
import { memoryPreferences } from '../../support/backend.js';
import { buildScript, bundleDir } from '../support/bundles.js';
import { configureFakeElectron, fakeElectronState, type FakeBrowserWindow, type FakeElectronState } from '../support/fake-electron.js';

const fakeElectronPath = resolve(import.meta.dirname, '..', 'support', 'fake-electron.ts');

/**
 * The production main bundle, built with the production options except that `electron` is the
 * fake (electron-store is bundled too, so its own `import 'electron'` gets the fake as well).
 */
async function buildMainWithFakeElectron(outDir: string): Promise<string> {
  const options = (await buildScript()).mainBuildOptions(outDir);
  const outfile = join(outDir, 'main.mjs');
  await build({
    ...options,
    outfile,
    sourcemap: false,
    external: options.external.filter((name) => name !== 'electron' && name !== 'electron-store'),
    alias: { electron: fakeElectronPath },
  });
  return outfile;
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function tempApp() {
  const base = mkdtempSync(join(tmpdir(), 'arbiter-main-'));
  const appPath = join(base, 'app');
  mkdirSync(join(appPath, 'dist', 'renderer'), { recursive: true });
  writeFileSync(join(appPath, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Arbiter</title>');
  writeFileSync(join(base, 'secret.txt'), 'not for the page');
  return { base, appPath, userDataDir: join(base, 'userData') };
}

/** Loads a fresh copy of the bundle (the query string makes Node evaluate it again). */
let runs = 0;
async function startMain(file: string): Promise<FakeElectronState> {
  await import(`${pathToFileURL(file).href}?run=${++runs}`);
  return fakeElectronState();
}

const roles = (items: unknown[]): string[] =>
  items.flatMap((item) => {
    const { role, submenu } = item as { role?: string; submenu?: unknown[] };
    return [...(role ? [role] : []), ...(Array.isArray(submenu) ? roles(submenu) : [])];
  });

describe('main process (electron/main/index.ts, bundled, on a fake electron)', () => {
  let output: ReturnType<typeof bundleDir>;
  let file: string;
  let temp: ReturnType<typeof tempApp>;
  let state: FakeElectronState;
  let window: FakeBrowserWindow;
  const signalListeners = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };

  const invoke = (channel: string, input: unknown, event: unknown = { sender: window.webContents, senderFrame: window.webContents.mainFrame }) => {
    const handler = state.ipcHandlers.get(channel);
    assert.ok(handler, `no handler for ${channel}`);
    return handler(event, input) as Promise<Envelope<unknown>>;
  };

  before(async () => {
    output = bundleDir('main');
    file = await buildMainWithFakeElectron(output.dir);
    temp = tempApp();
    configureFakeElectron({ userDataDir: temp.userDataDir, appPath: temp.appPath, singleInstance: true });
    state = await startMain(file);
    await waitFor(() => state.windows[0]?.shown === true, 'the window to show');
    window = state.windows[0]!;
  });
  after(() => {
    // index.ts listens for Ctrl+C to quit cleanly; take those listeners back off the test process.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      for (const listener of process.listeners(signal)) if (!signalListeners[signal].includes(listener)) process.off(signal, listener);
    }
    output.remove();
    rmSync(temp.base, { recursive: true, force: true });
  });

  it('registers app:// as privileged and enables the sandbox before ready', () => {
    const ready = state.log.indexOf('app.whenReady');
    assert.ok(state.log.indexOf('protocol.registerSchemesAsPrivileged') < ready);
    assert.ok(state.log.indexOf('app.enableSandbox') < ready);
    assert.deepEqual(state.privilegedSchemes.map((scheme) => (scheme as { scheme: string }).scheme), ['app']);
    assert.ok(state.log.indexOf('protocol.handle app') > ready);
  });

  it('opens one sandboxed, isolated window on app://arbiter with the CommonJS preload', () => {
    assert.equal(state.windows.length, 1);
    const preferences = window.options.webPreferences!;
    assert.equal(preferences.sandbox, true);
    assert.equal(preferences.contextIsolation, true);
    assert.equal(preferences.nodeIntegration, false);
    assert.equal(preferences.webSecurity, true);
    assert.equal(preferences.preload, join(output.dir, 'preload.cjs'));
    assert.ok(state.log.includes('loadURL app://arbiter/index.html'));
    assert.deepEqual([window.options.width, window.options.height], [1440, 900]);
  });

  it('registers one handler per contract method', () => {
    assert.deepEqual([...state.ipcHandlers.keys()].sort(), methodEntries.map((entry) => entry.channel).sort());
  });

  it('answers its window from the workspace in userData, and refuses anyone else', async () => {
    const info = await invoke('app.info', {});
    assert.ok(info.ok);
    const value = info.value as { transport: string; dataDir: string; version: string };
    assert.equal(value.transport, 'ipc');
    assert.equal(value.dataDir, join(temp.userDataDir, 'workspace'));
    assert.equal(value.version, '0.1.0-test');

    const bad = await invoke('prompts.create', { name: ['not', 'a', 'string'] });
    assert.equal(!bad.ok && bad.error.code, 'INVALID_INPUT');
    assert.match(!bad.ok ? bad.error.message : '', /name/);
    assert.ok((await invoke('prompts.create', { name: 'Kept' })).ok);

    const subframe = await invoke('app.info', {}, { sender: window.webContents, senderFrame: { url: 'app://arbiter/index.html', parent: {} } });
    assert.equal(!subframe.ok && subframe.error.code, 'UNAUTHORIZED');
    const stranger = await invoke('app.info', {}, { sender: { id: 424242 }, senderFrame: { url: 'app://arbiter/index.html', parent: null } });
    assert.equal(!stranger.ok && stranger.error.code, 'UNAUTHORIZED');
  });

  it('forwards backend events to the window, and keeps preferences in electron-store in the workspace', async () => {
    window.webContents.sent.length = 0;
    assert.ok((await invoke('preferences.update', { theme: 'dark' })).ok);
    const [channel, message] = window.webContents.sent[0] ?? [];
    assert.equal(channel, 'arbiter:event');
    assert.equal((message as { event: string }).event, 'preferences.changed');
    assert.equal((message as { payload: { theme: string } }).payload.theme, 'dark');
    const stored = JSON.parse(readFileSync(join(temp.userDataDir, 'workspace', 'preferences.json'), 'utf8'));
    assert.equal(stored.theme, 'dark');
  });

  it('hardens the window: no navigation away, no new windows, external links to the OS browser', () => {
    let prevented = false;
    window.webContents.emit('will-navigate', { url: 'https://evil.example/', preventDefault: () => (prevented = true) });
    assert.ok(prevented);
    assert.deepEqual(window.webContents.windowOpenHandler!({ url: 'https://example.com/paper' }), { action: 'deny' });
    assert.deepEqual(window.webContents.windowOpenHandler!({ url: 'file:///etc/passwd' }), { action: 'deny' });
    assert.deepEqual(state.openedExternally, ['https://example.com/paper']);
  });

  it('hardens the session: permissions denied, our CSP on every response', () => {
    let granted: boolean | undefined;
    state.session.permissionRequestHandler!(null, 'media', (answer) => (granted = answer), { requestingUrl: 'app://arbiter/index.html' });
    assert.equal(granted, false);
    let headers: Record<string, string[]> | undefined;
    state.session.headersHandler!({ responseHeaders: {} }, (response) => (headers = response.responseHeaders));
    assert.deepEqual(headers, { 'Content-Security-Policy': [contentSecurityPolicy] });
  });

  it('serves the built renderer over app:// and nothing outside it', async () => {
    const handler = state.protocolHandlers.get('app')!;
    const page = await handler({ url: 'app://arbiter/index.html', method: 'GET' });
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-security-policy'), contentSecurityPolicy);
    const escape = await handler({ url: 'app://arbiter/..%2f..%2f..%2fsecret.txt', method: 'GET' });
    assert.equal(escape.status, 403);
  });

  it('sets an application menu without developer tools', () => {
    const all = roles(state.menuTemplate ?? []);
    assert.ok(all.includes('copy') && all.includes('quit'));
    assert.ok(!all.includes('toggleDevTools') && !all.includes('reload'));
  });

  it('a second launch focuses the existing window', () => {
    const before = window.focused;
    state.app.emit('second-instance');
    assert.equal(window.focused, before + 1);
  });

  it('closing the window saves its bounds, closes the backend and quits', async () => {
    window.close();
    assert.equal(await Promise.race([state.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 15_000).unref())]), 0);
    assert.equal(state.ipcHandlers.size, 0, 'IPC handlers removed');
    const stored = JSON.parse(readFileSync(join(temp.userDataDir, 'workspace', 'preferences.json'), 'utf8'));
    assert.deepEqual(stored.window, { x: 100, y: 50, width: 1440, height: 900 });

    // The workspace is released and intact: another backend opens it and finds what was written.
    const reopened = await createBackend({ dataDir: join(temp.userDataDir, 'workspace'), transport: 'ipc', preferences: memoryPreferences(), logger: silentLogger });
    try {
      const listed = await reopened.dispatch('prompts.list', {});
      assert.ok(listed.ok && (listed.value as { name: string }[]).some((prompt) => prompt.name === 'Kept'));
    } finally {
      await reopened.close();
    }
  });
});

describe('main process start-up refusals', () => {
  let output: ReturnType<typeof bundleDir>;
  let file: string;
  before(async () => {
    output = bundleDir('main-refusals');
    file = await buildMainWithFakeElectron(output.dir);
  });
  after(() => output.remove());

  it('a second Arbiter quits at once without opening the workspace', async () => {
    const temp = tempApp();
    try {
      configureFakeElectron({ userDataDir: temp.userDataDir, appPath: temp.appPath, singleInstance: false });
      const state = await startMain(file);
      assert.equal(await state.exited, 0);
      assert.ok(state.log.includes('app.quit'));
      assert.ok(!state.log.includes('app.whenReady'));
      assert.equal(state.windows.length, 0);
      assert.equal(existsSync(temp.userDataDir), false);
    } finally {
      rmSync(temp.base, { recursive: true, force: true });
    }
  });

  it('a dev server URL off this machine is refused with an error box', async () => {
    const temp = tempApp();
    process.env.ARBITER_DEV_SERVER_URL = 'https://example.com/';
    try {
      configureFakeElectron({ userDataDir: temp.userDataDir, appPath: temp.appPath, singleInstance: true });
      const state = await startMain(file);
      assert.equal(await state.exited, 1);
      assert.match(state.errorBoxes[0]?.content ?? '', /127\.0\.0\.1 or localhost/);
      assert.equal(state.windows.length, 0);
    } finally {
      delete process.env.ARBITER_DEV_SERVER_URL;
      rmSync(temp.base, { recursive: true, force: true });
    }
  });
});
