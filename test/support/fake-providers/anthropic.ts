import { sse, startFakeServer, type Completion, type Dialect, type FakeProviderServer, type FakeServerOptions } from './fake-server.js';

/** Anthropic messages (`POST /v1/messages`), with and without streaming events. */
export const anthropicDialect: Dialect = {
  name: 'anthropic',
  basePath: '/v1',
  route(method, path, _query, body) {
    if (method !== 'POST' || path !== '/v1/messages') return null;
    return { model: String(body?.model ?? ''), stream: body?.stream === true };
  },
  apiKeyOf(headers) {
    const key = headers['x-api-key'];
    return typeof key === 'string' ? key : undefined;
  },
  parse(body, route) {
    const system = typeof body.system === 'string' ? body.system : Array.isArray(body.system) ? body.system.map((b: any) => b.text ?? '').join('\n') : '';
    const messages = (body.messages ?? []).map((m: any) => ({ role: String(m.role), content: contentText(m.content) }));
    return {
      model: route.model,
      stream: route.stream,
      messages: system ? [{ role: 'system', content: system }, ...messages] : messages,
      maxTokens: body.max_tokens,
      stop: body.stop_sequences ?? [],
    };
  },
  errorBody(status, message) {
    return { type: 'error', error: { type: errorType(status), message } };
  },
  authStatus: 401,
  authMessage(key) {
    return key ? `invalid x-api-key: ${key}` : 'x-api-key header is required';
  },
  json(c) {
    return {
      id: `msg_${c.id}`,
      type: 'message',
      role: 'assistant',
      model: c.model,
      content: [{ type: 'text', text: c.text }],
      stop_reason: stopReason(c),
      stop_sequence: c.stopSequence,
      usage: c.usage ? { input_tokens: c.inputTokens, output_tokens: c.outputTokens } : {},
    };
  },
  streamStart(c) {
    return [
      sse(
        {
          type: 'message_start',
          message: {
            id: `msg_${c.id}`,
            type: 'message',
            role: 'assistant',
            model: c.model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: c.usage ? { input_tokens: c.inputTokens, output_tokens: 1 } : {},
          },
        },
        'message_start',
      ),
      sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'),
      sse({ type: 'ping' }, 'ping'),
    ];
  },
  streamToken(_c, token) {
    return sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: token } }, 'content_block_delta');
  },
  streamEnd(c) {
    return [
      sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop'),
      sse(
        { type: 'message_delta', delta: { stop_reason: stopReason(c), stop_sequence: c.stopSequence }, usage: c.usage ? { output_tokens: c.outputTokens } : {} },
        'message_delta',
      ),
      sse({ type: 'message_stop' }, 'message_stop'),
    ];
  },
  malformedFrame: 'event: content_block_delta\ndata: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_de\n\n',
  badShape: { type: 'message', content: 'not a list of blocks', usage: 7 },
};

export function startFakeAnthropic(options: FakeServerOptions = {}): Promise<FakeProviderServer> {
  return startFakeServer(anthropicDialect, options);
}

function stopReason(c: Completion): string {
  return c.finish === 'length' ? 'max_tokens' : c.finish === 'stop-sequence' ? 'stop_sequence' : 'end_turn';
}

function errorType(status: number): string {
  const types: Record<number, string> = {
    400: 'invalid_request_error',
    401: 'authentication_error',
    403: 'permission_error',
    404: 'not_found_error',
    413: 'request_too_large',
    429: 'rate_limit_error',
    529: 'overloaded_error',
  };
  return types[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part: any) => (typeof part?.text === 'string' ? part.text : '')).join('');
  return '';
}
