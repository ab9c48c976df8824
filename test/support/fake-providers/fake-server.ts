import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server on 127.0.0.1 that speaks one provider's wire format (the dialect), records
 * what it was sent, and misbehaves on request. Text is deterministic: by default it echoes the
 * words of the last user message, one "token" per word.
 */

/** Something to go wrong with a request. */
export type FakeFault =
  /** Answer with this HTTP status and the provider's error body (`retryAfter` sets Retry-After). */
  | { kind: 'status'; status: number; message?: string; retryAfter?: string }
  /** Cut the TCP connection: before any byte when not streaming, after `afterTokens` tokens when streaming. */
  | { kind: 'drop'; afterTokens?: number }
  /** A 200 whose body (or one stream event) is not valid JSON. */
  | { kind: 'malformed-json' }
  /** A 200 with valid JSON of a shape no client expects. */
  | { kind: 'bad-shape' }
  /** A 200 web page, as a server's web UI sends when the base URL misses the API's path. */
  | { kind: 'html' }
  /** Wait this long before answering (then answer normally). */
  | { kind: 'delay'; ms: number };

export interface FakeFaultRate {
  /** Chance, 0–1, that a request gets one of `faults` (drawn from a PRNG seeded with `seed`). */
  probability: number;
  seed: number;
  faults: FakeFault[];
}

/** A chat request as every dialect sees it. */
export interface FakeChatRequest {
  model: string;
  stream: boolean;
  messages: { role: string; content: string }[];
  maxTokens: number | undefined;
  stop: string[];
}

export interface FakeServerOptions {
  /** The key the server accepts; anything else gets the provider's auth error. Default: a fixed test key. Null: no key needed, as on a local server. */
  apiKey?: string | null;
  /** Model names that exist; others get a 404. Default: any. */
  models?: string[];
  /**
   * The full reply before stop sequences and max tokens are applied. Default: echo the last user
   * message. May be async, e.g. to serve text from the tests' tiny GGUF model.
   */
  reply?: (request: FakeChatRequest) => string | Promise<string>;
  /** Wait between streamed tokens. */
  tokenDelayMs?: number;
  /** Wait before every answer. */
  delayMs?: number;
  /** Leave token usage out of responses, as some servers do. */
  omitUsage?: boolean;
  faultRate?: FakeFaultRate;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined when empty or not JSON). */
  body: any;
  /** The fault this request got, if any. */
  fault: FakeFault | null;
}

export interface Completion {
  id: string;
  model: string;
  text: string;
  tokens: string[];
  finish: 'stop' | 'length' | 'stop-sequence';
  stopSequence: string | null;
  inputTokens: number;
  outputTokens: number;
  /** False when the server was told to leave usage out. */
  usage: boolean;
}

/** What makes a wire format: where requests go, where the key is, and how bodies look. */
export interface Dialect {
  name: string;
  /** Path prefix of the API's base URL (e.g. '/v1'). */
  basePath: string;
  /** Which model and mode a request is for, or null when the path is not a chat endpoint. */
  route(method: string, path: string, query: Record<string, string>, body: any): { model: string; stream: boolean } | null;
  apiKeyOf(headers: IncomingHttpHeaders, query: Record<string, string>): string | undefined;
  parse(body: any, route: { model: string; stream: boolean }): FakeChatRequest;
  /** The provider's error body for a status. */
  errorBody(status: number, message: string): unknown;
  /** Message for a wrong key; the key is echoed in full so tests prove the app scrubs it. */
  authMessage(key: string | undefined): string;
  /** Status for a wrong key (Gemini really answers 400 API_KEY_INVALID). */
  authStatus: number;
  json(completion: Completion): unknown;
  /** Server-sent event frames, each a complete `event:`/`data:` block ending in a blank line. */
  streamStart(completion: Completion, request: RecordedRequest): string[];
  streamToken(completion: Completion, token: string, index: number): string;
  streamEnd(completion: Completion, request: RecordedRequest): string[];
  malformedFrame: string;
  badShape: unknown;
}

export interface FakeProviderServer {
  /** What to give the app as the endpoint's base URL. */
  readonly baseUrl: string;
  readonly port: number;
  /** The key to send ('' when the server wants none). */
  readonly apiKey: string;
  readonly requests: RecordedRequest[];
  lastRequest(): RecordedRequest | undefined;
  /** The next `times` requests get this fault. */
  failNext(fault: FakeFault, times?: number): void;
  configure(options: Partial<FakeServerOptions>): void;
  /** Forget recorded requests and pending faults. */
  reset(): void;
  close(): Promise<void>;
}

export const defaultFakeApiKey = 'sk-fake-test-4f9Qx7Lm2Zp8Rk3Wc3Fa';

