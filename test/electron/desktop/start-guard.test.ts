import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';

// `npm start` / `npm run dist` on a machine where the desktop app cannot start: one sentence that
// says what to do, never a stack trace from Electron's installer. scripts/start-guard.js is plain
// JavaScript, so it is loaded as it runs.

interface ElectronFacts {
  version: string;
  nodeRange: string;
  distDir: string;
  binary: string | null;
  installed: boolean;
}
type Verdict = { kind: 'ok' } | { kind: 'download' } | { kind: 'fail'; message: string };
interface Guard {
  minimumOf(range: string): number[] | null;
  atLeast(version: string, minimum: number[]): boolean;
  locateElectron(electronDir: string, env: NodeJS.ProcessEnv): ElectronFacts | null;
  assess(facts: {
    nodeVersion: string;
    appNodeRange: string;
    electron: ElectronFacts | null;
    env: NodeJS.ProcessEnv;
    platform: NodeJS.Platform;
    mode: 'start' | 'dist';
  }): Verdict;
}

const root = resolve(import.meta.dirname, '..', '..', '..');
const guard = (await import(pathToFileURL(join(root, 'scripts', 'start-guard.js')).href)) as Guard;
const temp = mkdtempSync(join(tmpdir(), 'arbiter-start-guard-'));
after(() => rmSync(temp, { recursive: true, force: true }));

const missing: ElectronFacts = { version: '45.4.1', nodeRange: '>= 22.12.0', distDir: '/x/dist', binary: null, installed: false };
const present: ElectronFacts = { ...missing, binary: '/x/dist/electron', installed: true };
const machine = { nodeVersion: '22.12.0', appNodeRange: '>=20.19', electron: present, env: { DISPLAY: ':0' }, platform: 'linux' as const, mode: 'start' as const };

function message(verdict: Verdict): string {
  assert.equal(verdict.kind, 'fail');
  const text = (verdict as { message: string }).message;
  // One sentence: no line breaks, one full stop at the end (dots inside versions and commands aside).
  assert.doesNotMatch(text, /\n/);
  assert.match(text, /\.$/);
  return text;
}

