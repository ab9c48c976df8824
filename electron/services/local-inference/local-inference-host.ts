import { availableParallelism, freemem, totalmem } from 'node:os';
import type { GenerationRequest, GenerationResult } from '../../../shared/contract/generation.js';
import type { LocalSettings, RuntimeInfo } from '../../../shared/contract/models.js';
import { silentLogger } from '../logger.js';
import type { GenerateOptions } from '../providers/provider.js';
import type { Logger } from '../types.js';
import { loadPlan } from './load-plan.js';
import { asLocalInferenceError, failedResult, LocalInferenceError } from './local-inference-error.js';
import { physicalCoreCount } from './physical-cores.js';
import { WorkerConnection, type WorkerExit } from './worker-connection.js';
import type { WorkerLauncher } from './worker-launcher.js';
import type { LoadedModelInfo, ReplyValue, WorkerRuntime } from './worker-protocol.js';

/** What the host needs of a local model entry. */
export interface LocalModelSpec {
  id: string;
  name: string;
  path: string;
  settings: LocalSettings;
  /** From the GGUF header, when known: caps the context size (see loadPlan). */
  trainedContextLength?: number | null;
}

export interface MemoryBudget {
  ramBytes?: number;
  vramBytes?: number;
}

export interface LocalInferenceHostOptions {
  launcher: WorkerLauncher;
  /** 'auto' (default): the GPU when node-llama-cpp has a working binary for it; false: CPU only. */
  gpu?: 'auto' | false;
  /**
   * Memory local models may use in total. Without it the host asks the worker for free RAM and
   * VRAM before each load and keeps `reserveBytes` of RAM free.
   */
  memoryBudget?: MemoryBudget;
  reserveBytes?: number;
  /** Parallel generations per loaded model (context sequences). Default 1. */
  sequencesPerModel?: number;
  /** Default llama threads for a model without its own setting. Default: physical cores. */
  physicalCores?: number;
  logger?: Logger;
}

export type ModelState = 'idle' | 'loading' | 'loaded' | 'error';
export interface ModelStatus {
  state: ModelState;
  message: string | null;
}

interface ModelSlot {
  spec: LocalModelSpec;
  status: ModelStatus;
  loaded: { key: string; info: LoadedModelInfo; estimate: ReplyValue<'estimate'>['estimate'] } | null;
  loading: { key: string; promise: Promise<LoadedModelInfo> } | null;
  /** Settings (as a key) whose load killed the worker: not tried again until loaded by hand. */
  crashed: { key: string; message: string } | null;
  inFlight: number;
  lastUsedAt: number;
}

const DEFAULT_RESERVE_BYTES = 512 * 1024 * 1024;

/**
 * Runs local models in a worker process (started lazily, restarted after a crash) from the
 * backend process: loads models on demand, keeps them while used, unloads the least recently
 * used when memory runs short, and turns every failure, a dead worker included, into data.
 */
export class LocalInferenceHost {
  private connection: WorkerConnection | null = null;
  private starting: Promise<WorkerConnection> | null = null;
  private runtime: WorkerRuntime | null = null;
  private readonly slots = new Map<string, ModelSlot>();
  /** Loads and unloads run one at a time, so memory accounting sees a settled state. */
  private loadChain: Promise<unknown> = Promise.resolve();
  private readonly statusListeners = new Set<(modelId: string, status: ModelStatus) => void>();
  private closed = false;
  private readonly logger: Logger;
  readonly physicalCores: number;

  constructor(private readonly options: LocalInferenceHostOptions) {
    this.logger = options.logger ?? silentLogger;
    this.physicalCores = options.physicalCores ?? physicalCoreCount();
  }

