import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerHandle, WorkerLauncher } from './worker-launcher.js';

export interface ForkWorkerLauncherOptions {
  /** The worker's entry file; default: llama-worker.ts next to this file, or .js when built. */
  entry?: string;
  /** Node flags for the worker; default: `--import tsx` when the entry is TypeScript. */
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
}

/** Headless mode: the llama worker as a `child_process.fork` of Node. */
export function forkWorkerLauncher(options: ForkWorkerLauncherOptions = {}): WorkerLauncher {
  const entry = options.entry ?? defaultWorkerEntry();
  // A real file, never `node -e`: node-llama-cpp tests its binary by forking the current
  // process with the same execArgv, and the fork must be able to run the same entry.
  const execArgv = options.execArgv ?? (entry.endsWith('.ts') ? ['--import', 'tsx'] : []);
  return {
    start(): WorkerHandle {
      const child = fork(entry, [], {
        execArgv,
        env: options.env ?? process.env,
        // stdout and stderr are piped, not inherited: llama.cpp's output must not mix with the
        // backend's own (headless prints its URL there), and the host keeps the tail of it.
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        serialization: 'advanced',
      });
      const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
      let exited = false;
      const exit = (code: number | null, signal: string | null) => {
        if (exited) return;
        exited = true;
        for (const listener of exitListeners) listener(code, signal);
      };
      // 'close', not 'exit': it comes after stdout/stderr are drained, so the GGML_ASSERT line
      // printed just before an abort has arrived when the host reads why the worker died.
      child.once('close', exit);
      // A process that could not be spawned emits 'error' and never 'exit'.
      child.on('error', () => {
        if (child.pid === undefined || child.exitCode !== null) exit(child.exitCode, null);
      });
      return {
        pid: child.pid,
        send: (message) => {
          // A send racing the worker's death fails asynchronously; the exit handler reports it.
          if (child.connected) child.send(message, () => {});
        },
        onMessage: (listener) => void child.on('message', listener),
        onExit: (listener) => void exitListeners.push(listener),
        onOutput: (listener) => {
          child.stdout?.on('data', (chunk: Buffer) => listener(chunk.toString()));
          child.stderr?.on('data', (chunk: Buffer) => listener(chunk.toString()));
        },
        kill: () => void child.kill('SIGKILL'),
      };
    },
  };
}

export function defaultWorkerEntry(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  return fileURLToPath(new URL(fromSource ? './llama-worker.ts' : './llama-worker.js', import.meta.url));
}