describe('start guard: what stops the desktop app here, in one sentence', () => {
  it('reads version ranges as npm writes them', () => {
    assert.deepEqual(guard.minimumOf('>= 22.12.0'), [22, 12, 0]);
    assert.deepEqual(guard.minimumOf('>=20.19'), [20, 19, 0]);
    assert.equal(guard.minimumOf('^20 || ^22'), null);
    assert.ok(guard.atLeast('22.12.0', [22, 12, 0]));
    assert.ok(guard.atLeast('v23.0.1', [22, 12, 0]));
    assert.ok(!guard.atLeast('20.20.2', [22, 12, 0]));
    assert.ok(!guard.atLeast('22.11.9', [22, 12, 0]));
  });

  it('finds the binary the way require("electron") would, without running it (which downloads)', () => {
    const dir = join(temp, 'electron');
    mkdirSync(join(dir, 'dist'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: '45.4.1', engines: { node: '>= 22.12.0' } }));
    assert.deepEqual(guard.locateElectron(dir, {}), { version: '45.4.1', nodeRange: '>= 22.12.0', distDir: join(dir, 'dist'), binary: null, installed: false });
    writeFileSync(join(dir, 'path.txt'), 'electron');
    assert.equal(guard.locateElectron(dir, {})?.installed, false);
    writeFileSync(join(dir, 'dist', 'electron'), '');
    assert.equal(guard.locateElectron(dir, {})?.installed, true);
    assert.equal(guard.locateElectron(join(temp, 'nowhere'), {}), null);
  });

  it('passes a machine that can start the app', () => {
    assert.deepEqual(guard.assess(machine), { kind: 'ok' });
  });

  it('a Node older than Arbiter needs: install Node 22', () => {
    const text = message(guard.assess({ ...machine, nodeVersion: '18.20.4' }));
    assert.match(text, /Node\.js 20\.19\.0 or newer/);
    assert.match(text, /this is Node 18\.20\.4/);
    assert.match(text, /Node 22/);
  });

  it('no binary on a Node older than Electron’s installer needs: Node 22, or npm run serve', () => {
    const text = message(guard.assess({ ...machine, nodeVersion: '20.20.2', electron: missing }));
    assert.match(text, /Electron 45\.4\.1's binary is not installed/);
    assert.match(text, /Node\.js 22\.12\.0 or newer \(this is Node 20\.20\.2\)/);
    assert.match(text, /`npm run serve`/);
  });

  it('no binary on a recent Node: download it once (then the same checks again)', () => {
    assert.deepEqual(guard.assess({ ...machine, electron: missing }), { kind: 'download' });
  });

  it('no binary because downloads are switched off: say which variable', () => {
    const text = message(guard.assess({ ...machine, electron: missing, env: { DISPLAY: ':0', ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } }));
    assert.match(text, /ELECTRON_SKIP_BINARY_DOWNLOAD/);
    assert.match(text, /`npm run serve`/);
  });

  it('Electron not in node_modules at all: npm install', () => {
    assert.match(message(guard.assess({ ...machine, electron: null })), /`npm install`/);
  });

  it('Linux without a display: xvfb-run or npm run serve', () => {
    const text = message(guard.assess({ ...machine, env: {} }));
    assert.match(text, /no display/);
    assert.match(text, /`xvfb-run npm start`/);
    assert.deepEqual(guard.assess({ ...machine, env: { WAYLAND_DISPLAY: 'wayland-0' } }), { kind: 'ok' });
    assert.deepEqual(guard.assess({ ...machine, env: {}, platform: 'darwin' }), { kind: 'ok' });
  });

  it('packaging needs the binary already installed, and no display', () => {
    assert.match(message(guard.assess({ ...machine, electron: missing, mode: 'dist' })), /run `npm start` once with network access/);
    assert.deepEqual(guard.assess({ ...machine, env: {}, mode: 'dist' }), { kind: 'ok' });
  });
});

describe('`npm start` on this machine', () => {
  const here = guard.locateElectron(join(root, 'node_modules', 'electron'), process.env);
  const canStart = here?.installed === true && (process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY));

  it('fails before building, with one sentence and no stack trace', { skip: canStart ? 'Electron can start here: desktop-app.test.ts runs it' : false }, () => {
    // ELECTRON_SKIP_BINARY_DOWNLOAD keeps a machine with network access from downloading 100 MB in a test.
    const result = spawnSync('npm', ['start'], { cwd: root, encoding: 'utf8', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, timeout: 120_000 });
    assert.notEqual(result.status, 0);
    const sentences = result.stderr.split('\n').filter((line) => line.startsWith('arbiter: '));
    assert.equal(sentences.length, 1, result.stderr);
    assert.match(sentences[0]!, /`npm run serve`/);
    assert.doesNotMatch(`${result.stdout}\n${result.stderr}`, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
    assert.doesNotMatch(result.stdout, /vite|build:electron/, 'nothing was built first');
  });
});

describe('what `npm start` runs before Electron: the build', () => {
  it('bundles the main process, the preload and the llama worker, with electron left to the runtime', async () => {
    const outDir = join(temp, 'dist-electron');
    const { buildElectron } = (await import(pathToFileURL(join(root, 'scripts', 'build-electron.js')).href)) as {
      buildElectron(outDir: string): Promise<{ main: string; preload: string; worker: string }>;
    };
    const files = await buildElectron(outDir);
    for (const file of Object.values(files)) assert.ok(existsSync(file) && statSync(file).size > 1000, file);
    assert.match(readFileSync(files.main, 'utf8'), /from ["']electron["']/);
    assert.match(readFileSync(files.preload, 'utf8'), /require\(["']electron["']\)/);
  });
});