  /** Generates with the model, loading it first if needed. Never throws: failures are `result.error`. */
  async generate(spec: LocalModelSpec, request: GenerationRequest, options: GenerateOptions = {}): Promise<GenerationResult> {
    const started = performance.now();
    const { signal, onDelta } = options;
    const cancelled = () => failedResult(new LocalInferenceError('CANCELLED', 'Stopped before any output.').toGenerationError(), performance.now() - started);
    if (signal?.aborted) return cancelled();
    const slot = this.slot(spec);
    slot.inFlight++;
    let stopListening = () => {};
    try {
      // A cancel during the load ends this request at once; the load itself goes on for the next one.
      const loaded = await raceAbort(this.ensureLoaded(slot), signal);
      if (loaded === ABORTED) return cancelled();
      slot.lastUsedAt = Date.now();
      const connection = this.connection;
      if (!connection) throw new LocalInferenceError('WORKER_CRASHED', 'The local model process is not running.');

      // Timed from the moment the worker is asked (load time is not part of a generation's latency).
      const sentAt = performance.now();
      let firstDeltaAt: number | null = null;
      let timedOut = false;
      let idleTimer: NodeJS.Timeout | undefined;
      const { id, reply } = connection.request('generate', { modelId: spec.id, messages: request.messages, params: request.params }, (text) => {
        firstDeltaAt ??= performance.now();
        idleTimer?.refresh();
        onDelta?.(text);
      });
      if (options.idleTimeoutMs !== undefined) {
        idleTimer = setTimeout(() => {
          timedOut = true;
          connection.cancel(id);
        }, options.idleTimeoutMs);
      }
      if (signal) {
        const onAbort = () => connection.cancel(id);
        signal.addEventListener('abort', onAbort, { once: true });
        stopListening = () => signal.removeEventListener('abort', onAbort);
      }
      let value: Awaited<typeof reply>;
      try {
        value = await reply;
      } finally {
        clearTimeout(idleTimer);
      }
      const firstAt: number | null = firstDeltaAt;
      const cancelledBy = value.finishReason !== 'cancelled' ? null : timedOut && !signal?.aborted ? 'timeout' : 'request';
      return {
        ...value,
        ...(cancelledBy === 'timeout' ? { finishReason: 'error' as const } : {}),
        latencyMs: performance.now() - sentAt,
        timeToFirstTokenMs: firstAt === null ? null : firstAt - sentAt,
        costUsd: null,
        error:
          cancelledBy === 'timeout'
            ? { code: 'TIMEOUT', message: `The model produced nothing for ${Math.round(options.idleTimeoutMs! / 100) / 10} s; the generation was stopped.`, retryable: true }
            : cancelledBy === 'request'
              ? new LocalInferenceError('CANCELLED', 'Stopped by request.').toGenerationError()
              : null,
      };
    } catch (error) {
      return failedResult(asLocalInferenceError(error).toGenerationError(), performance.now() - started);
    } finally {
      stopListening();
      slot.inFlight--;
      slot.lastUsedAt = Date.now();
    }
  }

  /** Loads the model now (a person asked to): also retries a model that crashed the worker before. */
  async load(spec: LocalModelSpec): Promise<LoadedModelInfo> {
    const slot = this.slot(spec);
    slot.crashed = null;
    return this.ensureLoaded(slot);
  }

  async unload(modelId: string): Promise<boolean> {
    const slot = this.slots.get(modelId);
    if (!slot) return false;
    return this.serialized(async () => {
      if (!slot.loaded) return false;
      await this.unloadNow(slot);
      return true;
    });
  }

  /** The number of tokens the model's tokenizer makes of the text (loads the model if needed). */
  async tokenize(spec: LocalModelSpec, text: string): Promise<number> {
    const slot = this.slot(spec);
    slot.inFlight++;
    try {
      await this.ensureLoaded(slot);
      const connection = await this.worker();
      return (await connection.request('tokenize', { modelId: spec.id, text }).reply).count;
    } finally {
      slot.inFlight--;
    }
  }

  /** Memory the model would need with its settings, estimated by the worker (which knows the GPU). */
  async estimate(spec: LocalModelSpec): Promise<ReplyValue<'estimate'>['estimate']> {
    const connection = await this.worker();
    return (await connection.request('estimate', { path: spec.path, settings: spec.settings, sequences: this.sequences }).reply).estimate;
  }

  status(modelId: string): ModelStatus {
    return this.slots.get(modelId)?.status ?? { state: 'idle', message: null };
  }

