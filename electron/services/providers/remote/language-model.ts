import type { OpenAIProvider } from '@ai-sdk/openai';
import type { RemoteProvider } from '../../../../shared/contract/models.js';
import { httpFetch } from './http-fetch.js';

/**
 * The AI SDK's provider-level model interface (LanguageModelV2): what every provider package
 * implements, taking a standard prompt and settings and speaking the provider's wire format.
 */
export type ProviderModel = ReturnType<OpenAIProvider['chat']>;
export type ProviderCallOptions = Parameters<ProviderModel['doStream']>[0];
export type ProviderStreamPart = Awaited<ReturnType<ProviderModel['doStream']>>['stream'] extends ReadableStream<infer Part> ? Part : never;
export type ProviderWarning = Awaited<ReturnType<ProviderModel['doGenerate']>>['warnings'][number];

/** Token counts as a provider reports them (either may be missing). */
export interface ModelUsage {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
}

/** The stream parts remote-provider.ts reads; the AI SDK's parts of these types have this shape, others are skipped. */
export type ModelStreamPart =
  | { type: 'stream-start'; warnings: ProviderWarning[] }
  | { type: 'text-delta'; delta: string }
  | { type: 'finish'; finishReason: string; usage: ModelUsage; providerMetadata?: Record<string, Record<string, unknown>> }
  | { type: 'error'; error: unknown }
  | { type: 'other' };

/**
 * One chat model behind whichever client speaks its wire format: the AI SDK's provider packages
 * (OpenAI, Anthropic, Gemini), or OpenAI's official client for OpenAI-compatible servers (see
 * openai-compatible-model.ts). Call options are the AI SDK's (LanguageModelV2CallOptions).
 */
export interface ChatModel {
  /** Resolves once the response has started; its parts then stream. */
  stream(call: ProviderCallOptions): Promise<{ parts: ModelPartReader; contentType: string | undefined }>;
  generate(call: ProviderCallOptions): Promise<{
    text: string;
    usage: ModelUsage | undefined;
    finishReason: string | undefined;
    providerMetadata: Record<string, Record<string, unknown>> | undefined;
    warnings: ProviderWarning[];
  }>;
}

export type ModelPartRead = { done: false; value: ModelStreamPart } | { done: true; value?: ModelStreamPart | undefined };

export interface ModelPartReader {
  read(): Promise<ModelPartRead>;
  /** Stops reading and releases the connection. */
  cancel(): Promise<void>;
}

export interface ModelEndpoint {
  provider: RemoteProvider;
  baseUrl: string;
  model: string;
  apiKey: string | undefined;
}

/** Name under which OpenAI-compatible extras (e.g. `top_k`) go in `providerOptions`. */
export const compatibleOptionsName = 'compatible';

/**
 * Starts loading a provider's client package in the background, so the first request does not
 * wait for it (measured under tsx: the openai package takes ~280 ms to load). Called when remote
 * entries are listed or added, not at the app's start.
 */
export function preloadClient(provider: RemoteProvider): void {
  void loadClient(provider).catch(() => {
    clients.delete(provider); // the first request loads it again and reports what went wrong
  });
}

const clients = new Map<RemoteProvider, Promise<unknown>>();

function loadClient(provider: RemoteProvider): Promise<unknown> {
  let loading = clients.get(provider);
  if (!loading) {
    loading = importClient(provider);
    clients.set(provider, loading);
  }
  return loading;
}

function importClient(provider: RemoteProvider) {
  switch (provider) {
    case 'openai':
      return import('@ai-sdk/openai');
    case 'openai-compatible':
      return import('./openai-compatible-model.js');
    case 'anthropic':
      return import('@ai-sdk/anthropic');
    case 'google':
      return import('@ai-sdk/google');
  }
}

/** The chat model for an endpoint. The client package loads on first use (or preloadClient), not at the app's start. */
export async function createLanguageModel(endpoint: ModelEndpoint): Promise<ChatModel> {
  const { provider, baseUrl, model, apiKey } = endpoint;
  switch (provider) {
    case 'openai': {
      const { createOpenAI } = (await loadClient(provider)) as typeof import('@ai-sdk/openai');
      // Chat completions rather than the Responses API: the wire format every compatible server speaks too.
      return fromAiSdk(createOpenAI({ apiKey, baseURL: baseUrl, fetch: httpFetch }).chat(model));
    }
    case 'openai-compatible': {
      const { createOpenAICompatibleModel } = (await loadClient(provider)) as typeof import('./openai-compatible-model.js');
      return createOpenAICompatibleModel({ baseUrl, model, apiKey });
    }
    case 'anthropic': {
      const { createAnthropic } = (await loadClient(provider)) as typeof import('@ai-sdk/anthropic');
      return fromAiSdk(createAnthropic({ apiKey, baseURL: baseUrl, fetch: httpFetch })(model));
    }
    case 'google': {
      const { createGoogleGenerativeAI } = (await loadClient(provider)) as typeof import('@ai-sdk/google');
      return fromAiSdk(createGoogleGenerativeAI({ apiKey, baseURL: baseUrl, fetch: httpFetch })(model));
    }
  }
}

/** An AI SDK provider model (its doStream/doGenerate, over our lighter fetch: see http-fetch.ts) as a ChatModel. */
function fromAiSdk(model: ProviderModel): ChatModel {
  return {
    async stream(call) {
      const started = await model.doStream(call);
      // Parts pass through as they are: the types remote-provider.ts reads have ModelStreamPart's shape.
      const reader = started.stream.getReader() as unknown as ReadableStreamDefaultReader<ModelStreamPart>;
      return {
        contentType: started.response?.headers?.['content-type'],
        parts: { read: () => reader.read(), cancel: () => reader.cancel() },
      };
    },
    async generate(call) {
      const outcome = await model.doGenerate(call);
      return {
        text: outcome.content.map((part) => (part.type === 'text' ? part.text : '')).join(''),
        usage: outcome.usage,
        finishReason: outcome.finishReason,
        providerMetadata: outcome.providerMetadata,
        warnings: outcome.warnings,
      };
    },
  };
}
