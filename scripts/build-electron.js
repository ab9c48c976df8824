// `npm run build:electron`: bundles the Electron main process and the preload with esbuild.
//   dist-electron/main.js     ESM for Node (Electron 45 runs an ESM main); runtime dependencies
//                             stay external and ship in node_modules (native ones cannot be bundled).
//   dist-electron/preload.cjs one CommonJS file: a sandboxed preload can require only `electron`.
//   dist-electron/llama-worker.js the local-inference worker process.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// Electron 45 ships Node 22 and Chromium 140.
const nodeTarget = 'node22';
const chromeTarget = 'chrome140';

/** esbuild options for the main process (exported so tests build the same thing with a stub electron). */
export function mainBuildOptions(outDir = join(root, 'dist-electron')) {
  return {
    absWorkingDir: root,
    entryPoints: [join(root, 'electron/main/index.ts')],
    outfile: join(outDir, 'main.js'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: nodeTarget,
    sourcemap: true,
    external: ['electron', ...Object.keys(packageJson.dependencies ?? {}), '@duckdb/*', '@node-llama-cpp/*'],
    logLevel: 'warning',
  };
}

/** esbuild options for the preload: everything bundled (zod and the contract) except electron. */
export function preloadBuildOptions(outDir = join(root, 'dist-electron')) {
  return {
    absWorkingDir: root,
    entryPoints: [join(root, 'electron/preload/index.ts')],
    outfile: join(outDir, 'preload.cjs'),
    bundle: true,
    format: 'cjs',
    // 'browser' makes esbuild refuse Node built-ins, which a sandboxed preload does not have.
    platform: 'browser',
    target: chromeTarget,
    // zod is most of it; minified, every window load parses a third as much.
    minify: true,
    sourcemap: true,
    external: ['electron'],
    logLevel: 'warning',
  };
}

/** The local-inference worker (a utilityProcess on the desktop): node-llama-cpp stays external. */
export function workerBuildOptions(outDir = join(root, 'dist-electron')) {
  return { ...mainBuildOptions(outDir), entryPoints: [join(root, 'electron/services/local-inference/llama-worker.ts')], outfile: join(outDir, 'llama-worker.js') };
}

export async function buildElectron(outDir = join(root, 'dist-electron')) {
  await Promise.all([build(mainBuildOptions(outDir)), build(preloadBuildOptions(outDir)), build(workerBuildOptions(outDir))]);
  return { main: join(outDir, 'main.js'), preload: join(outDir, 'preload.cjs'), worker: join(outDir, 'llama-worker.js') };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const started = Date.now();
  buildElectron()
    .then((files) => console.log(`build:electron: ${Object.values(files).map((file) => file.slice(root.length + 1)).join(', ')} (${Date.now() - started} ms)`))
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
