import type { HostMessage } from './worker-protocol.js';

/**
 * A running worker process, whatever started it: `child_process.fork` in headless mode
 * (forkWorkerLauncher), Electron's `utilityProcess` in the desktop app (electron/main provides
 * that launcher). Kept free of Electron types so the host runs in plain Node.
 */
export interface WorkerHandle {
  readonly pid: number | undefined;
  send(message: HostMessage): void;
  /** Every message the worker sends, unparsed: the host validates it. */
  onMessage(listener: (message: unknown) => void): void;
  /** Once, when the process is gone: an exit code, or the signal that killed it (e.g. SIGABRT). */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** The worker's stdout and stderr text, where llama.cpp prints a GGML_ASSERT before it aborts. */
  onOutput(listener: (text: string) => void): void;
  kill(): void;
}

export interface WorkerLauncher {
  start(): WorkerHandle;
}
