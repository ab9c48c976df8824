#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { consoleLogger } from '../services/logger.js';
import { openWorkspace } from '../services/workspace/open-workspace.js';
import { openWorkspaceHost } from '../services/workspace/workspace-host.js';
import { defaultUserDataDir, demoWorkspaceDirIn, workspaceDirIn } from '../services/workspace-paths.js';
import { createAccessToken } from './access-token.js';
import { confPreferences } from './conf-preferences.js';
import { demoCommand } from './demo-command.js';
import { exportCommand } from './export-command.js';
import { startHeadlessServer } from './headless-server.js';
import { runCommand } from './run-command.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const defaultDataDir = workspaceDirIn(defaultUserDataDir());
const defaultDemoDir = demoWorkspaceDirIn(defaultUserDataDir());

const usage = `Usage: arbiter <command> [options]

Commands:
  serve                 Serve the app and its API on 127.0.0.1 and print a URL to open in a browser.
  run <experiment.yaml> Run an experiment described in a file, headless, into the workspace; print
                        progress and a summary table. The file format, with comments:
                        test/fixtures/experiments/example.yaml
  export                Write labeled preferences as training data (TRL, OpenAI DPO, HH, rankings,
                        KTO, SFT), or an annotation bundle; \`arbiter export --help\` for its options.
  import-bundle <dir>   Import an annotation bundle into the workspace.
  demo                  Build the demo workspace in a folder of its own (tiny local models, a demo
                        server Arbiter runs itself, prompts, a dataset, a finished experiment, half-labeled
                        comparisons; nothing is downloaded), then serve it like \`serve\`.

Options for all:
  --data-dir <dir>   Workspace folder (default: ${defaultDataDir};
                     for demo: ${defaultDemoDir})
  --help             Show this help

Options for serve:
  --port <n>         Port (default: 0 = any free port)
  --host <address>   Listen on another address than 127.0.0.1. Anyone who can reach it and
                     has the token controls the workspace: use only on a trusted network.
  --static-dir <dir> The built renderer (default: dist/renderer)
  --demo-dir <dir>   Where the home screen's "Open the demo workspace" builds the demo
                     (default: ${defaultDemoDir})

Options for demo (and serve's options):
  --fresh            Build the demo again even if it is there.
  --build-only       Build it and exit, without serving.

Options for run:
  --json             Print one JSON object (experiment id, summary rows, generations) and
                     nothing else on stdout; progress stays on stderr.
  --fresh            Generate every cell again instead of reusing cached results.
  --gate <gate.yaml> A regression gate: pass rates, scores, cost and latency thresholds,
                     absolute or against a baseline experiment (test/fixtures/experiments/
                     gate.yaml); prints which checks and rows failed.
  Exit code: 0 every cell succeeded, 1 some cells failed or the run stopped short,
  2 the run could not start (usage, an invalid file, a workspace in use), 3 the gate
  failed, 130 cancelled with Ctrl+C (finished cells are kept and come from the cache next time).
  API keys come from environment variables only (see apiKeyEnv in the format).
`;

const serveOnly = ['port', 'host', 'static-dir', 'demo-dir'] as const;
const runOnly = ['json', 'fresh', 'gate'] as const;
const demoOnly = ['build-only'] as const;
/** What each command does not take. */
const notFor = { serve: [...runOnly, ...demoOnly], run: [...serveOnly, ...demoOnly], demo: ['json', 'demo-dir', 'gate'] } as const;

async function main(argv: string[]): Promise<number> {
  // export and import-bundle take options of their own (electron/headless/export-command.ts).
  if (argv[0] === 'export' || argv[0] === 'import-bundle') return exportCommand(argv, defaultDataDir, packageVersion(), process);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'static-dir': { type: 'string' },
        json: { type: 'boolean' },
        fresh: { type: 'boolean' },
        gate: { type: 'string' },
        'demo-dir': { type: 'string' },
        'build-only': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(usage);
    return command || values.help ? 0 : 2;
  }
  if (command !== 'serve' && command !== 'run' && command !== 'demo') {
    process.stderr.write(`Unknown command “${command}”.\n\n${usage}`);
    return 2;
  }
  const misplaced = notFor[command].filter((name) => values[name] !== undefined);
  if (misplaced.length > 0) {
    process.stderr.write(`--${misplaced[0]} is not an option of \`arbiter ${command}\`.\n\n${usage}`);
    return 2;
  }
  const dataDir = resolve(values['data-dir'] ?? (command === 'demo' ? defaultDemoDir : defaultDataDir));

  if (command === 'run') {
    const [file, ...extra] = positionals.slice(1);
    if (!file || extra.length > 0) {
      process.stderr.write(`${file ? `Unexpected argument “${extra[0]}”.` : 'Which experiment file? e.g. `arbiter run experiment.yaml`.'}\n\n${usage}`);
      return 2;
    }
    return runCommand(
      { file, dataDir, json: values.json === true, fresh: values.fresh === true, appVersion: packageVersion(), ...(values.gate ? { gate: values.gate } : {}) },
      { stdout: process.stdout, stderr: process.stderr, handleSignals: true },
    );
  }
  if (positionals.length > 1) {
    process.stderr.write(`Unexpected argument “${positionals[1]}”.\n\n${usage}`);
    return 2;
  }
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

  if (command === 'demo') {
    const built = await demoCommand({ dataDir, fresh: values.fresh === true, appVersion: packageVersion() }, { stderr: process.stderr });
    if (built !== 0 || values['build-only']) return built;
  }

  // The demo command serves the demo; its "Open your workspace" goes to the usual one.
  const backend = await openWorkspaceHost({
    dataDir,
    defaultDir: command === 'demo' ? defaultDataDir : dataDir,
    demoDir: command === 'demo' ? dataDir : resolve(values['demo-dir'] ?? defaultDemoDir),
    open: (folder, workspaces) => openWorkspace({ dataDir: folder, transport: 'http', preferences: confPreferences(folder), appVersion: packageVersion(), workspaces }),
    logger: consoleLogger,
  });
  const server = await startHeadlessServer({
    backend,
    token: createAccessToken(),
    staticDir: resolve(values['static-dir'] ?? process.env.ARBITER_RENDERER_DIR ?? join(repoRoot, 'dist', 'renderer')),
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
