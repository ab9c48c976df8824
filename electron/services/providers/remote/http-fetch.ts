import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { constants as zlib, createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/**
 * The `fetch` the AI SDK's provider packages get (their `fetch` option): the same contract as the
 * global fetch for what they send (a POST with a JSON string body, headers, an abort signal) and
 * read (status, headers, a web-stream body), over node:http(s) with keep-alive agents.
 *
 * Why not the global fetch: on Node 20 its spec machinery costs more CPU than the whole rest of a
 * request. It builds a Request, turns the string body into a stream, clones the request (teeing
 * that stream) and wraps the response body, each stream a transferable object. Measured with
 * the AI SDK's OpenAI-compatible doStream, 2,000 requests at 16 in flight against a local server
 * answering in 50 ms: 3.0 ms of CPU a request with the global fetch, 2.0 ms with this one, and a
 * run 7.5 s long with the global fetch took 6.8 s with this one (ideal 6.25 s).
 *
 * What it does not do itself goes to the global fetch unchanged: bodies other than a string or
 * bytes, schemes other than http(s), and following redirects (a 3xx with a Location is replayed
 * there). Failures look like the global fetch's, so error handling reads them the same way:
 * a TypeError('fetch failed') whose cause is the socket error, a body that ends early errors
 * with TypeError('terminated'), and an abort rejects with the signal's reason.
 */
export const httpFetch: typeof fetch = (input, init) => {
  const url = typeof input === 'string' ? safeUrl(input) : input instanceof URL ? input : null;
  const body = init?.body;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !(body == null || typeof body === 'string' || body instanceof Uint8Array)) {
    return fetch(input, init);
  }
  const signal = init?.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  const https = url.protocol === 'https:';
  const method = (init?.method ?? 'GET').toUpperCase();

  return new Promise<Response>((resolve, reject) => {
    let request: ClientRequest | null = null;
    let bodyController: ReadableStreamDefaultController<Uint8Array> | null = null;
    let settled = false;
    const finish = () => {
      settled = true;
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: unknown) => {
      finish();
      request?.destroy();
      reject(new TypeError('fetch failed', { cause: error }));
    };
    const onAbort = () => {
      const reason = abortReason(signal!);
      const streaming = bodyController;
      finish();
      request?.destroy();
      if (streaming) errorQuietly(streaming, reason);
      else reject(reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    const onResponse = (response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      if (redirectStatuses.has(status) && response.headers.location) {
        response.resume();
        finish();
        resolve(fetch(input, init));
        return;
      }
      if (status < 200 || status > 599) {
        response.resume();
        fail(new Error(`The server answered with status ${status}, which is not a valid HTTP status for a response.`));
        return;
      }
      const responseHeaders = new Headers();
      const raw = response.rawHeaders;
      for (let i = 0; i + 1 < raw.length; i += 2) responseHeaders.append(raw[i]!, raw[i + 1]!);
      const responseInit = { status, statusText: response.statusMessage ?? '', headers: responseHeaders };
      if (nullBodyStatuses.has(status) || method === 'HEAD') {
        response.resume();
        finish();
        resolve(new Response(null, responseInit));
        return;
      }
      const body = bodyStream(response, {
        opened: (controller) => (bodyController = controller),
        ended: finish,
        isSettled: () => settled,
      });
      resolve(new Response(body, responseInit));
    };

    try {
      request = (https ? httpsRequest : httpRequest)(url, { method, headers: requestHeaders(init?.headers, body), agent: https ? httpsAgent : httpAgent }, (response) => {
        try {
          onResponse(response);
        } catch (error) {
          response.destroy();
          fail(error);
        }
      });
    } catch (error) {
      // A header value or method node:http refuses (the global fetch refuses them too).
      fail(error);
      return;
    }
    request.on('error', (error) => {
      if (settled || bodyController) return; // an abort, or a body error the stream reports
      fail(error);
    });
    request.end(body ?? undefined);
  });
};

const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

/** The response body as a web stream, decoded when the server compressed it anyway, paused while nobody reads. */
function bodyStream(
  response: IncomingMessage,
  hooks: { opened: (controller: ReadableStreamDefaultController<Uint8Array>) => void; ended: () => void; isSettled: () => boolean },
): ReadableStream<Uint8Array> {
  const source = decoded(response);
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        hooks.opened(controller);
        let ended = false;
        source.on('data', (chunk: Buffer) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 1) <= 0) source.pause();
        });
        source.on('end', () => {
          ended = true;
          hooks.ended();
          controller.close();
        });
        const terminated = (cause: unknown) => {
          if (ended || hooks.isSettled()) return; // closed, cancelled or aborted already
          ended = true;
          hooks.ended();
          errorQuietly(controller, new TypeError('terminated', { cause }));
        };
        source.on('error', terminated);
        // A connection that closes mid-body may end the message without an error event.
        response.on('close', () => {
          if (!response.complete) terminated(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
        });
      },
      pull() {
        source.resume();
      },
      cancel() {
        hooks.ended();
        response.destroy();
      },
    },
    { highWaterMark: 16 },
  );
}

/** As the global fetch decodes: a body cut short of its trailer (or empty) still reads as what it holds. */
const lenient = { flush: zlib.Z_SYNC_FLUSH, finishFlush: zlib.Z_SYNC_FLUSH };

function decoded(response: IncomingMessage): Readable {
  const encoding = response.headers['content-encoding']?.trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip(lenient)
      : encoding === 'deflate'
        ? createInflate(lenient)
        : encoding === 'br'
          ? createBrotliDecompress({ finishFlush: zlib.BROTLI_OPERATION_FLUSH })
          : null;
  if (!decoder) return response;
  response.on('error', (error) => decoder.destroy(error));
  return response.pipe(decoder);
}

function requestHeaders(given: RequestInit['headers'], body: string | Uint8Array | null | undefined): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  if (given instanceof Headers || Array.isArray(given)) {
    for (const [name, value] of new Headers(given)) headers[name] = value;
  } else if (given) {
    for (const name in given) {
      const value = (given as Record<string, string | undefined>)[name];
      // Headers trims a value's surrounding whitespace; node:http would refuse a trailing newline.
      if (value !== undefined) headers[name.toLowerCase()] = String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
    }
  }
  headers.accept ??= '*/*';
  if (body != null) headers['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  return headers;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function errorQuietly(controller: ReadableStreamDefaultController<Uint8Array>, reason: unknown): void {
  try {
    controller.error(reason);
  } catch {
    // already closed or errored
  }
}

function safeUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