export async function startFakeServer(dialect: Dialect, initial: FakeServerOptions = {}): Promise<FakeProviderServer> {
  let options: FakeServerOptions = { ...initial };
  const apiKey = options.apiKey === null ? null : (options.apiKey ?? defaultFakeApiKey);
  const requests: RecordedRequest[] = [];
  let queued: FakeFault[] = [];
  let random = mulberry32(options.faultRate?.seed ?? 1);
  let completionCount = 0;

  const pickFault = (): FakeFault | null => {
    const next = queued.shift();
    if (next) return next;
    const rate = options.faultRate;
    if (rate && rate.faults.length > 0 && random() < rate.probability) {
      return rate.faults[Math.floor(random() * rate.faults.length)] ?? null;
    }
    return null;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    const raw = await readBody(req);
    let body: any;
    try {
      body = raw.length > 0 ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query, headers: req.headers, body, fault: null };
    requests.push(recorded);

    const route = dialect.route(recorded.method, url.pathname, query, body);
    if (!route) return sendJson(res, 404, dialect.errorBody(404, `No route for ${recorded.method} ${url.pathname}`));
    if (body === undefined) return sendJson(res, 400, dialect.errorBody(400, 'The request body is not valid JSON.'));

    const fault = pickFault();
    recorded.fault = fault;
    const delay = (options.delayMs ?? 0) + (fault?.kind === 'delay' ? fault.ms : 0);
    if (delay > 0 && !(await sleepUnlessClosed(delay, res))) return;

    const key = dialect.apiKeyOf(req.headers, query);
    if (apiKey !== null && key !== apiKey) return sendJson(res, dialect.authStatus, dialect.errorBody(dialect.authStatus, dialect.authMessage(key)));
    if (options.models && !options.models.includes(route.model)) {
      return sendJson(res, 404, dialect.errorBody(404, `The model \`${route.model}\` does not exist or you do not have access to it.`));
    }

    if (fault?.kind === 'status') {
      const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter };
      return sendJson(res, fault.status, dialect.errorBody(fault.status, fault.message ?? defaultStatusMessage(fault.status)), headers);
    }
    if (fault?.kind === 'drop' && !route.stream) {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'malformed-json' && !route.stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id": "broken", "choices": [{"message": {"content": "Hel');
      return;
    }
    if (fault?.kind === 'bad-shape' && !route.stream) return sendJson(res, 200, dialect.badShape);
    if (fault?.kind === 'html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html><head><title>Web UI</title></head><body><div id="root"></div></body></html>');
      return;
    }

    const request = dialect.parse(body, route);
    const completion = complete(request, await (options.reply ?? echoLastUserMessage)(request), `fake-${++completionCount}`, !options.omitUsage);

    if (!route.stream) return sendJson(res, 200, dialect.json(completion));

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    for (const frame of dialect.streamStart(completion, recorded)) res.write(frame);
    if (fault?.kind === 'bad-shape') {
      res.write(`data: ${JSON.stringify(dialect.badShape)}\n\n`);
    }
    for (const [index, token] of completion.tokens.entries()) {
      if (fault?.kind === 'drop' && index >= (fault.afterTokens ?? 1)) {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'malformed-json' && index === 1) res.write(dialect.malformedFrame);
      if (index > 0 && options.tokenDelayMs && !(await sleepUnlessClosed(options.tokenDelayMs, res))) return;
      if (res.destroyed) return;
      res.write(dialect.streamToken(completion, token, index));
    }
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'malformed-json' && completion.tokens.length < 2) res.write(dialect.malformedFrame);
    for (const frame of dialect.streamEnd(completion, recorded)) res.write(frame);
    res.end();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, dialect.errorBody(500, `Fake server failed: ${String(error)}`));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}${dialect.basePath}`,
    port,
    apiKey: apiKey ?? '',
    requests,
    lastRequest: () => requests.at(-1),
    failNext(fault, times = 1) {
      for (let i = 0; i < times; i++) queued.push(fault);
    },
    configure(next) {
      options = { ...options, ...next };
      if (next.faultRate) random = mulberry32(next.faultRate.seed);
    },
    reset() {
      requests.length = 0;
      queued = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The reply text cut at the first stop sequence, then at max tokens: the way real servers apply them. */
export function complete(request: FakeChatRequest, reply: string, id: string, usage: boolean): Completion {
  let text = reply;
  let finish: Completion['finish'] = 'stop';
  let stopSequence: string | null = null;
  for (const stop of request.stop) {
    const at = text.indexOf(stop);
    if (at >= 0) {
      text = text.slice(0, at);
      finish = 'stop-sequence';
      stopSequence = stop;
    }
  }
  let tokens = tokenize(text);
  if (request.maxTokens !== undefined && tokens.length > request.maxTokens) {
    tokens = tokens.slice(0, request.maxTokens);
    finish = 'length';
    stopSequence = null;
  }
  const inputTokens = request.messages.reduce((sum, message) => sum + tokenize(message.content).length, 0);
  return { id, model: request.model, text: tokens.join(''), tokens, finish, stopSequence, inputTokens, outputTokens: tokens.length, usage };
}

/** One token per word, each carrying the whitespace before it. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

export function echoLastUserMessage(request: FakeChatRequest): string {
  const last = [...request.messages].reverse().find((message) => message.role === 'user');
  const words = (last?.content ?? '').trim();
  return words.length > 0 ? words : 'OK';
}

export function sse(data: unknown, event?: string): string {
  return `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

function defaultStatusMessage(status: number): string {
  if (status === 429) return 'Rate limit reached for requests. Please try again later.';
  if (status >= 500) return 'The server had an error while processing your request. Sorry about that!';
  return `Request failed with status ${status}.`;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Resolves false when the client went away while waiting. */
function sleepUnlessClosed(ms: number, res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(!res.destroyed);
    }, ms);
    res.once('close', onClose);
  });
}

/** A small seeded PRNG, so a "20% faults" run fails the same requests every time. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
