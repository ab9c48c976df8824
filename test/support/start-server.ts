import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningServer {
  /** With the token: what a person opens. */
  url: string;
  baseUrl: string;
  token: string;
  dataDir: string;
  process: ChildProcess;
  /** Calls a contract method with the token, returning the parsed envelope and HTTP status. */
  call(channel: string, input?: unknown): Promise<{ status: number; body: any }>;
  /** SIGTERM and wait: a clean shutdown. */
  stop(): Promise<void>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
}

export function tempDataDir(prefix = 'arbiter-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Starts `arbiter serve` (or `arbiter demo`, which builds the demo workspace first) as its own
 * process, the way a user does, and waits for its URL.
 */
export async function startServer(
  options: { dataDir?: string; extraArgs?: string[]; env?: Record<string, string>; command?: 'serve' | 'demo'; startTimeoutMs?: number } = {},
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? tempDataDir();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/headless/cli.ts', options.command ?? 'serve', '--data-dir', dataDir, '--port', '0', ...(options.extraArgs ?? [])],
    // `env` adds to this process's environment, e.g. API keys, which headless mode reads from there.
    { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timeoutMs = options.startTimeoutMs ?? 30_000;
    const timer = setTimeout(() => reject(new Error(`arbiter ${options.command ?? 'serve'} did not start in ${timeoutMs / 1000} s.\n${stdout}\n${stderr}`)), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /(http:\/\/\S+\/\?token=\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`arbiter serve exited with ${code} before it started.\n${stdout}\n${stderr}`));
    });
  });
  const parsed = new URL(url);
  const token = parsed.searchParams.get('token') ?? '';
  const baseUrl = parsed.origin;

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    baseUrl,
    token,
    dataDir,
    process: child,
    async call(channel, input = {}) {
      const response = await fetch(`${baseUrl}/api/${channel}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      });
      return { status: response.status, body: await response.json() };
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
