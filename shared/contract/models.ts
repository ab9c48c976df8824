import { z } from 'zod';
import { method } from './define.js';
import { generationRequestSchema, generationResultSchema } from './generation.js';
import { chatMessageSchema } from './prompts.js';

const idSchema = z.string().min(1).max(100);

export const remoteProviderSchema = z.enum(['openai', 'openai-compatible', 'anthropic', 'google']);
export type RemoteProvider = z.infer<typeof remoteProviderSchema>;

/** What a GGUF file's header says, read before anything is loaded. */
export const ggufHeaderSchema = z.object({
  architecture: z.string(),
  modelName: z.string().nullable(),
  parameterCount: z.number().nullable(),
  quantization: z.string().nullable(),
  fileSizeBytes: z.number(),
  trainedContextLength: z.number().nullable(),
  hasChatTemplate: z.boolean(),
  layerCount: z.number().nullable(),
});
export type GgufHeader = z.infer<typeof ggufHeaderSchema>;

export const gpuLayersSchema = z.union([z.literal('auto'), z.literal('off'), z.number().int().min(0).max(1000)]);

export const localSettingsSchema = z.object({
  gpuLayers: gpuLayersSchema.default('auto'),
  contextSize: z.number().int().min(128).max(1_048_576).default(4096),
  /** Default: the machine's physical cores (llama.cpp is much slower with too many threads). */
  threads: z.number().int().min(1).max(256).optional(),
  batchSize: z.number().int().min(1).max(65_536).optional(),
  flashAttention: z.boolean().default(false),
  /** A Jinja chat template that replaces the model's own. */
  chatTemplateOverride: z.string().max(100_000).optional(),
  lora: z.object({ path: z.string().min(1), scale: z.number().min(0).max(4).default(1) }).optional(),
});
export type LocalSettings = z.output<typeof localSettingsSchema>;

/** A change to a model's load settings: absent keeps a setting, null clears an optional one (back to its default). */
export const localSettingsPatchSchema = localSettingsSchema.partial().extend({
  threads: localSettingsSchema.shape.threads.unwrap().nullable().optional(),
  batchSize: localSettingsSchema.shape.batchSize.unwrap().nullable().optional(),
  chatTemplateOverride: localSettingsSchema.shape.chatTemplateOverride.unwrap().nullable().optional(),
  lora: localSettingsSchema.shape.lora.unwrap().nullable().optional(),
});
export type LocalSettingsPatch = z.input<typeof localSettingsPatchSchema>;

export const pricesSchema = z.object({
  /** US dollars per million tokens. */
  inputPerMillion: z.number().min(0).nullable(),
  outputPerMillion: z.number().min(0).nullable(),
});
export type Prices = z.infer<typeof pricesSchema>;

export const modelStatusSchema = z.object({
  state: z.enum(['idle', 'loading', 'loaded', 'error']),
  message: z.string().nullable(),
});

const modelBase = {
  id: idSchema,
  name: z.string(),
  prices: pricesSchema,
  status: modelStatusSchema,
  createdAt: z.string(),
};

export const localModelSchema = z.object({
  ...modelBase,
  kind: z.literal('local'),
  path: z.string(),
  header: ggufHeaderSchema.nullable(),
  settings: localSettingsSchema,
  /** Estimated memory to load with these settings, when the header allows an estimate. */
  estimatedMemoryBytes: z.number().nullable(),
});

export const remoteModelSchema = z.object({
  ...modelBase,
  kind: z.literal('remote'),
  provider: remoteProviderSchema,
  baseUrl: z.string().nullable(),
  model: z.string(),
  /** The name the API key is stored under (desktop keychain) or read from (headless: environment variable). */
  apiKeyName: z.string(),
  apiKeySet: z.boolean(),
});

export const modelEntrySchema = z.discriminatedUnion('kind', [localModelSchema, remoteModelSchema]);
export type ModelEntry = z.infer<typeof modelEntrySchema>;
export type LocalModel = z.infer<typeof localModelSchema>;
export type RemoteModel = z.infer<typeof remoteModelSchema>;

export const runtimeInfoSchema = z.object({
  backend: z.enum(['cuda', 'vulkan', 'metal', 'cpu', 'unknown']),
  gpuName: z.string().nullable(),
  gpuTotalBytes: z.number().nullable(),
  gpuFreeBytes: z.number().nullable(),
  ramTotalBytes: z.number(),
  ramFreeBytes: z.number(),
  physicalCores: z.number(),
  workerRunning: z.boolean(),
  loaded: z.array(z.object({ modelId: z.string(), name: z.string(), lastUsedAt: z.string() })),
});
export type RuntimeInfo = z.infer<typeof runtimeInfoSchema>;

