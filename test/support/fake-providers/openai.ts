import { sse, startFakeServer, type Completion, type Dialect, type FakeProviderServer, type FakeServerOptions } from './fake-server.js';

/** OpenAI chat completions (`POST /v1/chat/completions`), as OpenAI, vLLM, Ollama and llama.cpp server speak it. */
export const openAiDialect: Dialect = {
  name: 'openai',
  basePath: '/v1',
  route(method, path, _query, body) {
    if (method !== 'POST' || path !== '/v1/chat/completions') return null;
    return { model: String(body?.model ?? ''), stream: body?.stream === true };
  },
  apiKeyOf(headers) {
    const auth = headers.authorization;
    return auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined;
  },
  parse(body, route) {
    const stop = body.stop === undefined || body.stop === null ? [] : Array.isArray(body.stop) ? body.stop : [body.stop];
    return {
      model: route.model,
      stream: route.stream,
      messages: (body.messages ?? []).map((m: any) => ({ role: String(m.role), content: contentText(m.content) })),
      maxTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
      stop,
    };
  },
  errorBody(status, message) {
    const type = status === 401 ? 'invalid_request_error' : status === 429 ? 'requests' : status >= 500 ? 'server_error' : 'invalid_request_error';
    const code = status === 401 ? 'invalid_api_key' : status === 404 ? 'model_not_found' : status === 429 ? 'rate_limit_exceeded' : null;
    return { error: { message, type, param: null, code } };
  },
  authStatus: 401,
  authMessage(key) {
    return key ? `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.` : 'You didn’t provide an API key.';
  },
  json(c) {
    return {
      id: `chatcmpl-${c.id}`,
      object: 'chat.completion',
      created: 1_700_000_000,
      model: c.model,
      choices: [{ index: 0, message: { role: 'assistant', content: c.text }, finish_reason: finishReason(c), logprobs: null }],
      ...(c.usage ? { usage: usage(c) } : {}),
    };
  },
  streamStart(c) {
    return [sse(chunk(c, { role: 'assistant', content: '' }, null))];
  },
  streamToken(c, token) {
    return sse(chunk(c, { content: token }, null));
  },
  streamEnd(c, request) {
    const frames = [sse(chunk(c, {}, finishReason(c)))];
    if (c.usage && request.body?.stream_options?.include_usage === true) {
      frames.push(sse({ id: `chatcmpl-${c.id}`, object: 'chat.completion.chunk', created: 1_700_000_000, model: c.model, choices: [], usage: usage(c) }));
    }
    frames.push(sse('[DONE]'));
    return frames;
  },
  malformedFrame: 'data: {"id": "chatcmpl-broken", "choices": [{"delta": {"content": "oops\n\n',
  badShape: { unexpected: true, choices: 'not a list' },
};

export function startFakeOpenAi(options: FakeServerOptions = {}): Promise<FakeProviderServer> {
  return startFakeServer(openAiDialect, options);
}

function chunk(c: Completion, delta: Record<string, unknown>, finish: string | null) {
  return { id: `chatcmpl-${c.id}`, object: 'chat.completion.chunk', created: 1_700_000_000, model: c.model, choices: [{ index: 0, delta, finish_reason: finish }] };
}

function finishReason(c: Completion): string {
  return c.finish === 'length' ? 'length' : 'stop';
}

function usage(c: Completion) {
  return { prompt_tokens: c.inputTokens, completion_tokens: c.outputTokens, total_tokens: c.inputTokens + c.outputTokens };
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part: any) => (typeof part?.text === 'string' ? part.text : '')).join('');
  return '';
}
