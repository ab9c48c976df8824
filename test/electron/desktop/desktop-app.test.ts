import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { ensureRendererBuilt } from '../../e2e/support/renderer-build.js';
import { TINY_A_OPTIONS, ensureTinyLlama } from '../../fixtures/gguf/tiny-llama.js';
import { startXvfb, xvfbInstalled, type VirtualDisplay } from './xvfb.js';

// The desktop app as a person starts it (`npm start`: the build, then Electron on the repo), with the
// real Electron binary, under Xvfb when there is no screen: the window opens on app://, Monaco's
// worker loads from app://, a contract call goes over IPC and back, and a tiny GGUF model generates
// in the llama worker, an Electron utilityProcess. Skipped, saying why, where the binary is not
// installed (this machine, CI with ELECTRON_SKIP_BINARY_DOWNLOAD=1): there the start guard, the build
// and the type-checks are what is proven (start-guard.test.ts, main-process.test.ts).

interface Guard {
  locateElectron(electronDir: string, env: NodeJS.ProcessEnv): { version: string; binary: string | null; installed: boolean } | null;
}

const root = resolve(import.meta.dirname, '..', '..', '..');
const guard = (await import(pathToFileURL(join(root, 'scripts', 'start-guard.js')).href)) as Guard;
const electron = guard.locateElectron(join(root, 'node_modules', 'electron'), process.env);
const needsVirtualDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;

const skip = !electron?.installed
  ? `Electron's binary is not installed (${electron?.binary ?? 'node_modules/electron/path.txt is missing'}); ` +
    'this test runs wherever `npm start` can, e.g. after `npx install-electron` with network access'
  : needsVirtualDisplay && !xvfbInstalled()
    ? 'there is no display and Xvfb is not installed (apt-get install xvfb)'
    : false;
if (skip) console.log(`# desktop app test skipped: ${skip}`);

describe('the desktop app on the real Electron binary', { skip }, () => {
  let display: VirtualDisplay | undefined;
  let app: ElectronApplication;
  let page: Page;
  let temp: string;

  /** One contract call through the preload, as the page makes it: window.arbiter.api over ipcRenderer.invoke. */
  async function ipc<T = any>(namespace: string, method: string, input: unknown = {}): Promise<T> {
    const envelope = (await page.evaluate(`window.arbiter.api[${JSON.stringify(namespace)}][${JSON.stringify(method)}](${JSON.stringify(input)})`)) as {
      ok: boolean;
      value?: T;
      error?: { code: string; message: string };
    };
    if (!envelope.ok) throw new Error(`${namespace}.${method}: ${envelope.error?.code} ${envelope.error?.message}`);
    return envelope.value as T;
  }

  before(async () => {
    temp = mkdtempSync(join(tmpdir(), 'arbiter-desktop-'));
    if (needsVirtualDisplay) display = await startXvfb();
    // What `npm run build` does: the renderer into dist/renderer (the app:// root) and the bundles.
    const rendererDir = process.env.ARBITER_RENDERER_DIR;
    delete process.env.ARBITER_RENDERER_DIR;
    try {
      ensureRendererBuilt(root);
    } finally {
      if (rendererDir !== undefined) process.env.ARBITER_RENDERER_DIR = rendererDir;
    }
    const { buildElectron } = (await import(pathToFileURL(join(root, 'scripts', 'build-electron.js')).href)) as { buildElectron(): Promise<unknown> };
    await buildElectron();

    const env: Record<string, string> = { ...(process.env as Record<string, string>), XDG_CONFIG_HOME: join(temp, 'config'), APPDATA: join(temp, 'config') };
    delete env.ARBITER_DEV_SERVER_URL;
    if (display) env.DISPLAY = display.display;
    app = await _electron.launch({
      executablePath: electron!.binary!,
      // As root (a container), Chromium's own sandbox cannot start; Electron's process sandboxing of the page stays on.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), root],
      cwd: root,
      env,
      timeout: 60_000,
    });
    page = await app.firstWindow();
  });

  after(async () => {
    await app?.close();
    await display?.stop();
    rmSync(temp, { recursive: true, force: true });
  });

  it('opens its window on app://, with the app in it', async () => {
    assert.match(page.url(), /^app:\/\/arbiter\//);
    await page.getByRole('navigation', { name: 'Screens' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('home-screen').waitFor();
    await page.screenshot({ path: join(root, 'test-output', 'screenshots', 'desktop-home.png') });
  });

  it('answers a contract call over IPC', async () => {
    const info = await ipc<{ transport: string; dataDir: string }>('app', 'info');
    assert.equal(info.transport, 'ipc');
    assert.ok(info.dataDir.startsWith(temp), `the workspace is in the test's user-data folder, not ${info.dataDir}`);
  });

  it('loads Monaco’s worker from app:// (the diff of two prompt versions needs it)', async () => {
    const prompt = await ipc<{ id: string }>('prompts', 'create', { name: 'Desktop check', template: { messages: [{ role: 'user', content: 'Hello {{ name }}' }] } });
    await ipc('prompts', 'saveVersion', { promptId: prompt.id, template: { messages: [{ role: 'user', content: 'Hello there, {{ name }}' }] } });
    await page.evaluate(`window.location.hash = ${JSON.stringify(`#/prompts/${prompt.id}`)}`);
    await page.getByTestId('prompt-workspace').waitFor();
    await page.getByRole('tab', { name: /History/ }).click();
    await page.locator('[data-testid="version-row"][data-version="1"]').getByTestId('version-select').check();
    await page.locator('[data-testid="version-row"][data-version="2"]').getByTestId('version-select').check();
    await page.getByRole('button', { name: /Compare v1 ↔ v2/ }).click();
    await page.getByTestId('diff-editor').locator('.monaco-diff-editor').waitFor();
    // The diff is computed in the worker: changed lines are marked only once it answered.
    await page.getByTestId('diff-editor').locator('.line-insert, .char-insert').first().waitFor({ timeout: 30_000 });
    const [worker, ...others] = page.workers();
    assert.ok(worker, 'a worker runs');
    for (const each of [worker, ...others]) assert.match(each.url(), /^app:\/\/arbiter\//);
    assert.equal(await worker.evaluate('typeof self.postMessage'), 'function', 'the worker script ran');
  });

  it('generates with a tiny GGUF model in a utilityProcess', async () => {
    const path = ensureTinyLlama(join(temp, 'models'), TINY_A_OPTIONS);
    const { added } = await ipc<{ added: { id: string }[] }>('models', 'addLocal', { path });
    const id = added[0]!.id;
    await ipc('models', 'update', { id, settings: { threads: 1, contextSize: 512 } });
    const check = await ipc<{ ok: boolean; message: string }>('models', 'testConnection', { id });
    assert.ok(check.ok, check.message);
    const processes = await app.evaluate(({ app: electronApp }) => electronApp.getAppMetrics().map((metric) => ({ type: metric.type, serviceName: metric.serviceName ?? '', name: metric.name ?? '' })));
    assert.ok(
      processes.some((process) => process.type === 'Utility' && [process.serviceName, process.name].includes('Arbiter local models')),
      `a utility process named “Arbiter local models” among ${JSON.stringify(processes)}`,
    );
  });
});