export const secretInfoSchema = z.object({
  name: z.string(),
  isSet: z.boolean(),
  /** e.g. "sk-…c3Fa"; never the key itself. */
  masked: z.string().nullable(),
  source: z.enum(['keychain', 'environment']),
  writable: z.boolean(),
});
export type SecretInfo = z.infer<typeof secretInfoSchema>;

const secretNameSchema = z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/, 'Key names are like OPENAI_API_KEY');

export const modelMethods = {
  list: method({ summary: 'Every model entry, local and remote.', input: z.object({}), output: z.array(modelEntrySchema) }),
  addLocal: method({
    summary: 'Add a GGUF file, or every GGUF file under a folder (recursive). Reads headers; loads nothing.',
    input: z.object({ path: z.string().min(1) }),
    output: z.object({ added: z.array(modelEntrySchema), skipped: z.array(z.object({ path: z.string(), reason: z.string() })) }),
  }),
  addRemote: method({
    summary: 'Add a hosted or self-hosted API model.',
    input: z.object({
      name: z.string().trim().min(1).max(200).optional(),
      provider: remoteProviderSchema,
      baseUrl: z.string().url().optional(),
      model: z.string().trim().min(1).max(200),
      apiKeyName: secretNameSchema.optional(),
      prices: pricesSchema.partial().optional(),
    }),
    output: modelEntrySchema,
  }),
  update: method({
    summary: 'Change a model’s name, load settings, endpoint or prices.',
    input: z.object({
      id: idSchema,
      name: z.string().trim().min(1).max(200).optional(),
      settings: localSettingsPatchSchema.optional(),
      baseUrl: z.string().url().nullable().optional(),
      model: z.string().trim().min(1).max(200).optional(),
      apiKeyName: secretNameSchema.optional(),
      prices: pricesSchema.partial().optional(),
    }),
    output: modelEntrySchema,
  }),
  remove: method({ summary: 'Remove a model entry (the file stays on disk).', input: z.object({ id: idSchema }), output: z.object({ removed: z.boolean() }) }),
  testConnection: method({
    summary: 'Send a tiny request and report latency or the provider’s error in words.',
    input: z.object({ id: idSchema }),
    output: z.object({ ok: z.boolean(), latencyMs: z.number().nullable(), message: z.string() }),
  }),
  load: method({ summary: 'Load a local model now.', input: z.object({ id: idSchema }), output: modelEntrySchema }),
  unload: method({ summary: 'Unload a local model.', input: z.object({ id: idSchema }), output: modelEntrySchema }),
  runtime: method({ summary: 'Backend, GPU and memory, and what is loaded.', input: z.object({}), output: runtimeInfoSchema }),
  download: method({
    summary: 'Download a GGUF from a URL or an hf: reference (resumable, checksummed); progress comes as events.',
    input: z.object({ source: z.string().min(3).max(2000), directory: z.string().optional(), sha256: z.string().regex(/^[a-f0-9]{64}$/i).optional() }),
    output: z.object({ downloadId: z.string() }),
  }),
  cancelDownload: method({ summary: 'Stop a download (it can resume later).', input: z.object({ downloadId: z.string() }), output: z.object({ cancelled: z.boolean() }) }),
};

export const secretMethods = {
  list: method({ summary: 'API key names and whether each is set (masked).', input: z.object({}), output: z.array(secretInfoSchema) }),
  set: method({
    summary: 'Store an API key in the OS keychain (desktop only).',
    input: z.object({ name: secretNameSchema, value: z.string().min(1).max(10_000) }),
    output: secretInfoSchema,
  }),
  remove: method({ summary: 'Forget a stored API key.', input: z.object({ name: secretNameSchema }), output: z.object({ removed: z.boolean() }) }),
};

export const playgroundMethods = {
  start: method({
    summary: 'Generate with up to four models side by side; output streams as events.',
    input: z.object({ modelIds: z.array(idSchema).min(1).max(4), request: generationRequestSchema }),
    output: z.object({ runId: z.string() }),
  }),
  cancel: method({ summary: 'Stop a playground run.', input: z.object({ runId: z.string() }), output: z.object({ cancelled: z.boolean() }) }),
};

export const modelEvents = {
  'models.changed': z.object({ modelId: z.string().nullable() }),
  'generation.delta': z.object({ runId: z.string(), modelId: z.string(), text: z.string() }),
  'generation.finished': z.object({ runId: z.string(), modelId: z.string(), result: generationResultSchema }),
  'download.progress': z.object({
    downloadId: z.string(),
    source: z.string(),
    state: z.enum(['downloading', 'verifying', 'done', 'failed', 'cancelled']),
    receivedBytes: z.number(),
    totalBytes: z.number().nullable(),
    message: z.string().nullable(),
    modelId: z.string().nullable(),
  }),
};

export { chatMessageSchema };
