import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The promptfoo line the issue measured against; installed only when the benchmark runs. */
export const promptfooSpec = 'promptfoo@0.121';

export type PromptfooInstall = { ok: true; bin: string; version: string; installedNow: boolean; installMs: number } | { ok: false; reason: string };

/**
 * promptfoo (~1.4 GB with its dependencies) goes into a folder of its own with its own
 * package.json, never into the app's dependencies; a finished install is reused.
 */
export async function ensurePromptfoo(folder: string): Promise<PromptfooInstall> {
  const bin = join(folder, 'node_modules', '.bin', process.platform === 'win32' ? 'promptfoo.cmd' : 'promptfoo');
  const installed = () => installedVersion(folder);
  const before = installed();
  if (before?.startsWith('0.121.') && existsSync(bin)) return { ok: true, bin, version: before, installedNow: false, installMs: 0 };

  mkdirSync(folder, { recursive: true });
  const manifest = join(folder, 'package.json');
  if (!existsSync(manifest)) {
    writeFileSync(manifest, `${JSON.stringify({ name: 'arbiter-bench-promptfoo', private: true, description: 'promptfoo for test/bench/remote-throughput.bench.ts only' }, null, 2)}\n`);
  }
  const started = performance.now();
  const outcome = await runNpm(['install', '--no-audit', '--no-fund', '--loglevel=error', promptfooSpec], folder);
  const installMs = performance.now() - started;
  const after = installed();
  if (outcome.code !== 0 || !after || !existsSync(bin)) {
    const tail = outcome.output.trim().split('\n').slice(-8).join('\n');
    return { ok: false, reason: `npm install ${promptfooSpec} failed (exit ${outcome.code}): ${tail || 'no output'}` };
  }
  return { ok: true, bin, version: after, installedNow: true, installMs };
}

function installedVersion(folder: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(join(folder, 'node_modules', 'promptfoo', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version;
  } catch {
    return undefined;
  }
}

function runNpm(args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => resolve({ code: null, output: `${output}\n${error.message}` }));
    child.on('close', (code) => resolve({ code, output }));
  });
}
