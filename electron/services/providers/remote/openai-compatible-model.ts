import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParamsBase, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { httpFetch } from './http-fetch.js';
import type { ChatModel, ModelPartRead, ProviderCallOptions, ProviderWarning } from './language-model.js';
import { BadResponseError, HttpStatusError } from './remote-errors.js';

/**
 * OpenAI-compatible servers (vLLM, llama.cpp server, Ollama, LM Studio, OpenRouter, Together,
 * Groq) through OpenAI's official client, the `openai` package. These are the endpoints an
 * experiment drives hardest (a local server at high concurrency), and the official client's
 * streaming costs far less CPU a request than the AI SDK's on Node 20: no chain of web
 * TransformStreams per response. Measured, 2,000 streamed requests at 16 in flight against a
 * 50 ms server: 1.0 to 1.6 ms of CPU a request against 2.0 to 2.6 ms with
 * @ai-sdk/openai-compatible, and 1.06 to 1.09× the ideal wall time against 1.10 to 1.13×.
 * OpenAI itself stays on @ai-sdk/openai, which knows its models' quirks (reasoning models' settings).
 *
 * Speaks the same ChatModel interface as the AI SDK models and fails with the same kinds of
 * errors (HttpStatusError, BadResponseError, the socket error), so remote-provider.ts and
 * remote-errors.ts treat every provider alike.
 */
export function createOpenAICompatibleModel(endpoint: { baseUrl: string; model: string; apiKey: string | undefined }): ChatModel {
  const client = new OpenAI({
    baseURL: endpoint.baseUrl,
    // The client insists on a key; without one it sends none (a local server needs none).
    apiKey: endpoint.apiKey ?? 'none',
    ...(endpoint.apiKey ? {} : { defaultHeaders: { authorization: null } }),
    // Not from OPENAI_ORG_ID / OPENAI_PROJECT_ID: those belong to OpenAI, not to this server.
    organization: null,
    project: null,
    fetch: httpFetch,
    // The experiment runner owns retries and timeouts; the log level keeps model output out of the console.
    maxRetries: 0,
    timeout: 24 * 60 * 60 * 1000,
    logLevel: 'off',
  });

  return {
    async stream(call) {
      const { body, warnings } = toRequest(endpoint.model, call);
      let started: Awaited<ReturnType<typeof startStream>>;
      try {
        started = await startStream(client, body, call.abortSignal);
      } catch (error) {
        throw neutralError(error);
      }
      const chunks = started.data[Symbol.asyncIterator]();
      let announced = false;
      let ended = false;
      /** The response was read to its end: nothing left to release. */
      let drained = false;
      let finishReason: string | null | undefined;
      let usage: ChatCompletionChunk['usage'] | undefined;
      const read = async (): Promise<ModelPartRead> => {
        if (!announced) {
          announced = true;
          return { done: false, value: { type: 'stream-start', warnings } };
        }
        while (!ended) {
          let next: IteratorResult<ChatCompletionChunk>;
          try {
            next = await chunks.next();
          } catch (error) {
            ended = true;
            return { done: false, value: { type: 'error', error: neutralError(error) } };
          }
          if (next.done) {
            ended = drained = true;
            return {
              done: false,
              value: { type: 'finish', finishReason: finishReasonOf(finishReason), usage: { inputTokens: usage?.prompt_tokens, outputTokens: usage?.completion_tokens } },
            };
          }
          const chunk = next.value as Partial<ChatCompletionChunk> | null;
          if (chunk === null || typeof chunk !== 'object' || !Array.isArray(chunk.choices)) {
            ended = true;
            return { done: false, value: { type: 'error', error: new BadResponseError('a streamed chunk has no choices') } };
          }
          if (chunk.usage) usage = chunk.usage;
          const choice = chunk.choices[0];
          if (choice?.finish_reason) finishReason = choice.finish_reason;
          const text = choice?.delta?.content;
          if (typeof text === 'string' && text.length > 0) return { done: false, value: { type: 'text-delta', delta: text } };
        }
        return { done: true, value: undefined };
      };
      return {
        contentType: started.response.headers.get('content-type') ?? undefined,
        parts: {
          read,
          cancel: async () => {
            if (drained) return; // an abort would only build an error nobody reads
            ended = true;
            started.data.controller.abort();
          },
        },
      };
    },

    async generate(call) {
      const { body, warnings } = toRequest(endpoint.model, call);
      let completion: ChatCompletion;
      try {
        completion = await client.chat.completions.create({ ...body, stream: false }, { signal: call.abortSignal });
      } catch (error) {
        throw neutralError(error);
      }
      // A body that is not JSON (a web page) comes back as its text.
      if (typeof completion !== 'object' || completion === null) throw new BadResponseError('not JSON', { invalidJson: true });
      const choice = Array.isArray(completion.choices) ? completion.choices[0] : undefined;
      if (!choice?.message) throw new BadResponseError('the response has no choices');
      return {
        text: choice.message.content ?? '',
        usage: { inputTokens: completion.usage?.prompt_tokens, outputTokens: completion.usage?.completion_tokens },
        finishReason: finishReasonOf(choice.finish_reason),
        providerMetadata: undefined,
        warnings,
      };
    },
  };
}

