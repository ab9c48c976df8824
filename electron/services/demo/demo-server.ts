// The demo workspace's remote endpoint: a small OpenAI-compatible server on 127.0.0.1 that Arbiter
// starts when it opens the demo workspace and stops when it closes it. Its models (demo-models.ts)
// answer deterministically, streamed token by token with a simulated delay, with token usage.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoModels, demoReply, findDemoModel, type DemoChatMessage, type DemoModel } from './demo-models.js';

export interface DemoServer {
  /** What the demo's models use as their base URL, e.g. http://127.0.0.1:41234/v1 */
  readonly baseUrl: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface DemoServerOptions {
  /** Try this port first (the one the workspace's models point at); 0 or taken: any free port. */
  preferredPort?: number;
  /** Multiplies the simulated delays (0: answer at once, e.g. in a benchmark of everything else). */
  delayScale?: number;
}

const maxBodyBytes = 1024 * 1024;

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const delayScale = options.delayScale ?? 1;
  let nextId = 0;
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, errorBody(`The demo server failed: ${error instanceof Error ? error.message : String(error)}`, 'server_error'));
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (request.method === 'GET' && path === '/v1/models') {
      return sendJson(response, 200, { object: 'list', data: demoModels.map((model) => ({ id: model.id, object: 'model', created: 1_700_000_000, owned_by: 'arbiter-demo' })) });
    }
    if (request.method !== 'POST' || path !== '/v1/chat/completions') return sendJson(response, 404, errorBody(`No route for ${request.method} ${path}.`, 'invalid_request_error'));
    let body: ChatRequest;
    try {
      body = JSON.parse(await readBody(request)) as ChatRequest;
    } catch {
      return sendJson(response, 400, errorBody('The request body is not valid JSON.', 'invalid_request_error'));
    }
    const model = findDemoModel(String(body.model ?? ''));
    if (!model) {
      return sendJson(response, 404, errorBody(`The model \`${String(body.model)}\` does not exist. The demo server has ${demoModels.map((m) => m.id).join(', ')}.`, 'invalid_request_error', 'model_not_found'));
    }
    const messages = (Array.isArray(body.messages) ? body.messages : []).map((message) => ({ role: String(message?.role ?? ''), content: contentText(message?.content) }));
    const completion = complete(model, messages, body, `demo-${++nextId}`);
    const wait = (ms: number) => sleep(ms * delayScale, response);

    if (body.stream !== true) {
      if (!(await wait(model.firstTokenMs + model.tokenMs * completion.tokens.length))) return;
      return sendJson(response, 200, {
        id: completion.id,
        object: 'chat.completion',
        created: 1_700_000_000,
        model: model.id,
        choices: [{ index: 0, message: { role: 'assistant', content: completion.text }, finish_reason: completion.finishReason, logprobs: null }],
        usage: completion.usage,
      });
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      sse({ id: completion.id, object: 'chat.completion.chunk', created: 1_700_000_000, model: model.id, choices: [{ index: 0, delta, finish_reason: finish }] });
    if (!(await wait(model.firstTokenMs))) return;
    response.write(chunk({ role: 'assistant', content: '' }, null));
    for (const [index, token] of completion.tokens.entries()) {
      if (index > 0 && !(await wait(model.tokenMs))) return;
      response.write(chunk({ content: token }, null));
    }
    response.write(chunk({}, completion.finishReason));
    if (body.stream_options?.include_usage === true) {
      response.write(sse({ id: completion.id, object: 'chat.completion.chunk', created: 1_700_000_000, model: model.id, choices: [], usage: completion.usage }));
    }
    response.write(sse('[DONE]'));
    response.end();
  }

  const port = await listen(server, options.preferredPort ?? 0);
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface ChatRequest {
  model?: unknown;
  messages?: { role?: unknown; content?: unknown }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  max_tokens?: number;
  max_completion_tokens?: number;
  stop?: string | string[] | null;
}

interface Completion {
  id: string;
  text: string;
  tokens: string[];
  finishReason: 'stop' | 'length';
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/** The reply, cut at a stop sequence or at max tokens, as word-sized tokens. */
function complete(model: DemoModel, messages: DemoChatMessage[], body: ChatRequest, id: string): Completion {
  let text = demoReply(model, messages);
  const stops = body.stop === undefined || body.stop === null ? [] : Array.isArray(body.stop) ? body.stop : [body.stop];
  for (const stop of stops) {
    const at = stop ? text.indexOf(stop) : -1;
    if (at >= 0) text = text.slice(0, at);
  }
  let tokens: string[] = text.match(/\s*\S+/g) ?? [];
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  let finishReason: Completion['finishReason'] = 'stop';
  if (typeof maxTokens === 'number' && maxTokens > 0 && tokens.length > maxTokens) {
    tokens = tokens.slice(0, maxTokens);
    text = tokens.join('');
    finishReason = 'length';
  }
  const promptTokens = messages.reduce((sum, message) => sum + countTokens(message.content) + 4, 0);
  return { id: `chatcmpl-${id}`, text, tokens, finishReason, usage: { prompt_tokens: promptTokens, completion_tokens: tokens.length, total_tokens: promptTokens + tokens.length } };
}

/** About how many tokens a real tokenizer would make of a text (a word and a bit). */
function countTokens(text: string): number {
  return Math.ceil((text.match(/\S+/g) ?? []).length * 1.3);
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part: { text?: unknown }) => (typeof part?.text === 'string' ? part.text : '')).join('');
  return '';
}

function errorBody(message: string, type: string, code: string | null = null) {
  return { error: { message, type, param: null, code } };
}

function sse(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new Error('The request body is too large.'));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Waits unless the client went away; false when it did (a cancelled generation). */
function sleep(ms: number, response: ServerResponse): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!response.destroyed);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      response.off('close', onClose);
      resolve(!response.destroyed);
    }, ms);
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    response.once('close', onClose);
  });
}

/** Listens on the preferred port when it is free, else on any free port. */
async function listen(server: ReturnType<typeof createServer>, preferredPort: number): Promise<number> {
  const attempt = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      server.once('error', onError);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', onError);
        resolve((server.address() as AddressInfo).port);
      });
    });
  if (preferredPort > 0) {
    try {
      return await attempt(preferredPort);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' && (error as NodeJS.ErrnoException).code !== 'EACCES') throw error;
    }
  }
  return attempt(0);
}
