import type { UtilityProcess } from 'electron';
import type { WorkerHandle, WorkerLauncher } from '../services/local-inference/worker-launcher.js';

type Fork = (modulePath: string, args: string[], options: { stdio: 'pipe'; serviceName: string }) => UtilityProcess;

/**
 * The desktop app's llama worker: an Electron utilityProcess (the fuses turn off run-as-node, so
 * child_process.fork of the app binary is not an option). Electron is injected for tests.
 */
export function utilityProcessLauncher(fork: Fork, workerEntry: string): WorkerLauncher {
  return {
    start(): WorkerHandle {
      const child = fork(workerEntry, [], { stdio: 'pipe', serviceName: 'Arbiter local models' });
      const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
      let exited = false;
      child.once('exit', (code) => {
        if (exited) return;
        exited = true;
        // utilityProcess reports no signal; a GGML_ASSERT abort shows as a non-zero code plus its output.
        for (const listener of exitListeners) listener(code, null);
      });
      return {
        get pid() {
          return child.pid;
        },
        send: (message) => {
          if (!exited) child.postMessage(message);
        },
        onMessage: (listener) => void child.on('message', listener),
        onExit: (listener) => void exitListeners.push(listener),
        onOutput: (listener) => {
          child.stdout?.on('data', (chunk: Buffer) => listener(chunk.toString()));
          child.stderr?.on('data', (chunk: Buffer) => listener(chunk.toString()));
        },
        kill: () => void child.kill(),
      };
    },
  };
}
