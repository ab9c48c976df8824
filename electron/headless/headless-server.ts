import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Envelope } from '../../shared/errors.js';
import { contentSecurityPolicy } from '../services/security/content-security-policy.js';
import type { Backend } from '../services/types.js';
import { anyTokenMatches, presentedTokens, tokenCookieName } from './access-token.js';
import { allowedHostsFor, hostAllowed, originAllowed, readBody } from './request-guards.js';

export interface HeadlessServerOptions {
  backend: Backend;
  token: string;
  /** The built renderer (vite's outDir). */
  staticDir: string;
  host?: string;
  port?: number;
}

export interface HeadlessServer {
  /** Open this in a browser: it carries the token once, then a cookie takes over. */
  readonly url: string;
  readonly baseUrl: string;
  readonly port: number;
  close(): Promise<void>;
}

const maxBodyBytes = 10 * 1024 * 1024;
const securityHeaders: Record<string, string> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

/** The contract over HTTP (one POST per method) and a WebSocket for events, behind a token. */
export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const host = options.host ?? '127.0.0.1';
  const { backend, token } = options;
  const serveStatic = existsSync(options.staticDir)
    ? sirv(options.staticDir, { single: true, dev: false, etag: true, setHeaders: (res) => setHeaders(res, securityHeaders) })
    : undefined;
  let allowedHosts = new Set<string>();
  let port = 0;

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, failure('INTERNAL', error instanceof Error ? error.message : 'Internal error'));
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!hostAllowed(request, allowedHosts)) return sendJson(response, 421, failure('UNAUTHORIZED', 'Unexpected Host header.'));
    if (!anyTokenMatches(token, presentedTokens(request, url, port))) {
      return sendJson(response, 401, failure('UNAUTHORIZED', 'Open the URL with the access token that `arbiter serve` printed.'));
    }
    if (url.searchParams.has('token')) {
      // Trade the token in the address bar for an HttpOnly cookie, then drop it from the URL.
      response.writeHead(303, {
        'Set-Cookie': `${tokenCookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        Location: '/',
        'Cache-Control': 'no-store',
      });
      return void response.end();
    }
    if (url.pathname.startsWith('/api/')) return handleApi(request, response, url.pathname.slice('/api/'.length));
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendJson(response, 405, failure('INVALID_INPUT', 'Method not allowed.'));
    if (!serveStatic) {
      response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      return void response.end('The renderer is not built. Run `npm run build:renderer` (npm run serve does it for you).');
    }
    serveStatic(request, response, () => sendJson(response, 404, failure('NOT_FOUND', 'Not found.')));
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, channel: string): Promise<void> {
    if (request.method !== 'POST') return sendJson(response, 405, failure('INVALID_INPUT', 'Use POST for API calls.'));
    if (!originAllowed(request)) return sendJson(response, 403, failure('UNAUTHORIZED', 'Cross-origin requests are refused.'));
    if (!request.headers['content-type']?.startsWith('application/json')) {
      return sendJson(response, 415, failure('INVALID_INPUT', 'API calls must send Content-Type: application/json.'));
    }
    let input: unknown;
    try {
      const body = await readBody(request, maxBodyBytes);
      input = body.trim() === '' ? {} : JSON.parse(body);
    } catch (error) {
      return sendJson(response, 400, failure('INVALID_INPUT', `The request body is not valid JSON: ${error instanceof Error ? error.message : ''}`));
    }
    const envelope = await backend.dispatch(decodeURIComponent(channel), input);
    sendJson(response, statusFor(envelope), envelope);
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const clients = new Set<WebSocket>();
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const authorized =
      url.pathname === '/events' && hostAllowed(request, allowedHosts) && originAllowed(request) && anyTokenMatches(token, presentedTokens(request, url, port));
    if (!authorized) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) => {
      clients.add(client);
      client.on('close', () => clients.delete(client));
      client.on('error', () => clients.delete(client));
    });
  });
  const unsubscribe = backend.onEvent((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const client of clients) if (client.readyState === client.OPEN) client.send(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  allowedHosts = allowedHostsFor(host, port);
  const displayHost = host.includes(':') ? `[${host}]` : host;
  const baseUrl = `http://${displayHost}:${port}`;

  return {
    url: `${baseUrl}/?token=${token}`,
    baseUrl,
    port,
    close: async () => {
      unsubscribe();
      for (const client of clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function failure(code: 'INTERNAL' | 'UNAUTHORIZED' | 'INVALID_INPUT' | 'NOT_FOUND', message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

function statusFor(envelope: Envelope<unknown>): number {
  if (envelope.ok) return 200;
  switch (envelope.error.code) {
    case 'INVALID_INPUT':
    case 'TEMPLATE_INVALID':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'NOT_FOUND':
    case 'UNKNOWN_METHOD':
      return 404;
    case 'CONFLICT':
      return 409;
    case 'INTERNAL':
      return 500;
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { ...securityHeaders, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(text);
}

function setHeaders(response: ServerResponse, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
}
