import { sse, startFakeServer, type Completion, type Dialect, type FakeProviderServer, type FakeServerOptions } from './fake-server.js';

/** Gemini (`POST /v1beta/models/{model}:generateContent`, and `:streamGenerateContent?alt=sse`). */
export const googleDialect: Dialect = {
  name: 'google',
  basePath: '/v1beta',
  route(method, path, query) {
    const match = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(path);
    if (method !== 'POST' || !match) return null;
    const stream = match[2] === 'streamGenerateContent';
    // Without alt=sse Gemini streams one JSON array; the SDK always asks for SSE.
    if (stream && query.alt !== 'sse') return null;
    return { model: decodeURIComponent(match[1] ?? ''), stream };
  },
  apiKeyOf(headers, query) {
    const key = headers['x-goog-api-key'];
    return typeof key === 'string' ? key : query.key;
  },
  parse(body, route) {
    const system = (body.systemInstruction?.parts ?? []).map((p: any) => p.text ?? '').join('');
    const messages = (body.contents ?? []).map((c: any) => ({
      role: c.role === 'model' ? 'assistant' : String(c.role ?? 'user'),
      content: (c.parts ?? []).map((p: any) => p.text ?? '').join(''),
    }));
    const config = body.generationConfig ?? {};
    return {
      model: route.model,
      stream: route.stream,
      messages: system ? [{ role: 'system', content: system }, ...messages] : messages,
      maxTokens: config.maxOutputTokens,
      stop: config.stopSequences ?? [],
    };
  },
  errorBody(status, message) {
    return { error: { code: status, message, status: statusName(status) } };
  },
  // Gemini answers a bad key with 400 INVALID_ARGUMENT, not 401.
  authStatus: 400,
  authMessage(key) {
    return key ? `API key not valid. Please pass a valid API key. (key: ${key})` : 'Method doesn\'t allow unregistered callers. Please use API Key or other form of API consumer identity to call this API.';
  },
  json(c) {
    return {
      candidates: [{ content: { parts: [{ text: c.text }], role: 'model' }, finishReason: finishReason(c), index: 0 }],
      ...(c.usage ? { usageMetadata: usage(c) } : {}),
      modelVersion: c.model,
      responseId: c.id,
    };
  },
  streamStart() {
    return [];
  },
  streamToken(c, token) {
    return sse({ candidates: [{ content: { parts: [{ text: token }], role: 'model' }, index: 0 }], modelVersion: c.model, responseId: c.id });
  },
  streamEnd(c) {
    return [
      sse({
        candidates: [{ content: { parts: [{ text: '' }], role: 'model' }, finishReason: finishReason(c), index: 0 }],
        ...(c.usage ? { usageMetadata: usage(c) } : {}),
        modelVersion: c.model,
        responseId: c.id,
      }),
    ];
  },
  malformedFrame: 'data: {"candidates": [{"content": {"parts": [{"text": "oo\n\n',
  badShape: { candidates: 'none', usageMetadata: 'many' },
};

export function startFakeGoogle(options: FakeServerOptions = {}): Promise<FakeProviderServer> {
  return startFakeServer(googleDialect, options);
}

function finishReason(c: Completion): string {
  return c.finish === 'length' ? 'MAX_TOKENS' : 'STOP';
}

function usage(c: Completion) {
  return { promptTokenCount: c.inputTokens, candidatesTokenCount: c.outputTokens, totalTokenCount: c.inputTokens + c.outputTokens };
}

function statusName(status: number): string {
  const names: Record<number, string> = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    429: 'RESOURCE_EXHAUSTED',
    500: 'INTERNAL',
    503: 'UNAVAILABLE',
    504: 'DEADLINE_EXCEEDED',
  };
  return names[status] ?? 'UNKNOWN';
}
