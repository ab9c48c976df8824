import { getLlama, InsufficientMemoryError, LlamaLogLevel, type ChatWrapper, type Llama, type LlamaContext, type LlamaModel } from 'node-llama-cpp';
import type { SamplingParams } from '../../../shared/contract/generation.js';
import type { LocalSettings } from '../../../shared/contract/models.js';
import type { ChatMessage } from '../../../shared/contract/prompts.js';
import { estimateMemoryUsage } from '../models/gguf/estimate-memory.js';
import { GgufReadError } from '../models/gguf/gguf-read-error.js';
import { inspectGguf } from '../models/gguf/inspect-gguf.js';
import { ChatTemplateError, pickChatWrapper } from './chat-wrapper.js';
import { SequencePool } from './sequence-pool.js';
import { generateOnSequence, PromptTooLongError } from './worker-generation.js';
import type { LoadedModelInfo, MemoryState, ReplyValue, WorkerError, WorkerInit, WorkerLoadPlan, WorkerRuntime, WorkerGeneration } from './worker-protocol.js';

/** A failure the worker reports as data; anything else thrown is reported as UNKNOWN. */
export class WorkerFailure extends Error {
  constructor(
    readonly code: WorkerError['code'],
    message: string,
  ) {
    super(message);
  }
}

interface LoadedModel {
  model: LlamaModel;
  context: LlamaContext;
  pool: SequencePool;
  chatWrapper: ChatWrapper;
  contextSize: number;
}

type Log = (level: 'info' | 'warn' | 'error', message: string) => void;

/** Everything llama.cpp does in the worker process: one Llama, the loaded models, their contexts. */
export class LlamaRuntime {
  private readonly models = new Map<string, LoadedModel>();
  /** llama.cpp's recent warnings and errors: a failed load explains itself only there. */
  private readonly recentLogs: { serial: number; text: string }[] = [];
  private logSerial = 0;

  private constructor(private readonly llama: Llama) {}

  static async start(init: WorkerInit, log: Log): Promise<LlamaRuntime> {
    let runtime: LlamaRuntime | undefined;
    const llama = await getLlama({
      gpu: init.gpu,
      // The app never compiles llama.cpp or downloads its source at run time: prebuilt binaries only.
      build: 'never',
      skipDownload: true,
      progressLogs: false,
      maxThreads: init.maxThreads,
      logLevel: LlamaLogLevel.warn,
      logger: (level, message) => {
        const text = message.trim();
        if (text === '') return;
        runtime?.remember(text);
        log(level === LlamaLogLevel.warn ? 'warn' : level === LlamaLogLevel.info ? 'info' : 'error', text);
      },
    });
    runtime = new LlamaRuntime(llama);
    return runtime;
  }

  private remember(text: string): void {
    this.recentLogs.push({ serial: ++this.logSerial, text });
    if (this.recentLogs.length > 50) this.recentLogs.shift();
  }

  async runtime(): Promise<WorkerRuntime> {
    const gpu = this.llama.gpu;
    const names = gpu === false ? [] : await this.llama.getGpuDeviceNames().catch(() => []);
    return { backend: gpu === false ? 'cpu' : gpu, gpuName: names[0] ?? null, ...(await this.memory()) };
  }

  async memory(): Promise<MemoryState> {
    const ram = await this.llama.getRamState();
    const vram = this.llama.gpu === false ? null : await this.llama.getVramState();
    return { ramTotalBytes: ram.total, ramFreeBytes: ram.free, gpuTotalBytes: vram?.total ?? null, gpuFreeBytes: vram?.free ?? null };
  }

  async estimate(path: string, settings: LocalSettings, sequences: number): Promise<ReplyValue<'estimate'>> {
    return { estimate: await estimateMemoryUsage(path, settings, { llama: this.llama, sequences }) };
  }

