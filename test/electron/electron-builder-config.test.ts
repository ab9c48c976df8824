import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';

// electron-builder's own loader and schema check: the same ones `npm run dist` runs first.
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<Record<string, any>>;
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util/out/DebugLogger.js') as { DebugLogger: new (enabled: boolean) => unknown };

const root = resolve(import.meta.dirname, '..', '..');

describe('electron-builder.yml', () => {
  it('matches electron-builder’s schema', async () => {
    const config = await getConfig(root, resolve(root, 'electron-builder.yml'), null);
    await validateConfiguration(config, new DebugLogger(false));
  });

  it('ships the built app, unpacks the native modules, and targets every desktop', async () => {
    const config = await getConfig(root, resolve(root, 'electron-builder.yml'), null);
    assert.equal(config.productName, 'Arbiter');
    assert.equal(config.directories.output, 'release');
    // getConfig normalizes `files` to [{ filter: [...] }].
    const files = (config.files as { filter?: string[] }[]).flatMap((entry) => entry.filter ?? []);
    for (const pattern of ['dist/renderer/**/*', 'dist-electron/**/*', 'package.json']) assert.ok(files.includes(pattern), pattern);
    for (const pattern of ['node_modules/@duckdb/node-bindings*/**', 'node_modules/@node-llama-cpp/**']) assert.ok(config.asarUnpack.includes(pattern), pattern);
    assert.ok(config.asarUnpack.some((pattern: string) => pattern.startsWith('node_modules/node-llama-cpp/')));
    assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
    assert.deepEqual(config.mac.target, [{ target: 'dmg', arch: ['arm64', 'x64'] }]);
    assert.equal(config.win.target[0].target, 'nsis');
    assert.equal(config.electronFuses.runAsNode, false);
  });
});
