// Model downloads against a real HTTP server on 127.0.0.1 (no network is used or needed):
// progress, resume after a stopped attempt, hf: references, checksums, and the offline error.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DownloadError, downloadModel, type DownloadProgress } from '../../../../electron/services/local-inference/download-model.js';

// Bigger than ipull's 5 MB chunk, so a stopped download has whole chunks to resume from.
const payload = randomBytes(12 * 1024 * 1024);
const payloadSha256 = createHash('sha256').update(payload).digest('hex');
const scratch = mkdtempSync(join(tmpdir(), 'arbiter-download-'));

let server: Server;
let base: string;
/**
 * Bytes asked for in range requests (what the downloader fetches; its first plain GET only reads
 * the headers), and whether the server streams slowly, so a test can stop a download midway.
 */
let requestedBytes = 0;
let slow = false;

before(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') return res.writeHead(200).end('ok');
    if (path !== '/files/model.gguf' && path !== '/arbiter/tiny/resolve/main/model.gguf') return res.writeHead(404).end('not found');
    const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const end = range?.[2] ? Number(range[2]) : payload.length - 1;
    const body = payload.subarray(start, end + 1);
    const headers = { 'content-length': String(body.length), 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream' };
    if (range) res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${payload.length}` });
    else res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    if (range) requestedBytes += body.length;
    if (!slow) return res.end(body);
    let offset = 0;
    const timer = setInterval(() => {
      if (offset >= body.length) {
        clearInterval(timer);
        res.end();
        return;
      }
      const piece = body.subarray(offset, offset + 256 * 1024);
      offset += piece.length;
      res.write(piece);
    }, 5);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

const rejectsWith = (promise: Promise<unknown>, reason: DownloadError['reason'], message: RegExp) =>
  assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DownloadError, String(error));
    assert.equal(error.reason, reason);
    assert.match(error.message, message);
    return true;
  });

describe('downloadModel', () => {
  test('a stopped download resumes instead of starting over, then verifies its checksum', async (t) => {
    const directory = join(scratch, 'resume');
    const controller = new AbortController();
    slow = true;
    await rejectsWith(
      downloadModel({
        source: `${base}/files/model.gguf`,
        directory,
        signal: controller.signal,
        onProgress: ({ receivedBytes }) => {
          if (receivedBytes > 7 * 1024 * 1024) controller.abort();
        },
      }),
      'cancelled',
      /resumes/,
    );
    assert.ok(readdirSync(directory).some((name) => name.endsWith('.ipull')), 'the partial file and its progress record stay');
    slow = false;
    requestedBytes = 0;
    const progress: DownloadProgress[] = [];
    const done = await downloadModel({ source: `${base}/files/model.gguf`, directory, sha256: payloadSha256.toUpperCase(), onProgress: (p) => progress.push(p) });
    t.diagnostic(`the second attempt fetched ${requestedBytes} of ${payload.length} bytes`);
    assert.ok(requestedBytes > 0 && requestedBytes < payload.length, `resumed: the second attempt fetched ${requestedBytes} of ${payload.length} bytes`);
    assert.equal(done.path, join(directory, 'model.gguf'));
    assert.equal(done.sizeBytes, payload.length);
    assert.equal(done.sha256, payloadSha256);
    assert.ok(readFileSync(done.path).equals(payload));
    assert.deepEqual(progress.at(-1), { state: 'done', receivedBytes: payload.length, totalBytes: payload.length });
    assert.ok(progress.some((p) => p.state === 'verifying'));
  });

  test('an hf: reference resolves against the Hugging Face endpoint', async () => {
    const directory = join(scratch, 'hf');
    const done = await downloadModel({ source: 'hf:arbiter/tiny/model.gguf', directory, huggingFaceEndpoint: base });
    assert.ok(readFileSync(done.path).equals(payload));
    assert.equal(done.sha256, null, 'not hashed when no checksum was asked for');
  });

  test('a checksum mismatch is a clear error and leaves no file behind', async () => {
    const directory = join(scratch, 'mismatch');
    const wrong = 'a'.repeat(64);
    await rejectsWith(downloadModel({ source: `${base}/files/model.gguf`, directory, sha256: wrong }), 'checksum', /Checksum mismatch .*expected sha256 a{64}, got [0-9a-f]{64}/);
    assert.equal(existsSync(join(directory, 'model.gguf')), false);
  });

  test('offline: an unreachable server is named in the error, quickly', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const started = performance.now();
    await rejectsWith(
      downloadModel({ source: 'hf:someone/some-model:Q4_K_M', directory: join(scratch, 'offline'), huggingFaceEndpoint: `http://127.0.0.1:${port}` }),
      'offline',
      new RegExp(`^Could not reach 127\\.0\\.0\\.1:${port}: no network\\?`),
    );
    await rejectsWith(downloadModel({ source: `http://127.0.0.1:${port}/model.gguf`, directory: join(scratch, 'offline') }), 'offline', /Could not reach/);
    assert.ok(performance.now() - started < 5_000);
  });

  test('a missing file and a source that is not a URL', async () => {
    await rejectsWith(downloadModel({ source: `${base}/files/nope.gguf`, directory: join(scratch, 'missing') }), 'http', /has no file at \/files\/nope\.gguf \(404\)/);
    await rejectsWith(downloadModel({ source: 'my-model.gguf', directory: scratch }), 'invalid-source', /neither a URL nor an hf: reference/);
  });
});
