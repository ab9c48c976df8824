import type { Envelope } from '../../shared/errors.js';
import type { EventName, EventPayload } from '../../shared/contract/index.js';
import type { LocalInferenceHostOptions } from './local-inference/local-inference-host.js';
import type { WorkerLauncher } from './local-inference/worker-launcher.js';
import type { SecretStore } from './secrets/index.js';

export type AnyEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** What the transports get from the bootstrap: one dispatcher and one event stream. */
export interface Backend {
  /** Validates the input against the contract, runs the handler, validates the output. Never throws. */
  dispatch(channel: string, input: unknown): Promise<Envelope<unknown>>;
  /** Every contract event, for a transport to forward. Returns an unsubscribe. */
  onEvent(listener: AnyEventListener): () => void;
  close(): Promise<void>;
}

/** Where preferences live: electron-store on the desktop, conf in headless mode. */
export interface PreferencesStorage {
  read(): unknown;
  write(value: unknown): void;
}

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface BackendOptions {
  /** The workspace folder: holds the DuckDB file. */
  dataDir: string;
  transport: 'ipc' | 'http';
  preferences: PreferencesStorage;
  logger?: Logger;
  appVersion?: string;
  /** API keys: the keychain on the desktop; default: environment variables (headless). */
  secrets?: SecretStore;
  /** How the local inference process starts: utilityProcess on the desktop; default: child_process.fork. */
  workerLauncher?: WorkerLauncher;
  /** Tuning for local inference (tests: CPU only, a small memory budget). */
  localInference?: Omit<LocalInferenceHostOptions, 'launcher' | 'logger'>;
  /** Lets the workspace.* methods switch the transport to another workspace (serve and the desktop app); absent: they cannot. */
  workspaces?: WorkspaceSwitcher;
}

/** What a transport that can change workspaces offers its backend (electron/services/workspace/workspace-host.ts). */
export interface WorkspaceSwitcher {
  /** The workspace the app opened first. */
  readonly defaultDir: string;
  /** Where the demo workspace is built and opened. */
  readonly demoDir: string;
  /** Builds the demo if it is not there yet, then makes it the open workspace. */
  openDemo(): Promise<{ dataDir: string; built: boolean; seconds: number }>;
  openDefault(): Promise<{ dataDir: string }>;
}