function startStream(client: OpenAI, body: ChatCompletionCreateParamsBase, signal: AbortSignal | undefined) {
  // Usage comes in a last chunk when asked for; servers that do not know the option send none.
  return client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }, { signal }).withResponse();
}

/** The SDK-neutral call options as a chat completions request; what the API lacks becomes a warning. */
function toRequest(model: string, call: ProviderCallOptions): { body: ChatCompletionCreateParamsBase; warnings: ProviderWarning[] } {
  const warnings: ProviderWarning[] = [];
  const messages: ChatCompletionMessageParam[] = call.prompt.map((message) => {
    if (message.role === 'system') return { role: 'system', content: message.content };
    const text = message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
    return message.role === 'assistant' ? { role: 'assistant', content: text } : { role: 'user', content: text };
  });
  const topK = (call.providerOptions?.compatible as { top_k?: number } | undefined)?.top_k;
  if (call.topK !== undefined) warnings.push({ type: 'unsupported-setting', setting: 'topK' });
  const body: ChatCompletionCreateParamsBase & { top_k?: number } = {
    model,
    messages,
    ...(call.temperature === undefined ? {} : { temperature: call.temperature }),
    ...(call.maxOutputTokens === undefined ? {} : { max_tokens: call.maxOutputTokens }),
    ...(call.topP === undefined ? {} : { top_p: call.topP }),
    ...(call.stopSequences && call.stopSequences.length > 0 ? { stop: call.stopSequences } : {}),
    ...(call.seed === undefined ? {} : { seed: call.seed }),
    // vLLM, llama.cpp, LM Studio, OpenRouter and Together read top_k beside the standard fields.
    ...(topK === undefined ? {} : { top_k: topK }),
  };
  return { body, warnings };
}

/** Chat completions' finish reasons in the AI SDK's words, which remote-provider.ts maps. */
function finishReasonOf(reason: string | null | undefined): string {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case null:
    case undefined:
      return 'unknown';
    default:
      return 'other';
  }
}

/** The client's errors as the kinds remote-errors.ts reads. */
function neutralError(error: unknown): unknown {
  if (error instanceof OpenAI.APIUserAbortError) return error;
  if (error instanceof OpenAI.APIConnectionError) return error.cause ?? error;
  if (error instanceof OpenAI.APIError) {
    const detail = error.error as { message?: unknown } | undefined;
    // The client words it "429 <message>", or "429 status code (no body)".
    const fallback = /status code \(no body\)|^\(no status code or body\)$/.test(error.message) ? '' : error.message.replace(/^\d{3} /, '');
    const said = typeof detail?.message === 'string' ? detail.message : fallback;
    if (error.status !== undefined) {
      const headers: Record<string, string> = {};
      error.headers?.forEach((value: string, name: string) => (headers[name] = value));
      return new HttpStatusError(error.status, headers, said, { cause: error });
    }
    // An error event inside an accepted stream: its body is the provider's own error object.
    return detail && typeof detail === 'object' ? detail : { message: error.message };
  }
  if (error instanceof SyntaxError) return new BadResponseError('invalid JSON', { invalidJson: true, cause: error });
  return error;
}
