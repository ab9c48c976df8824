import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { build, type BuildOptions } from 'esbuild';

/** Where test bundles go: inside the repo, so the bundles' external imports resolve from node_modules. */
const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

export function bundleDir(name: string): { dir: string; remove(): void } {
  const dir = join(repoRoot, 'test-output', `${name}-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

interface BuildScript {
  mainBuildOptions(outDir: string): BuildOptions & { external: string[]; outfile: string };
  preloadBuildOptions(outDir: string): BuildOptions & { outfile: string };
}

/** The production build options from scripts/build-electron.js (plain JS, so typed here by hand). */
export async function buildScript(): Promise<BuildScript> {
  const specifier = pathToFileURL(join(repoRoot, 'scripts', 'build-electron.js')).href;
  return (await import(specifier)) as BuildScript;
}

/** Builds the real preload bundle, exactly as `npm run build:electron` does, into `outDir`. */
export async function buildPreload(outDir: string): Promise<string> {
  const options = (await buildScript()).preloadBuildOptions(outDir);
  await build(options);
  return options.outfile;
}

/**
 * Runs a built preload.cjs the way Electron's sandbox does: a CommonJS wrapper whose `require`
 * knows only `electron` (here, a stub). It runs in a fresh V8 context, so a bundle that reaches
 * for Node (process, Buffer, a built-in module) fails here as it would in the sandbox.
 */
export function runPreload(file: string, electron: unknown): { required: string[] } {
  const required: string[] = [];
  const module = { exports: {} as unknown };
  const context = vm.createContext({ console, module, exports: module.exports });
  const wrapper = vm.runInContext(`(function (require, module, exports) {${readFileSync(file, 'utf8')}\n})`, context, { filename: file }) as (
    require: (name: string) => unknown,
    module: unknown,
    exports: unknown,
  ) => void;
  wrapper(
    (name) => {
      required.push(name);
      if (name === 'electron') return electron;
      throw new Error(`A sandboxed preload cannot require “${name}”.`);
    },
    module,
    module.exports,
  );
  return { required };
}
