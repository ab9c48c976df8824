import type { AnyEventListener, Backend, Logger, WorkspaceSwitcher } from '../types.js';
import { buildDemoWorkspace } from '../demo/build-demo.js';

export interface WorkspaceHostOptions {
  /** The folder to open first. */
  dataDir: string;
  /** Where "Open your workspace" goes back to (usually the same as dataDir). */
  defaultDir: string;
  /** Where "Open the demo workspace" builds and opens the demo. */
  demoDir: string;
  /** Opens a backend on a folder with this transport's options (openWorkspace), handing it the switcher. */
  open(dataDir: string, workspaces: WorkspaceSwitcher): Promise<Backend>;
  logger: Logger;
}

/** A Backend for a transport that can switch the workspace under it. */
export interface WorkspaceHost extends Backend {
  readonly dataDir: string;
}

interface Entry {
  backend: Backend;
  dataDir: string;
  inFlight: number;
  retired: boolean;
  closed?: Promise<void>;
}

/**
 * The transports (HTTP server, Electron IPC) hold this one Backend; it forwards to the workspace
 * that is open now. Switching opens the new workspace first, then sends every new request to it,
 * and closes the old one once its requests in flight have answered (the request that asked for the
 * switch among them), so DuckDB's file is never used after close and never held by two backends.
 */
export async function openWorkspaceHost(options: WorkspaceHostOptions): Promise<WorkspaceHost> {
  const listeners = new Set<AnyEventListener>();
  const forward: AnyEventListener = (event, payload) => {
    for (const listener of listeners) listener(event, payload);
  };
  const retiring = new Set<Entry>();
  let switching: Promise<unknown> = Promise.resolve();

  const switcher: WorkspaceSwitcher = {
    defaultDir: options.defaultDir,
    demoDir: options.demoDir,
    openDemo: () =>
      serialize(async () => {
        if (current.dataDir === options.demoDir) return { dataDir: options.demoDir, built: false, seconds: 0 };
        const result = await buildDemoWorkspace({ dataDir: options.demoDir, open: (dir) => options.open(dir, switcher) });
        swap(result.backend, options.demoDir);
        return { dataDir: options.demoDir, built: result.built, seconds: Math.round(result.ms / 100) / 10 };
      }),
    openDefault: () =>
      serialize(async () => {
        if (current.dataDir !== options.defaultDir) swap(await options.open(options.defaultDir, switcher), options.defaultDir);
        return { dataDir: options.defaultDir };
      }),
  };

  let current: Entry = { backend: await options.open(options.dataDir, switcher), dataDir: options.dataDir, inFlight: 0, retired: false };
  let unsubscribe = current.backend.onEvent(forward);

  function serialize<T>(work: () => Promise<T>): Promise<T> {
    const next = switching.then(work, work);
    switching = next.catch(() => {});
    return next;
  }

  function swap(backend: Backend, dataDir: string): void {
    const old = current;
    unsubscribe();
    current = { backend, dataDir, inFlight: 0, retired: false };
    unsubscribe = backend.onEvent(forward);
    old.retired = true;
    retiring.add(old);
    closeWhenIdle(old);
    options.logger.info('switched workspace', { from: old.dataDir, to: dataDir });
  }

  function closeWhenIdle(entry: Entry): void {
    if (!entry.retired || entry.inFlight > 0 || entry.closed) return;
    entry.closed = entry.backend.close().then(
      () => void retiring.delete(entry),
      (error: unknown) => {
        retiring.delete(entry);
        options.logger.error('closing the previous workspace failed', { error: error instanceof Error ? error.message : String(error) });
      },
    );
  }

  return {
    get dataDir() {
      return current.dataDir;
    },
    dispatch: async (channel, input) => {
      const entry = current;
      entry.inFlight++;
      try {
        return await entry.backend.dispatch(channel, input);
      } finally {
        entry.inFlight--;
        closeWhenIdle(entry);
      }
    },
    onEvent: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close: async () => {
      await switching;
      unsubscribe();
      listeners.clear();
      const pending = [...retiring].map((entry) => (entry.closed ??= entry.backend.close()));
      await Promise.all([current.backend.close(), ...pending]);
    },
  };
}
