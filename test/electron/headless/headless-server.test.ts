import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../support/start-server.js';

/** A raw request, so we control Host/Origin headers the way a hostile page or a rebinding DNS could. */
function rawRequest(port: number, options: { path: string; method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: options.path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('headless transport (a real `arbiter serve` process)', () => {
  let server: RunningServer;
  let port: number;
  before(async () => {
    server = await startServer();
    port = Number(new URL(server.baseUrl).port);
  });
  after(async () => server.stop());

  it('listens on 127.0.0.1 only by default and prints a tokenized URL', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('refuses API calls, pages and the event socket without the token', async () => {
    const noToken = await fetch(`${server.baseUrl}/api/app.info`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    assert.equal(noToken.status, 401);
    assert.equal(((await noToken.json()) as { error: { code: string } }).error.code, 'UNAUTHORIZED');
    const wrongToken = await fetch(`${server.baseUrl}/api/app.info`, {
      method: 'POST',
      headers: { Authorization: 'Bearer nope', 'Content-Type': 'application/json' },
      body: '{}',
    });
    assert.equal(wrongToken.status, 401);
    assert.equal((await fetch(`${server.baseUrl}/`)).status, 401);
    assert.equal((await fetch(`${server.baseUrl}/?token=wrong`)).status, 401);
    await assert.rejects(
      new Promise((resolve, reject) => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}/events`);
        socket.on('open', resolve);
        socket.on('error', reject);
      }),
      /401/,
    );
  });

  it('is not reachable on other interfaces', async () => {
    const { networkInterfaces } = await import('node:os');
    const external = Object.values(networkInterfaces())
      .flat()
      .find((entry) => entry && entry.family === 'IPv4' && !entry.internal);
    if (!external) return; // a machine with loopback only has nothing else to try
    await assert.rejects(fetch(`http://${external.address}:${port}/`, { signal: AbortSignal.timeout(3000) }));
  });

  it('trades the URL token for an HttpOnly cookie, then serves the app with a strict CSP', async () => {
    const first = await fetch(server.url, { redirect: 'manual' });
    assert.equal(first.status, 303);
    const cookie = first.headers.get('set-cookie') ?? '';
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const page = await fetch(`${server.baseUrl}/`, { headers: { Cookie: cookie.split(';')[0] ?? '' } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.match(await page.text(), /<div id="root">/);
  });

  it('lets the fresh URL win over a stale cookie from an earlier server', async () => {
    const stale = `arbiter_token_${port}=left-over-from-yesterday`;
    const response = await fetch(server.url, { redirect: 'manual', headers: { Cookie: stale } });
    assert.equal(response.status, 303);
    const refused = await fetch(`${server.baseUrl}/`, { headers: { Cookie: stale } });
    assert.equal(refused.status, 401);
  });

  it('answers a malformed input with a clear INVALID_INPUT error naming the field', async () => {
    const { status, body } = await server.call('prompts.create', { name: 42 });
    assert.equal(status, 400);
    assert.equal(body.ok, false);
    assert.equal(body.error.code, 'INVALID_INPUT');
    assert.match(body.error.message, /name/);
    const badJson = await fetch(`${server.baseUrl}/api/prompts.create`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
      body: '{"name":',
    });
    assert.equal(badJson.status, 400);
    assert.match(((await badJson.json()) as { error: { message: string } }).error.message, /not valid JSON/);
    const unknown = await server.call('prompts.explode', {});
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'UNKNOWN_METHOD');
  });

  it('refuses a foreign Host header (DNS rebinding) and cross-origin posts', async () => {
    const auth = { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' };
    const rebinding = await rawRequest(port, { path: '/api/app.info', method: 'POST', headers: { ...auth, Host: `evil.example:${port}` }, body: '{}' });
    assert.equal(rebinding.status, 421);
    const crossOrigin = await rawRequest(port, {
      path: '/api/app.info',
      method: 'POST',
      headers: { ...auth, Origin: 'http://127.0.0.1:9999' },
      body: '{}',
    });
    assert.equal(crossOrigin.status, 403);
    const sameOrigin = await rawRequest(port, { path: '/api/app.info', method: 'POST', headers: { ...auth, Origin: server.baseUrl }, body: '{}' });
    assert.equal(sameOrigin.status, 200);
  });

  it('pushes contract events over the WebSocket to authorized clients', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/events`, { headers: { Authorization: `Bearer ${server.token}` } });
    await new Promise((resolve, reject) => {
      socket.on('open', resolve);
      socket.on('error', reject);
    });
    const received = new Promise<{ event: string; payload: { promptId: string } }>((resolve) =>
      socket.once('message', (data) => resolve(JSON.parse(String(data)))),
    );
    const created = await server.call('prompts.create', { name: 'Evented' });
    const message = await received;
    socket.close();
    assert.equal(message.event, 'prompts.changed');
    assert.equal(message.payload.promptId, created.body.value.id);
  });
});
