// httpFetch (the fetch the AI SDK providers get) against real node:http servers on 127.0.0.1: what they
// send and read, failures and aborts look as they do with the global fetch, and idle keep-alive sockets let the process exit.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { httpFetch } from '../../../../electron/services/providers/remote/http-fetch.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  socketId: number;
  socket: Socket;
}

type Route = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const decoder = new TextDecoder();
const text = (bytes: Uint8Array | undefined) => decoder.decode(bytes);

// Compressible but not trivially so: 24 KB of numbered words.
const longText = Array.from({ length: 3000 }, (_, i) => `word${i}`).join(' ');

let server: Server;
let base: string;
const seen: Seen[] = [];
/** Emits `arrived <path>` when a request's body has been read, and `closed <path>` when its response closes (ends or is cut off). */
const events = new EventEmitter();
const socketIds = new WeakMap<Socket, number>();
let streamGate = deferred();

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const routes: Record<string, Route> = {
  '/echo'(_req, res) {
    res.writeHead(201, 'Created Here', {
      'content-type': 'application/json',
      'set-cookie': ['a=1; Path=/', 'b=2; Path=/'],
      'x-multi': ['one', 'two'],
    });
    res.end('{"ok":true}');
  },
  '/headers'(req, res) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.headers));
  },
  '/stream'(_req, res) {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('one ');
    // The rest only once the client has read the first chunk: a client that waits for the end never gets it.
    void streamGate.promise.then(async () => {
      await delay(10);
      res.write('two ');
      await delay(10);
      res.end('three');
    });
  },
  '/429'(_req, res) {
    res.writeHead(429, { 'retry-after': '7', 'content-type': 'text/plain' });
    res.end('slow down');
  },
  '/500'(_req, res) {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'boom' } }));
  },
  '/204'(_req, res) {
    res.writeHead(204, { 'x-empty': 'yes' });
    res.end();
  },
  '/redirect'(_req, res) {
    res.writeHead(307, { location: '/target' });
    res.end('moved');
  },
  '/target'(req, res, body) {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`target got ${req.method} ${body}`);
  },
  '/gzip'(_req, res) {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
    res.end(gzipSync(longText));
  },
  '/deflate'(_req, res) {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'deflate' });
    res.end(deflateSync(longText));
  },
  '/br'(_req, res) {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'br' });
    res.end(brotliCompressSync(longText));
  },
  '/terminate'(_req, res) {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '1000' });
    res.write('partial', () => setTimeout(() => res.socket?.destroy(), 20));
  },
  '/terminate-gzip'(_req, res) {
    const gzipped = gzipSync(longText);
    res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
    res.write(gzipped.subarray(0, gzipped.length >> 1), () => setTimeout(() => res.socket?.destroy(), 20));
  },
  '/gzip-no-trailer'(_req, res) {
    const gzipped = gzipSync(longText);
    res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
    res.end(gzipped.subarray(0, gzipped.length - 8)); // a whole HTTP message, a gzip stream without its CRC and size
  },
  '/gzip-empty'(_req, res) {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
    res.end();
  },
  '/status-600'(_req, res) {
    res.writeHead(600, 'Weird');
    res.end('weird');
  },
  '/slow'(_req, res) {
    const timer = setTimeout(() => res.end('late'), 2000);
    res.on('close', () => clearTimeout(timer));
  },
  '/hang'(_req, res) {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('first'); // and nothing more until the client goes away
  },
  '/keep-alive'(req, res) {
    res.end(`socket ${socketIds.get(req.socket)}`);
  },
};

before(async () => {
  let sockets = 0;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (!socketIds.has(req.socket)) socketIds.set(req.socket, ++sockets);
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, socketId: socketIds.get(req.socket)!, socket: req.socket });
      res.on('close', () => events.emit(`closed ${path}`));
      events.emit(`arrived ${path}`);
      const route = routes[path];
      if (route) route(req, res, body);
      else res.writeHead(404).end();
    });
  });
  // Long enough that only the client can be what lets an idle connection go.
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

function requestsTo(path: string): Seen[] {
  return seen.filter((s) => new URL(s.url, base).pathname === path);
}

/** A promise for the next `closed <path>`, failing after a second rather than hanging the file. */
function closed(path: string): Promise<unknown> {
  return once(events, `closed ${path}`, { signal: AbortSignal.timeout(1000) });
}

