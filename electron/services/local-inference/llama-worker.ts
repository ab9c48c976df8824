// Entry of the local-inference worker process. llama.cpp runs only here, never in the process
// that owns the database or the window: a malformed GGUF can abort its process outright
// (GGML_ASSERT), and then only this process dies. The host reports the crash and starts a new one.
import { connectToHost } from './worker-channel.js';
import { hostMessageSchema, type HostMessage, type HostRequest, type WorkerMessage } from './worker-protocol.js';
import { LlamaRuntime, WorkerFailure } from './worker-runtime.js';

const host = connectToHost();
const send = (message: WorkerMessage) => host.send(message);
const generations = new Map<number, AbortController>();
let runtime: Promise<LlamaRuntime> | undefined;
let shuttingDown = false;

host.onDisconnect(() => void shutdown(0));
host.onMessage((raw) => {
  const parsed = hostMessageSchema.safeParse(raw);
  if (!parsed.success) {
    send({ type: 'log', level: 'error', message: `llama-worker: ignored a malformed message: ${parsed.error.message}` });
    return;
  }
  void handle(parsed.data);
});

async function handle(message: HostMessage): Promise<void> {
  switch (message.type) {
    case 'init':
      if (!runtime) {
        runtime = start(message);
        runtime.catch(() => {}); // reported as 'fatal'; requests that await it get a failure
      }
      return;
    case 'shutdown':
      return shutdown(0);
    case 'cancel':
      generations.get(message.id)?.abort();
      return;
    default:
      return answer(message);
  }
}

async function start(message: Extract<HostMessage, { type: 'init' }>): Promise<LlamaRuntime> {
  try {
    const started = await LlamaRuntime.start(message.options, (level, text) => send({ type: 'log', level, message: text }));
    send({ type: 'ready', runtime: await started.runtime() });
    return started;
  } catch (error) {
    // The host kills the worker when it reads this; exiting here could lose the message.
    send({ type: 'fatal', message: `llama.cpp could not start: ${error instanceof Error ? error.message : String(error)}` });
    throw error;
  }
}

async function answer(request: Exclude<HostRequest, { type: 'cancel' }>): Promise<void> {
  try {
    if (!runtime) throw new WorkerFailure('UNKNOWN', 'The worker got a request before init.');
    const llama = await runtime;
    send({ type: 'reply', id: request.id, value: await perform(llama, request) });
  } catch (error) {
    const failure = error instanceof WorkerFailure ? error : new WorkerFailure('UNKNOWN', error instanceof Error ? error.message : String(error));
    send({ type: 'failure', id: request.id, error: { code: failure.code, message: failure.message } });
  }
}

async function perform(llama: LlamaRuntime, request: Exclude<HostRequest, { type: 'cancel' }>): Promise<unknown> {
  switch (request.type) {
    case 'load':
      return llama.load(request);
    case 'unload':
      return { unloaded: await llama.unload(request.modelId) };
    case 'tokenize':
      return { count: llama.tokenize(request.modelId, request.text) };
    case 'memory':
      return llama.memory();
    case 'estimate':
      return llama.estimate(request.path, request.settings, request.sequences);
    case 'generate': {
      const controller = new AbortController();
      generations.set(request.id, controller);
      try {
        return await llama.generate(request.modelId, request.messages, request.params, controller.signal, (text) =>
          send({ type: 'delta', id: request.id, text }),
        );
      } catch (error) {
        // Stopped before the first token (while the prompt was read): a cancel, not a failure.
        if (controller.signal.aborted) return { output: '', finishReason: 'cancelled', inputTokens: 0, outputTokens: 0, tokensPerSecond: null };
        throw error;
      } finally {
        generations.delete(request.id);
      }
    }
  }
}

async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const controller of generations.values()) controller.abort();
  try {
    const llama = await runtime?.catch(() => undefined);
    await llama?.dispose();
  } finally {
    process.exit(code);
  }
}
