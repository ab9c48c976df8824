// The messages between the backend process (host) and the llama worker process. Both sides parse
// what they receive with these schemas: the other end is a separate program that may be a
// different build, or may die halfway through a message.
import { z } from 'zod';
import { finishReasonSchema, generationErrorCodes, samplingParamsSchema } from '../../../shared/contract/generation.js';
import { chatMessageSchema, localSettingsSchema } from '../../../shared/contract/models.js';

const id = z.number().int().nonnegative();
const bytes = z.number().nonnegative();

export const workerLoadPlanSchema = z.object({
  gpuLayers: z.union([z.literal('auto'), z.number().int().min(0)]),
  contextSize: z.number().int().positive(),
  threads: z.number().int().positive(),
  batchSize: z.number().int().positive().optional(),
  flashAttention: z.boolean(),
  /** Parallel generations the context holds (each its own KV cache of contextSize tokens). */
  sequences: z.number().int().positive(),
});
export type WorkerLoadPlan = z.infer<typeof workerLoadPlanSchema>;

export const workerInitSchema = z.object({
  /** false: CPU only. 'auto': CUDA, Vulkan or Metal when a prebuilt binary works on this machine. */
  gpu: z.union([z.literal('auto'), z.literal(false)]),
  /** Threads all of the worker's models share at most (llama's thread splitter). */
  maxThreads: z.number().int().positive(),
});
export type WorkerInit = z.infer<typeof workerInitSchema>;

/** Host → worker. Requests carry an id; the worker answers each with one `reply` or `failure`. */
export const hostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('init'), options: workerInitSchema }),
  z.object({
    type: z.literal('load'),
    id,
    modelId: z.string(),
    path: z.string(),
    plan: workerLoadPlanSchema,
    chatTemplateOverride: z.string().optional(),
    lora: z.object({ path: z.string(), scale: z.number() }).optional(),
  }),
  z.object({ type: z.literal('unload'), id, modelId: z.string() }),
  z.object({
    type: z.literal('generate'),
    id,
    modelId: z.string(),
    messages: z.array(chatMessageSchema).min(1),
    params: samplingParamsSchema,
  }),
  /** Stops the generation with this id; it still ends with its reply (finishReason 'cancelled'). */
  z.object({ type: z.literal('cancel'), id }),
  z.object({ type: z.literal('tokenize'), id, modelId: z.string(), text: z.string() }),
  z.object({ type: z.literal('memory'), id }),
  z.object({ type: z.literal('estimate'), id, path: z.string(), settings: localSettingsSchema, sequences: z.number().int().positive() }),
  /** Dispose every model and exit 0. */
  z.object({ type: z.literal('shutdown') }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;
export type HostRequest = Extract<HostMessage, { id: number }>;
export type HostRequestType = HostRequest['type'];

export const memoryStateSchema = z.object({
  ramTotalBytes: bytes,
  ramFreeBytes: bytes,
  gpuTotalBytes: bytes.nullable(),
  gpuFreeBytes: bytes.nullable(),
});
export type MemoryState = z.infer<typeof memoryStateSchema>;

export const workerRuntimeSchema = memoryStateSchema.extend({
  backend: z.enum(['cuda', 'vulkan', 'metal', 'cpu']),
  gpuName: z.string().nullable(),
});
export type WorkerRuntime = z.infer<typeof workerRuntimeSchema>;

export const memoryEstimateSchema = z.object({
  ramBytes: bytes,
  vramBytes: bytes,
  totalBytes: bytes,
  gpuLayers: z.number().int().nonnegative(),
  contextSize: z.number().int().positive(),
});

export const loadedModelInfoSchema = z.object({
  modelId: z.string(),
  /** What llama.cpp really did with the plan: the layers it offloaded, the context it made. */
  gpuLayers: z.number().int().nonnegative(),
  contextSize: z.number().int().positive(),
  sequences: z.number().int().positive(),
  trainContextSize: z.number().nullable(),
  chatWrapper: z.string(),
  memory: z.object({ ramBytes: bytes, vramBytes: bytes }),
});
export type LoadedModelInfo = z.infer<typeof loadedModelInfoSchema>;

export const workerGenerationSchema = z.object({
  output: z.string(),
  finishReason: finishReasonSchema,
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  /** Output tokens per second after the first token, timed inside the worker (no IPC). */
  tokensPerSecond: z.number().nonnegative().nullable(),
});
export type WorkerGeneration = z.infer<typeof workerGenerationSchema>;

/** The value each request's reply carries when it succeeds. */
export const replyValueSchemas = {
  load: loadedModelInfoSchema,
  unload: z.object({ unloaded: z.boolean() }),
  generate: workerGenerationSchema,
  tokenize: z.object({ count: z.number().int().nonnegative() }),
  memory: memoryStateSchema,
  estimate: z.object({ estimate: memoryEstimateSchema.nullable() }),
} satisfies Record<Exclude<HostRequestType, 'cancel'>, z.ZodType>;
export type ReplyValue<T extends keyof typeof replyValueSchemas> = z.infer<(typeof replyValueSchemas)[T]>;

export const workerErrorSchema = z.object({ code: z.enum(generationErrorCodes), message: z.string() });
export type WorkerError = z.infer<typeof workerErrorSchema>;

/** Worker → host. */
export const workerMessageSchema = z.discriminatedUnion('type', [
  /** After `init`: llama.cpp is up and this is the machine it found. */
  z.object({ type: z.literal('ready'), runtime: workerRuntimeSchema }),
  /** llama.cpp could not start at all (no usable binary); the worker exits after this. */
  z.object({ type: z.literal('fatal'), message: z.string() }),
  z.object({ type: z.literal('reply'), id, value: z.unknown() }),
  /** The request with this id failed in a way llama.cpp could report (the worker lives on). */
  z.object({ type: z.literal('failure'), id, error: workerErrorSchema }),
  /** Streamed text of the generation with this id, several tokens per message. */
  z.object({ type: z.literal('delta'), id, text: z.string() }),
  z.object({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: z.string() }),
]);
export type WorkerMessage = z.infer<typeof workerMessageSchema>;
