// `npm start` and `npm run dist` run this first: it says in one sentence what to do when the desktop
// app cannot start here (Node too old, Electron's binary missing and not downloadable, no display),
// instead of a stack trace from deep inside Electron's installer. Plain JavaScript with no
// dependencies and no modern syntax, so it also runs on the old Node it has to refuse.
//
//   node scripts/start-guard.js          before `npm start`: may download Electron's binary once
//   node scripts/start-guard.js --dist   before `npm run dist`: the binary must be there already
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** "22.12.0" from ">=22.12.0", ">= 22.12", "^22.12.0"; null when the range is not a simple minimum. */
export function minimumOf(range) {
  const match = /^\s*(?:>=|\^|~)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(range || '');
  return match ? [Number(match[1]), Number(match[2] || 0), Number(match[3] || 0)] : null;
}

export function atLeast(version, minimum) {
  const parts = String(version).replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if ((parts[i] || 0) !== minimum[i]) return (parts[i] || 0) > minimum[i];
  }
  return true;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Where Electron's binary is (or would be), read the way `require('electron')` reads it but without
 * running it: requiring the package downloads the binary when it is missing.
 */
export function locateElectron(electronDir, env) {
  const pkg = readJson(join(electronDir, 'package.json'));
  if (!pkg) return null;
  const pathFile = join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || join(electronDir, 'dist');
  const binary = relative ? join(distDir, relative) : null;
  return { version: pkg.version, nodeRange: (pkg.engines && pkg.engines.node) || '', distDir, binary, installed: binary !== null && existsSync(binary) };
}

/**
 * What stands in the way of starting (or packaging) the desktop app here. Pure: everything it
 * looks at comes in `facts`, so tests can ask about any machine.
 *   ok: nothing; download: the binary is missing and this Node can fetch it; fail: one sentence.
 */
export function assess(facts) {
  const { nodeVersion, appNodeRange, electron, env, platform, mode } = facts;
  const serve = 'run Arbiter in your browser instead with `npm run serve`';
  const appMinimum = minimumOf(appNodeRange);
  if (appMinimum && !atLeast(nodeVersion, appMinimum)) {
    return {
      kind: 'fail',
      message: `Arbiter needs Node.js ${appMinimum.join('.')} or newer and this is Node ${nodeVersion}: install Node 22 (https://nodejs.org, or \`nvm install 22\`), run \`npm install\` again, then \`npm start\`.`,
    };
  }
  if (!electron) {
    return { kind: 'fail', message: `Electron is not installed in node_modules: run \`npm install\`, then \`npm start\` again, or ${serve}.` };
  }
  const electronMinimum = minimumOf(electron.nodeRange);
  const nodeTooOld = electronMinimum !== null && !atLeast(nodeVersion, electronMinimum);
  if (!electron.installed) {
    if (mode === 'dist') {
      return {
        kind: 'fail',
        message: `Packaging uses Electron ${electron.version}'s binary from node_modules and it is not installed: run \`npm start\` once with network access (it downloads the binary), then \`npm run dist\` again.`,
      };
    }
    if (nodeTooOld) {
      return {
        kind: 'fail',
        message: `Electron ${electron.version}'s binary is not installed, and its installer needs Node.js ${electronMinimum.join('.')} or newer (this is Node ${nodeVersion}): switch to Node 22 (\`nvm install 22\`) and run \`npm start\` again, or ${serve}.`,
      };
    }
    if (env.ELECTRON_SKIP_BINARY_DOWNLOAD && env.ELECTRON_SKIP_BINARY_DOWNLOAD !== '0') {
      return {
        kind: 'fail',
        message: `Electron ${electron.version}'s binary is not installed because ELECTRON_SKIP_BINARY_DOWNLOAD is set: unset it and run \`npm start\` again (it downloads about 100 MB once), or ${serve}.`,
      };
    }
    return { kind: 'download' };
  }
  if (mode !== 'dist' && platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return {
      kind: 'fail',
      message: `There is no display here ($DISPLAY and $WAYLAND_DISPLAY are empty), so Electron cannot open a window: start Arbiter from a desktop session, or under a virtual display with \`xvfb-run npm start\`, or ${serve}.`,
    };
  }
  return { kind: 'ok' };
}

/** Electron's own installer, quiet: its output is a stack trace when the network is missing. */
function download(electron) {
  process.stderr.write(`Downloading Electron ${electron.version} (once, about 100 MB)…\n`);
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], { encoding: 'utf8', timeout: 15 * 60 * 1000 });
  if (result.status === 0) return null;
  const output = `${result.stderr || ''}\n${result.stdout || ''}`;
  const reason =
    /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|fetch failed|network/i.test(output) || result.error
      ? 'the network is unreachable'
      : (/^\w*Error: (.+)$/m.exec(output) || [])[1] || `the installer exited with ${result.status}`;
  return `Electron ${electron.version}'s binary could not be downloaded (${reason}): run \`npm start\` again with network access (behind a proxy, set ELECTRON_GET_USE_PROXY=1 and HTTPS_PROXY), or run Arbiter in your browser instead with \`npm run serve\`.`;
}

function main() {
  const mode = process.argv.includes('--dist') ? 'dist' : 'start';
  const app = readJson(join(root, 'package.json')) || {};
  const electron = locateElectron(join(root, 'node_modules', 'electron'), process.env);
  const verdict = assess({
    nodeVersion: process.versions.node,
    appNodeRange: (app.engines && app.engines.node) || '',
    electron,
    env: process.env,
    platform: process.platform,
    mode,
  });
  let problem = verdict.kind === 'fail' ? verdict.message : null;
  if (verdict.kind === 'download') {
    problem = download(electron);
    // Downloaded: what else could stop the window (no display) is asked again.
    if (!problem) {
      const again = assess({ nodeVersion: process.versions.node, appNodeRange: '', electron: locateElectron(join(root, 'node_modules', 'electron'), process.env), env: process.env, platform: process.platform, mode });
      problem = again.kind === 'fail' ? again.message : null;
    }
  }
  if (problem) {
    process.stderr.write(`\narbiter: ${problem}\n\n`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