// A test that hangs fails on its own rather than taking the rest of the file with it.
const quick = { timeout: 2000 };

describe('httpFetch', () => {
  test('a POST with a JSON string body and plain-object headers: the server gets it all, the Response has it all', quick, async () => {
    const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'héllo ✓ — naïve' }] });
    const res = await httpFetch(`${base}/echo?x=1`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk-test', 'Content-Type': 'application/json' },
      body,
    });

    const [request] = requestsTo('/echo');
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/echo?x=1');
    assert.equal(request.headers.authorization, 'Bearer sk-test');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers.accept, '*/*');
    assert.equal(request.body, body);
    // Bytes, not characters: the body has multi-byte characters.
    assert.equal(request.headers['content-length'], String(Buffer.byteLength(body)));
    assert.notEqual(Buffer.byteLength(body), body.length);

    assert.equal(res.status, 201);
    assert.equal(res.statusText, 'Created Here');
    assert.equal(res.ok, true);
    assert.ok(res.headers instanceof Headers);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.deepEqual(res.headers.getSetCookie(), ['a=1; Path=/', 'b=2; Path=/']);
    assert.equal(res.headers.get('x-multi'), 'one, two');
    assert.equal(await res.text(), '{"ok":true}');
  });

  test('a Uint8Array body is sent as is, with its byte length', quick, async () => {
    const bytes = new TextEncoder().encode('{"bytes":"✓"}');
    const res = await httpFetch(`${base}/target`, { method: 'PUT', body: bytes });
    assert.equal(await res.text(), 'target got PUT {"bytes":"✓"}');
    const request = requestsTo('/target').at(-1)!;
    assert.equal(request.headers['content-length'], String(bytes.byteLength));
  });

  test('the body streams chunk by chunk: the first chunk arrives before the server ends', quick, async () => {
    streamGate = deferred();
    const res = await httpFetch(`${base}/stream`);
    assert.equal(res.status, 200);
    assert.ok(res.body);
    const reader = res.body.getReader();
    const first = await reader.read();
    assert.equal(first.done, false);
    assert.equal(text(first.value), 'one ');
    streamGate.resolve();
    const rest: string[] = [];
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      assert.ok(chunk.value instanceof Uint8Array);
      rest.push(text(chunk.value));
    }
    assert.equal(rest.join(''), 'two three');
    assert.ok(rest.length >= 2, `the two delayed writes came as ${rest.length} chunk(s)`);
  });

  test('a Headers instance and an array of pairs as headers', quick, async () => {
    const fromHeaders = new Headers({ Authorization: 'Bearer from-headers', 'X-Custom': 'h' });
    fromHeaders.append('x-list', '1');
    fromHeaders.append('x-list', '2');
    const got1 = (await (await httpFetch(`${base}/headers`, { headers: fromHeaders })).json()) as Record<string, string>;
    assert.equal(got1.authorization, 'Bearer from-headers');
    assert.equal(got1['x-custom'], 'h');
    assert.equal(got1['x-list'], '1, 2');

    const pairs: [string, string][] = [
      ['Authorization', 'Bearer from-pairs'],
      ['X-Custom', 'p'],
    ];
    const got2 = (await (await httpFetch(`${base}/headers`, { headers: pairs })).json()) as Record<string, string>;
    assert.equal(got2.authorization, 'Bearer from-pairs');
    assert.equal(got2['x-custom'], 'p');
  });

  test('non-2xx statuses resolve, with their headers and bodies readable', quick, async () => {
    const limited = await httpFetch(`${base}/429`, { method: 'POST', body: '{}' });
    assert.equal(limited.status, 429);
    assert.equal(limited.ok, false);
    assert.equal(limited.headers.get('retry-after'), '7');
    assert.equal(await limited.text(), 'slow down');

    const failed = await httpFetch(`${base}/500`, { method: 'POST', body: '{}' });
    assert.equal(failed.status, 500);
    assert.equal(failed.ok, false);
    assert.equal(failed.headers.get('content-type'), 'application/json');
    assert.deepEqual(await failed.json(), { error: { message: 'boom' } });
  });

  test('204 gives a null body', quick, async () => {
    const res = await httpFetch(`${base}/204`, { method: 'POST', body: '{}' });
    assert.equal(res.status, 204);
    assert.equal(res.ok, true);
    assert.equal(res.headers.get('x-empty'), 'yes');
    assert.equal(res.body, null);
    assert.equal(await res.text(), '');
  });

  test('a 307 redirect is followed, method and body kept, and the target answers', quick, async () => {
    const res = await httpFetch(`${base}/redirect`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":1}' });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'target got POST {"n":1}');
    const target = requestsTo('/target').at(-1)!;
    assert.equal(target.method, 'POST');
    assert.equal(target.body, '{"n":1}');
    assert.ok(requestsTo('/redirect').length >= 1);
  });

  test('a compressed response is decoded (gzip, deflate, br)', quick, async () => {
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const res = await httpFetch(`${base}/${encoding}`);
      assert.equal(res.headers.get('content-encoding'), encoding);
      assert.equal(await res.text(), longText, encoding);
    }
  });

  test('a gzip body without its trailer, or empty, reads as what it holds (as the global fetch reads it)', quick, async () => {
    assert.equal(await (await httpFetch(`${base}/gzip-no-trailer`)).text(), longText);
    assert.equal(await (await httpFetch(`${base}/gzip-empty`)).text(), '');
  });

  test('a status outside 200-599 rejects with TypeError("fetch failed"), and the process goes on', quick, async () => {
    await assert.rejects(httpFetch(`${base}/status-600`), (error: unknown) => {
      assert.ok(error instanceof TypeError, String(error));
      assert.equal(error.message, 'fetch failed');
      assert.match(String((error.cause as Error | undefined)?.message), /status 600/);
      return true;
    });
  });

  test('header values are trimmed as Headers trims them; a value node:http refuses rejects and leaves nothing on the signal', quick, async () => {
    const res = await httpFetch(`${base}/headers`, { headers: { authorization: ' Bearer k\n', 'x-tab': '\tv\t' } });
    const got = (await res.json()) as Record<string, string>;
    assert.equal(got.authorization, 'Bearer k');
    assert.equal(got['x-tab'], 'v');

    const controller = new AbortController();
    await assert.rejects(httpFetch(`${base}/headers`, { headers: { authorization: 'a\nb' }, signal: controller.signal }), (error: unknown) => {
      assert.ok(error instanceof TypeError, String(error));
      assert.equal(error.message, 'fetch failed');
      return true;
    });
    controller.abort(); // nothing may still listen (a listener left behind used to throw here)
    await assert.rejects(httpFetch(`${base}/headers`, { method: 'BAD METHOD' }), TypeError);
  });

  test('a HEAD response has a null body', quick, async () => {
    const res = await httpFetch(`${base}/echo`, { method: 'HEAD' });
    assert.equal(res.status, 201);
    assert.equal(res.body, null);
  });

  test('connection refused rejects with TypeError("fetch failed") caused by ECONNREFUSED', quick, async () => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));

    await assert.rejects(httpFetch(`http://127.0.0.1:${port}/v1/chat/completions`, { method: 'POST', body: '{}' }), (error: unknown) => {
      assert.ok(error instanceof TypeError, String(error));
      assert.equal(error.message, 'fetch failed');
      assert.equal((error.cause as NodeJS.ErrnoException | undefined)?.code, 'ECONNREFUSED');
      return true;
    });
  });

  test('a connection closed mid-body makes reading the body fail with TypeError("terminated")', quick, async () => {
    for (const path of ['/terminate', '/terminate-gzip']) {
      const res = await httpFetch(`${base}${path}`);
      assert.equal(res.status, 200);
      await assert.rejects(res.text(), (error: unknown) => {
        assert.ok(error instanceof TypeError, `${path}: ${String(error)}`);
        assert.equal(error.message, 'terminated');
        assert.ok(error.cause != null, `${path}: a cause`);
        return true;
      });
    }
  });

  test('an abort before the response starts rejects at once with an AbortError, and the request is closed', quick, async () => {
    const controller = new AbortController();
    const arrived = once(events, 'arrived /slow');
    const serverClosed = closed('/slow');
    const pending = httpFetch(`${base}/slow`, { method: 'POST', body: '{}', signal: controller.signal });
    await arrived;
    const started = performance.now();
    controller.abort();
    await assert.rejects(pending, (error: unknown) => {
      assert.equal((error as Error).name, 'AbortError');
      return true;
    });
    assert.ok(performance.now() - started < 500, `rejected after ${Math.round(performance.now() - started)} ms`);
    await serverClosed;
  });

  test('an abort with a reason rejects with that very reason', quick, async () => {
    const controller = new AbortController();
    const reason = new Error('user stopped the run');
    const arrived = once(events, 'arrived /slow');
    const pending = httpFetch(`${base}/slow`, { signal: controller.signal });
    await arrived;
    const started = performance.now();
    controller.abort(reason);
    await assert.rejects(pending, (error: unknown) => error === reason);
    assert.ok(performance.now() - started < 500);
  });

  test('an already-aborted signal rejects without contacting the server', quick, async () => {
    const before = requestsTo('/slow').length;
    const reason = new Error('aborted earlier');
    await assert.rejects(httpFetch(`${base}/slow`, { signal: AbortSignal.abort(reason) }), (error: unknown) => error === reason);
    await assert.rejects(httpFetch(`${base}/slow`, { method: 'POST', body: '{}', signal: AbortSignal.abort() }), (error: unknown) => {
      assert.equal((error as Error).name, 'AbortError');
      return true;
    });
    await delay(50); // time enough for a request on loopback to arrive
    assert.equal(requestsTo('/slow').length, before);
  });

  test('an abort while the body streams rejects the pending read with the reason and closes the request', quick, async () => {
    for (const reason of [new Error('stop streaming'), undefined]) {
      const controller = new AbortController();
      const serverClosed = closed('/hang');
      const res = await httpFetch(`${base}/hang`, { signal: controller.signal });
      const reader = res.body!.getReader();
      assert.equal(text((await reader.read()).value), 'first');
      const pendingRead = reader.read();
      await delay(10);
      controller.abort(reason);
      await assert.rejects(pendingRead, (error: unknown) => (reason ? error === reason : (error as Error).name === 'AbortError'));
      await serverClosed;
    }
  });

  test('a URL object works; other schemes and bodies go to the global fetch', quick, async () => {
    const res = await httpFetch(new URL('/target?via=url', base), { method: 'POST', body: 'from a URL' });
    assert.equal(await res.text(), 'target got POST from a URL');
    assert.equal(requestsTo('/target').at(-1)!.url, '/target?via=url');

    const data = await httpFetch('data:text/plain,hello');
    assert.equal(data.status, 200);
    assert.equal(await data.text(), 'hello');

    const form = await httpFetch(`${base}/target`, { method: 'POST', body: new URLSearchParams({ a: '1', b: 'two' }) });
    assert.equal(await form.text(), 'target got POST a=1&b=two');
    assert.match(String(requestsTo('/target').at(-1)!.headers['content-type']), /^application\/x-www-form-urlencoded/);
  });

  test('sequential requests reuse one keep-alive connection', quick, async () => {
    const first = await (await httpFetch(`${base}/keep-alive`)).text();
    await new Promise((resolve) => setImmediate(resolve)); // the socket goes back to the pool once the response has ended
    const second = await (await httpFetch(`${base}/keep-alive`, { method: 'POST', body: 'x' })).text();
    assert.match(first, /^socket \d+$/);
    assert.equal(second, first);
  });

  test('an idle keep-alive connection does not keep a process alive', { timeout: 4000 }, async () => {
    // A child process fetches from this server, which would hold the connection open for 30 s;
    // the child must still exit on its own as soon as it is done.
    const moduleUrl = new URL('../../../../electron/services/providers/remote/http-fetch.ts', import.meta.url).href;
    const script = `
      const { httpFetch } = await import(${JSON.stringify(moduleUrl)});
      const res = await httpFetch(process.argv[1], { method: 'POST', body: 'child' });
      console.log(await res.text());`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, `${base}/target`], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), 2500);
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    clearTimeout(killer);
    assert.equal(signal, null, `the child was still running after 2.5 s; stderr: ${stderr}`);
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim(), 'target got POST child');
    const request = requestsTo('/target').at(-1)!;
    assert.equal(request.body, 'child');
    assert.equal(request.headers.connection, 'keep-alive');
    // The connection went away with the process.
    if (!request.socket.destroyed) await once(request.socket, 'close', { signal: AbortSignal.timeout(1000) });
  });
});