  async load(request: { modelId: string; path: string; plan: WorkerLoadPlan; chatTemplateOverride?: string; lora?: { path: string; scale: number } }): Promise<LoadedModelInfo> {
    await this.unload(request.modelId);
    const { plan } = request;
    try {
      // The header check first: llama.cpp says only "Failed to load model" for a cut-off file.
      await inspectGguf(request.path);
    } catch (error) {
      if (error instanceof GgufReadError) throw new WorkerFailure('MODEL_LOAD', error.message);
      throw error;
    }
    const logsBefore = this.logSerial;
    let model: LlamaModel;
    try {
      model = await this.llama.loadModel({ modelPath: request.path, gpuLayers: plan.gpuLayers });
    } catch (error) {
      throw this.loadFailure('llama.cpp could not load the file', error, logsBefore);
    }
    try {
      const context = await model.createContext({
        // The host caps this by the header's trained length when it knows it; the file has the final word.
        contextSize: model.trainContextSize > 0 ? Math.min(plan.contextSize, model.trainContextSize) : plan.contextSize,
        sequences: plan.sequences,
        threads: plan.threads,
        batchSize: plan.batchSize,
        // Asked for where the architecture supports it; elsewhere llama.cpp would refuse the context.
        flashAttention: plan.flashAttention && model.flashAttentionSupported,
        lora: request.lora ? { adapters: [{ filePath: request.lora.path, scale: request.lora.scale }] } : undefined,
      });
      let chatWrapper: ChatWrapper;
      try {
        chatWrapper = pickChatWrapper(model, request.chatTemplateOverride);
      } catch (error) {
        await context.dispose();
        throw error;
      }
      this.models.set(request.modelId, { model, context, pool: new SequencePool(context), chatWrapper, contextSize: context.contextSize });
      return {
        modelId: request.modelId,
        gpuLayers: model.gpuLayers,
        contextSize: context.contextSize,
        sequences: context.totalSequences,
        trainContextSize: model.trainContextSize ?? null,
        chatWrapper: chatWrapper.wrapperName,
        memory: { ramBytes: model.memoryUsage.ram, vramBytes: model.memoryUsage.vram },
      };
    } catch (error) {
      await model.dispose();
      if (error instanceof ChatTemplateError) throw new WorkerFailure('BAD_REQUEST', error.message);
      const what = request.lora ? `llama.cpp could not create a context with the LoRA adapter ${request.lora.path}` : 'llama.cpp could not create a context';
      throw this.loadFailure(what, error, logsBefore);
    }
  }

  private loadFailure(what: string, error: unknown, logsBefore: number): WorkerFailure {
    if (error instanceof InsufficientMemoryError) return new WorkerFailure('OUT_OF_MEMORY', `Not enough memory: ${error.message}`);
    const message = error instanceof Error ? error.message : String(error);
    // "Failed to load model" alone says nothing; llama.cpp logged the reason just before.
    const reasons = new Set(
      this.recentLogs
        .filter((line) => line.serial > logsBefore && /error|fail|invalid|not found|missing/i.test(line.text))
        .map((line) => line.text.replace(/^(\w+: )?(error loading model: )+/i, '').replace(/^\w+: /, ''))
        // node-llama-cpp's memory simulation logs the same failure once more, wrapped.
        .filter((text) => !/^failed to load model$/i.test(text) && !/^Failed simulating/i.test(text)),
    );
    const detail = reasons.size > 0 ? [...reasons].slice(-3).join('; ') : message;
    return new WorkerFailure(/out of memory|failed to allocate/i.test(detail) ? 'OUT_OF_MEMORY' : 'MODEL_LOAD', `${what}: ${detail}`);
  }

  async unload(modelId: string): Promise<boolean> {
    const loaded = this.models.get(modelId);
    if (!loaded) return false;
    this.models.delete(modelId);
    loaded.pool.close(new WorkerFailure('CANCELLED', 'The model was unloaded.'));
    await loaded.context.dispose();
    await loaded.model.dispose();
    return true;
  }

  async generate(modelId: string, messages: ChatMessage[], params: SamplingParams, signal: AbortSignal, onDelta: (text: string) => void): Promise<WorkerGeneration> {
    const loaded = this.loaded(modelId);
    let sequence;
    try {
      sequence = await loaded.pool.acquire(signal);
    } catch (error) {
      if (signal.aborted) return { output: '', finishReason: 'cancelled', inputTokens: 0, outputTokens: 0, tokensPerSecond: null };
      throw error;
    }
    try {
      return await generateOnSequence(loaded, sequence, messages, params, signal, onDelta);
    } catch (error) {
      if (error instanceof PromptTooLongError) throw new WorkerFailure('BAD_REQUEST', error.message);
      // The host unloaded the model under this generation (its settings changed, or it was removed).
      if (this.models.get(modelId) !== loaded) throw new WorkerFailure('CANCELLED', 'The model was unloaded during this generation.');
      throw error;
    } finally {
      loaded.pool.release(sequence);
    }
  }

  tokenize(modelId: string, text: string): number {
    return this.loaded(modelId).model.tokenize(text).length;
  }

  private loaded(modelId: string): LoadedModel {
    const loaded = this.models.get(modelId);
    if (!loaded) throw new WorkerFailure('MODEL_LOAD', `The model ${modelId} is not loaded in the worker.`);
    return loaded;
  }

  async dispose(): Promise<void> {
    for (const modelId of [...this.models.keys()]) await this.unload(modelId);
    await this.llama.dispose();
  }
}
