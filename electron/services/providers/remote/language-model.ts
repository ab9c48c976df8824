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

export interface ModelEndpoint {
  provider: RemoteProvider;
  baseUrl: string;
  model: string;
  apiKey: string | undefined;
}

/** Name under which OpenAI-compatible extras (e.g. `top_k`) go in `providerOptions`. */
export const compatibleOptionsName = 'compatible';

/** The AI SDK provider model for an endpoint, over our lighter fetch (see http-fetch.ts). The provider package loads on first use, not at the app's start. */
export async function createLanguageModel(endpoint: ModelEndpoint): Promise<ProviderModel> {
  const { provider, baseUrl, model, apiKey } = endpoint;
  switch (provider) {
    case 'openai': {
      const { createOpenAI } = await import('@ai-sdk/openai');
      // Chat completions rather than the Responses API, so the same code serves every OpenAI-compatible server.
      return createOpenAI({ apiKey, baseURL: baseUrl, fetch: httpFetch }).chat(model);
    }
    case 'openai-compatible': {
      const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
      // includeUsage asks for `stream_options.include_usage`; servers that ignore it simply send no usage.
      return createOpenAICompatible({ name: compatibleOptionsName, baseURL: baseUrl, ...(apiKey ? { apiKey } : {}), includeUsage: true, fetch: httpFetch }).chatModel(model);
    }
    case 'anthropic': {
      const { createAnthropic } = await import('@ai-sdk/anthropic');
      return createAnthropic({ apiKey, baseURL: baseUrl, fetch: httpFetch })(model);
    }
    case 'google': {
      const { createGoogleGenerativeAI } = await import('@ai-sdk/google');
      return createGoogleGenerativeAI({ apiKey, baseURL: baseUrl, fetch: httpFetch })(model);
    }
  }
}
