#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createBackend } from '../services/bootstrap.js';
import { defaultUserDataDir, workspaceDirIn } from '../services/workspace-paths.js';
import { createAccessToken } from './access-token.js';
import { confPreferences } from './conf-preferences.js';
import { startHeadlessServer } from './headless-server.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const usage = `Usage: arbiter <command> [options]

Commands:
  serve     Serve the app and its API on 127.0.0.1 and print a URL to open in a browser.

Options for serve:
  --data-dir <dir>   Workspace folder (default: ${workspaceDirIn(defaultUserDataDir())})
  --port <n>         Port (default: 0 = any free port)
  --host <address>   Listen on another address than 127.0.0.1. Anyone who can reach it and
                     has the token controls the workspace: use only on a trusted network.
  --static-dir <dir> The built renderer (default: dist/renderer)
  --help             Show this help
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'static-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(usage);
    return command || values.help ? 0 : 2;
  }
  if (command !== 'serve') {
    process.stderr.write(`Unknown command “${command}”.\n\n${usage}`);
    return 2;
  }

  const dataDir = resolve(values['data-dir'] ?? workspaceDirIn(defaultUserDataDir()));
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a number from 0 to 65535, not “${values.port}”.\n`);
    return 2;
  }
  const host = values.host ?? '127.0.0.1';
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    process.stderr.write(
      `WARNING: listening on ${host}. Anyone who can reach this address and has the token can read and change this workspace.\n`,
    );
  }

  const backend = await createBackend({
    dataDir,
    transport: 'http',
    preferences: confPreferences(dataDir),
    appVersion: packageVersion(),
  });
  const server = await startHeadlessServer({
    backend,
    token: createAccessToken(),
    staticDir: resolve(values['static-dir'] ?? join(repoRoot, 'dist', 'renderer')),
    host,
    port,
  });
  process.stdout.write(`Arbiter is running. Open this URL in a browser (it carries the access token):\n  ${server.url}\n`);
  process.stdout.write(`Workspace: ${dataDir}\nPress Ctrl+C to stop.\n`);

  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await backend.close();
  return 0;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`arbiter: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
