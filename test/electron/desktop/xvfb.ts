import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface VirtualDisplay {
  /** For DISPLAY, e.g. ":99". */
  display: string;
  stop(): Promise<void>;
}

export function xvfbInstalled(): boolean {
  return spawnSync('sh', ['-c', 'command -v Xvfb'], { stdio: 'ignore' }).status === 0;
}

/**
 * Starts Xvfb on the first free display number from 99 and waits until its socket accepts
 * clients, so a window can open on a machine without a screen (CI, a container).
 */
export async function startXvfb(options: { width?: number; height?: number } = {}): Promise<VirtualDisplay> {
  const { width = 1440, height = 900 } = options;
  for (let number = 99; number < 130; number++) {
    // A lock file or socket means someone else has this display.
    if (existsSync(`/tmp/.X${number}-lock`) || existsSync(`/tmp/.X11-unix/X${number}`)) continue;
    const child = spawn('Xvfb', [`:${number}`, '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    if (await ready(child, `/tmp/.X11-unix/X${number}`)) {
      return { display: `:${number}`, stop: () => stop(child) };
    }
    await stop(child);
    if (!/already active|Server is already active|cannot establish any listening sockets/i.test(stderr)) {
      throw new Error(`Xvfb did not start on :${number}: ${stderr.trim() || 'no output'}`);
    }
  }
  throw new Error('No free X display between :99 and :129.');
}

async function ready(child: ChildProcess, socket: string): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    if (existsSync(socket)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
