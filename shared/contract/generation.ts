import { z } from 'zod';
import { chatMessageSchema } from './prompts.js';

/** Sampling parameters; a backend that cannot honour one (e.g. seed) ignores it and says so in docs. */
export const samplingParamsSchema = z.object({
  temperature: z.number().min(0).max(2).default(0.7),
  topP: z.number().gt(0).max(1).optional(),
  topK: z.number().int().positive().max(1000).optional(),
  maxTokens: z.number().int().positive().max(32_768).default(512),
  stop: z.array(z.string().min(1).max(100)).max(8).default([]),
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
});
export type SamplingParams = z.output<typeof samplingParamsSchema>;

export const generationErrorCodes = [
  'AUTH', // 401/403, missing key
  'RATE_LIMITED', // 429
  'SERVER', // 5xx
  'TIMEOUT',
  'NETWORK', // refused, dropped connection, DNS
  'BAD_RESPONSE', // malformed JSON, unexpected shape
  'BAD_REQUEST', // 400/404/422: the request or model name is wrong
  'CANCELLED',
  'MODEL_LOAD', // a local model failed to load
  'WORKER_CRASHED', // the local inference process died
  'OUT_OF_MEMORY',
  'UNKNOWN',
] as const;
export const generationErrorSchema = z.object({
  code: z.enum(generationErrorCodes),
  message: z.string(),
  retryable: z.boolean(),
  /** Seconds the provider asked us to wait (Retry-After), when it said. */
  retryAfterSeconds: z.number().nonnegative().optional(),
});
export type GenerationError = z.infer<typeof generationErrorSchema>;

export const finishReasonSchema = z.enum(['stop', 'length', 'stop-sequence', 'content-filter', 'cancelled', 'error', 'other']);
export type FinishReason = z.infer<typeof finishReasonSchema>;

/** How every generation ends, local or remote: output plus the numbers a user compares. */
export const generationResultSchema = z.object({
  output: z.string(),
  finishReason: finishReasonSchema,
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  latencyMs: z.number().nonnegative(),
  timeToFirstTokenMs: z.number().nonnegative().nullable(),
  /** Output tokens per second after the first token. */
  tokensPerSecond: z.number().nonnegative().nullable(),
  costUsd: z.number().nonnegative().nullable(),
  error: generationErrorSchema.nullable(),
});
export type GenerationResult = z.infer<typeof generationResultSchema>;

export const generationRequestSchema = z.object({
  messages: z.array(chatMessageSchema).min(1).max(200),
  params: samplingParamsSchema,
});
export type GenerationRequest = z.output<typeof generationRequestSchema>;
