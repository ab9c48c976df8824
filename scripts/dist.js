// `npm run dist`: installers for this machine's OS and architecture, in release/ (electron-builder.yml).
// It packages the Electron binary `npm start` installed (node_modules/electron/dist) instead of
// downloading another copy, so only electron-builder's own tools (AppImage, fpm for .deb, NSIS)
// still come from the network, once, into its cache. Extra arguments go to electron-builder,
// e.g. `npm run dist -- --linux deb` or `npm run dist -- --dir` (unpacked, no installer).
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { locateElectron } from './start-guard.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shell = process.platform === 'win32';

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.execPath, [join(root, 'scripts', 'start-guard.js'), '--dist']);
run('npm', ['run', 'build']);
const electron = locateElectron(join(root, 'node_modules', 'electron'), process.env);
run('npx', ['electron-builder', '--config', 'electron-builder.yml', `--${process.arch}`, `-c.electronDist=${electron.distDir}`, ...process.argv.slice(2)]);