  onStatusChange(listener: (modelId: string, status: ModelStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Backend, GPU, memory and what is loaded. Starts the worker to ask, unless `start` is false. */
  async runtimeInfo(options: { start?: boolean } = {}): Promise<RuntimeInfo> {
    let memory: ReplyValue<'memory'> | null = null;
    if (options.start !== false || this.connection?.alive) {
      try {
        memory = await (await this.worker()).request('memory', {}).reply;
      } catch (error) {
        this.logger.warn('local inference: no runtime information from the worker', { error: asLocalInferenceError(error).message });
      }
    }
    const running = this.connection?.alive === true && this.runtime !== null;
    return {
      backend: running ? (this.runtime?.backend ?? 'unknown') : 'unknown',
      gpuName: running ? (this.runtime?.gpuName ?? null) : null,
      gpuTotalBytes: memory?.gpuTotalBytes ?? null,
      gpuFreeBytes: memory?.gpuFreeBytes ?? null,
      ramTotalBytes: memory?.ramTotalBytes ?? totalmem(),
      ramFreeBytes: memory?.ramFreeBytes ?? freemem(),
      physicalCores: this.physicalCores,
      workerRunning: running,
      loaded: [...this.slots.values()]
        .filter((slot) => slot.loaded !== null)
        .sort((a, b) => b.lastUsedAt - a.lastUsedAt)
        .map((slot) => ({ modelId: slot.spec.id, name: slot.spec.name, lastUsedAt: new Date(slot.lastUsedAt).toISOString() })),
    };
  }

  /** The worker's process id, while one runs (for tests and diagnostics). */
  get workerPid(): number | undefined {
    return this.connection?.alive ? this.connection.pid : undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    const connection = this.connection ?? (await this.starting?.catch(() => null)) ?? null;
    this.connection = null;
    await connection?.stop();
  }

  private get sequences(): number {
    return this.options.sequencesPerModel ?? 1;
  }

  private slot(spec: LocalModelSpec): ModelSlot {
    let slot = this.slots.get(spec.id);
    if (!slot) {
      slot = { spec, status: { state: 'idle', message: null }, loaded: null, loading: null, crashed: null, inFlight: 0, lastUsedAt: Date.now() };
      this.slots.set(spec.id, slot);
    }
    slot.spec = spec;
    return slot;
  }

  private keyOf(spec: LocalModelSpec): string {
    return JSON.stringify([spec.path, spec.settings]);
  }

  private setStatus(slot: ModelSlot, state: ModelState, message: string | null = null): void {
    slot.status = { state, message };
    for (const listener of this.statusListeners) listener(slot.spec.id, slot.status);
  }

  private async worker(): Promise<WorkerConnection> {
    if (this.closed) throw new LocalInferenceError('CANCELLED', 'Local inference is shut down.');
    if (this.connection?.alive) {
      await this.connection.ready;
      return this.connection;
    }
    this.starting ??= this.startWorker().finally(() => (this.starting = null));
    return this.starting;
  }

  private async startWorker(): Promise<WorkerConnection> {
    const connection = new WorkerConnection(
      this.options.launcher,
      { gpu: this.options.gpu ?? 'auto', maxThreads: Math.max(1, availableParallelism()) },
      this.logger,
      (exit) => this.crashError(exit),
    );
    this.connection = connection;
    connection.onExit((exit, expected) => this.onWorkerExit(connection, exit, expected));
    this.runtime = await connection.ready;
    this.logger.info('local inference: worker ready', { pid: connection.pid, backend: this.runtime.backend });
    return connection;
  }

  private crashError(exit: WorkerExit): LocalInferenceError {
    const how = exit.signal ?? `exit code ${exit.code}`;
    const names = (slots: ModelSlot[]) => slots.map((slot) => `“${slot.spec.name}”`).join(', ');
    const loading = [...this.slots.values()].filter((slot) => slot.loading !== null);
    const generating = [...this.slots.values()].filter((slot) => slot.loaded !== null && slot.inFlight > 0);
    const activity = loading.length > 0 ? ` while loading ${names(loading)}` : generating.length > 0 ? ` while generating with ${names(generating)}` : '';
    const said = exit.reason ? ` llama.cpp said: ${exit.reason}.` : '';
    const hint = loading.length > 0 ? ' The file may be malformed or not supported by this llama.cpp.' : '';
    return new LocalInferenceError('WORKER_CRASHED', `The local model process stopped (${how})${activity}.${said}${hint} It restarts on the next request.`);
  }

  private onWorkerExit(connection: WorkerConnection, exit: WorkerExit, expected: boolean): void {
    if (this.connection === connection) {
      this.connection = null;
      this.runtime = null;
    }
    if (!expected) this.logger.error('local inference: worker stopped', { code: exit.code, signal: exit.signal, reason: exit.reason });
    const crash = expected ? null : this.crashError(exit).message;
    // A load in progress is the likely culprit (llama.cpp aborts on malformed files); without
    // one, the models that were generating are marked, but they are not blocked.
    const anyLoading = [...this.slots.values()].some((slot) => slot.loading !== null);
    for (const slot of this.slots.values()) {
      const wasLoaded = slot.loaded !== null;
      slot.loaded = null;
      if (crash && slot.loading) {
        slot.crashed = { key: slot.loading.key, message: crash };
        this.setStatus(slot, 'error', crash);
      } else if (crash && !anyLoading && wasLoaded && slot.inFlight > 0) {
        this.setStatus(slot, 'error', crash);
      } else if (wasLoaded) {
        this.setStatus(slot, 'idle');
      }
    }
  }

  private ensureLoaded(slot: ModelSlot): Promise<LoadedModelInfo> {
    const key = this.keyOf(slot.spec);
    if (slot.crashed?.key === key) {
      return Promise.reject(
        new LocalInferenceError('MODEL_LOAD', `“${slot.spec.name}” is not loaded again automatically: ${slot.crashed.message} Load it by hand to try again.`),
      );
    }
    if (slot.loaded?.key === key && this.connection?.alive) return Promise.resolve(slot.loaded.info);
    if (slot.loading?.key === key) return slot.loading.promise;
    const promise = this.serialized(() => this.loadNow(slot, key));
    const loading = { key, promise };
    slot.loading = loading;
    promise.then(
      () => {
        if (slot.loading === loading) slot.loading = null;
      },
      (error: unknown) => {
        if (slot.loading === loading) slot.loading = null;
        if (!slot.crashed || slot.crashed.key !== key) this.setStatus(slot, 'error', asLocalInferenceError(error).message);
      },
    );
    return promise;
  }

  private async loadNow(slot: ModelSlot, key: string): Promise<LoadedModelInfo> {
    if (slot.loaded?.key === key && this.connection?.alive) return slot.loaded.info;
    const connection = await this.worker();
    if (slot.loaded) await this.unloadNow(slot); // its settings changed
    this.setStatus(slot, 'loading');
    const { spec } = slot;
    const { estimate } = await connection.request('estimate', { path: spec.path, settings: spec.settings, sequences: this.sequences }).reply;
    await this.makeRoom(connection, slot, estimate);
    const plan = { ...loadPlan(spec.settings, { trainedContextLength: spec.trainedContextLength ?? null }, this.physicalCores), sequences: this.sequences };
    const info = await connection
      .request('load', {
        modelId: spec.id,
        path: spec.path,
        plan,
        chatTemplateOverride: spec.settings.chatTemplateOverride,
        lora: spec.settings.lora,
      })
      .reply.catch((error: unknown) => {
        const failure = asLocalInferenceError(error);
        if (failure.code === 'WORKER_CRASHED') throw failure;
        throw new LocalInferenceError(failure.code, `Could not load “${spec.name}”: ${failure.message}`);
      });
    slot.loaded = { key, info, estimate };
    slot.lastUsedAt = Date.now();
    this.setStatus(slot, 'loaded');
    return info;
  }

  /** Unloads idle models, least recently used first, until the estimate fits (or none is left). */
  private async makeRoom(connection: WorkerConnection, slot: ModelSlot, estimate: ReplyValue<'estimate'>['estimate']): Promise<void> {
    if (!estimate) return;
    for (;;) {
      const available = await this.availableMemory(connection);
      if (estimate.ramBytes <= available.ramBytes && estimate.vramBytes <= available.vramBytes) return;
      const victim = [...this.slots.values()]
        .filter((other) => other !== slot && other.loaded !== null && other.inFlight === 0)
        .sort((a, b) => a.lastUsedAt - b.lastUsedAt)[0];
      if (!victim) {
        // Nothing idle to unload: try anyway; mmap and the estimate's margin often make it fit,
        // and when they do not, llama.cpp fails the load with an error we report.
        this.logger.warn('local inference: loading beyond the memory available', { model: slot.spec.name, estimate, available });
        return;
      }
      this.logger.info('local inference: unloading the least recently used model to make room', { unloaded: victim.spec.name, for: slot.spec.name });
      await this.unloadNow(victim);
    }
  }

  private async availableMemory(connection: WorkerConnection): Promise<{ ramBytes: number; vramBytes: number }> {
    const budget = this.options.memoryBudget;
    if (budget) {
      let ram = 0;
      let vram = 0;
      for (const slot of this.slots.values()) {
        if (!slot.loaded) continue;
        ram += slot.loaded.estimate?.ramBytes ?? slot.loaded.info.memory.ramBytes;
        vram += slot.loaded.estimate?.vramBytes ?? slot.loaded.info.memory.vramBytes;
      }
      return { ramBytes: (budget.ramBytes ?? Infinity) - ram, vramBytes: (budget.vramBytes ?? Infinity) - vram };
    }
    const memory = await connection.request('memory', {}).reply;
    return {
      ramBytes: memory.ramFreeBytes - (this.options.reserveBytes ?? DEFAULT_RESERVE_BYTES),
      vramBytes: memory.gpuFreeBytes ?? Infinity,
    };
  }

  private async unloadNow(slot: ModelSlot): Promise<void> {
    const connection = this.connection;
    slot.loaded = null;
    if (connection?.alive) await connection.request('unload', { modelId: slot.spec.id }).reply;
    this.setStatus(slot, 'idle');
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.loadChain.then(work, work);
    this.loadChain = run.catch(() => {});
    return run;
  }
}

const ABORTED = Symbol('aborted');

/** The promise's value, or ABORTED as soon as the signal fires (the promise itself runs on). */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T | typeof ABORTED> {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
