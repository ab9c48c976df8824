import type { Logger } from '../types.js';
import { LocalInferenceError } from './local-inference-error.js';
import type { WorkerHandle, WorkerLauncher } from './worker-launcher.js';
import {
  replyValueSchemas,
  workerMessageSchema,
  type HostRequest,
  type ReplyValue,
  type WorkerInit,
  type WorkerRuntime,
} from './worker-protocol.js';

type RequestType = keyof typeof replyValueSchemas;
type RequestBody<T extends RequestType> = Omit<Extract<HostRequest, { type: T }>, 'id' | 'type'>;

export interface WorkerExit {
  code: number | null;
  signal: string | null;
  /** The last thing llama.cpp printed that looks like a reason (e.g. "GGML_ASSERT(…) failed"). */
  reason: string | null;
}

interface Pending {
  type: RequestType;
  resolve: (value: unknown) => void;
  reject: (error: LocalInferenceError) => void;
  onDelta?: (text: string) => void;
}

const OUTPUT_TAIL_CHARS = 8_000;

/** One running worker process: numbered requests, their replies, streamed deltas, and its death. */
export class WorkerConnection {
  readonly ready: Promise<WorkerRuntime>;
  private readonly handle: WorkerHandle;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private outputTail = '';
  private exited = false;
  private isReady = false;
  private stopping = false;
  private readonly exitListeners: ((exit: WorkerExit, expected: boolean) => void)[] = [];

  constructor(
    launcher: WorkerLauncher,
    init: WorkerInit,
    private readonly logger: Logger,
    /** Turns the worker's death into the error every request still waiting receives. */
    private readonly crashError: (exit: WorkerExit) => LocalInferenceError,
  ) {
    this.handle = launcher.start();
    let markReady: (runtime: WorkerRuntime) => void = () => {};
    let failReady: (error: LocalInferenceError) => void = () => {};
    this.ready = new Promise<WorkerRuntime>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    this.ready.catch(() => {}); // callers that need it await it; an unused rejection is not a crash

    this.handle.onOutput((text) => {
      this.outputTail = (this.outputTail + text).slice(-OUTPUT_TAIL_CHARS);
    });
    this.handle.onMessage((raw) => {
      const parsed = workerMessageSchema.safeParse(raw);
      if (!parsed.success) {
        this.logger.warn('llama worker sent a malformed message', { issue: parsed.error.message });
        return;
      }
      const message = parsed.data;
      switch (message.type) {
        case 'ready':
          this.isReady = true;
          markReady(message.runtime);
          return;
        case 'fatal':
          failReady(new LocalInferenceError('MODEL_LOAD', message.message));
          this.handle.kill();
          return;
        case 'log':
          this.logger[message.level](`llama: ${message.message}`);
          return;
        case 'delta':
          this.pending.get(message.id)?.onDelta?.(message.text);
          return;
        case 'reply':
        case 'failure': {
          const pending = this.pending.get(message.id);
          if (!pending) return;
          this.pending.delete(message.id);
          if (message.type === 'failure') return pending.reject(new LocalInferenceError(message.error.code, message.error.message));
          const value = replyValueSchemas[pending.type].safeParse(message.value);
          if (value.success) pending.resolve(value.data);
          else pending.reject(new LocalInferenceError('UNKNOWN', `The llama worker answered ${pending.type} with an unexpected value: ${value.error.message}`));
          return;
        }
      }
    });
    this.handle.onExit((code, signal) => {
      this.exited = true;
      const exit: WorkerExit = { code, signal, reason: lastReason(this.outputTail) };
      const expected = this.stopping;
      const error = expected ? new LocalInferenceError('CANCELLED', 'The local model process was shut down.') : this.crashError(exit);
      failReady(error);
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
      for (const listener of this.exitListeners) listener(exit, expected);
    });
    this.handle.send({ type: 'init', options: init });
  }

  get alive(): boolean {
    return !this.exited;
  }

  get pid(): number | undefined {
    return this.handle.pid;
  }

  onExit(listener: (exit: WorkerExit, expected: boolean) => void): void {
    this.exitListeners.push(listener);
  }

  /** Sends a request once the worker is ready; the promise settles with its reply or the worker's death. */
  request<T extends RequestType>(type: T, body: RequestBody<T>, onDelta?: (text: string) => void): { id: number; reply: Promise<ReplyValue<T>> } {
    const id = this.nextId++;
    const message = { ...body, type, id } as HostRequest;
    const reply = new Promise<ReplyValue<T>>((resolve, reject) => {
      if (this.exited) return reject(new LocalInferenceError('WORKER_CRASHED', 'The local model process is not running.'));
      this.pending.set(id, { type, resolve: resolve as (value: unknown) => void, reject, onDelta });
      // Sent at once when the worker is up, so a cancel right after can never overtake it.
      if (this.isReady) return this.handle.send(message);
      this.ready.then(
        () => this.handle.send(message),
        () => {}, // the exit handler already rejected this request
      );
    });
    return { id, reply };
  }

  cancel(id: number): void {
    if (!this.exited && this.pending.has(id)) this.handle.send({ type: 'cancel', id });
  }

  /** Asks the worker to dispose llama.cpp and exit; kills it if it has not within the grace period. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.exited) return;
    this.stopping = true;
    const exited = new Promise<void>((resolve) => this.onExit(() => resolve()));
    this.handle.send({ type: 'shutdown' });
    const timer = setTimeout(() => this.handle.kill(), graceMs);
    await exited;
    clearTimeout(timer);
  }

  kill(): void {
    this.handle.kill();
  }
}

/** The line of the worker's output that best says why it died. */
function lastReason(output: string): string | null {
  const lines = output.split('\n').map((line) => line.trim()).filter(Boolean);
  const assert = lines.findLast((line) => line.includes('GGML_ASSERT'));
  if (assert) return assert.slice(assert.indexOf('GGML_ASSERT'));
  return lines.findLast((line) => /error|abort|terminate|fatal/i.test(line)) ?? null;
}
