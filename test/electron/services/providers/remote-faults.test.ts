import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { GenerationError, GenerationRequest, GenerationResult } from '../../../../shared/contract/generation.js';
import type { RemoteProvider } from '../../../../shared/contract/models.js';
import { createRemoteProvider, type RemoteProviderOptions } from '../../../../electron/services/providers/remote/index.js';
import { startFakeProvider, type FakeFault, type FakeProviderServer } from '../../../support/fake-providers/index.js';
import { recordingLogger } from './support.js';

// Keys shaped like no well-known key, so only the provider's own scrubbing can hide them.
const apiKey = 'arbiter-secret-Q7v2Lk9Xw4';
const wrongKey = 'arbiter-wrong-Z3m8Tp1Rd6';

const providers: { provider: RemoteProvider; model: string }[] = [
  { provider: 'openai', model: 'gpt-4.1-mini' },
  { provider: 'openai-compatible', model: 'qwen2.5-7b-instruct' },
  { provider: 'anthropic', model: 'claude-haiku-4-5' },
  { provider: 'google', model: 'gemini-2.0-flash' },
];

const fullText = 'one two three four five six seven eight';
const request: GenerationRequest = {
  messages: [{ role: 'user', content: fullText }],
  params: { temperature: 0, maxTokens: 100, stop: [] },
};

interface Case {
  name: string;
  fault?: FakeFault;
  options?: Partial<RemoteProviderOptions>;
  expect: (error: GenerationError, result: GenerationResult, provider: RemoteProvider) => void;
}

const cases: Case[] = [
  {
    name: 'a rejected key is AUTH, in words, not retryable',
    options: { apiKey: wrongKey },
    expect(error, _result, provider) {
      assert.equal(error.code, 'AUTH');
      assert.equal(error.retryable, false);
      // Gemini really answers a bad key with 400 API_KEY_INVALID.
      assert.match(error.message, provider === 'google' ? /^The API key was rejected \(400\): API key not valid/ : /^The API key was rejected \(401\): \S/);
    },
  },
  {
    name: '403 is AUTH, in the provider’s words',
    fault: { kind: 'status', status: 403, message: 'Your key may not use this model.' },
    expect(error) {
      assert.deepEqual(error, { code: 'AUTH', message: 'The API key was rejected (403): Your key may not use this model.', retryable: false });
    },
  },
  {
    name: '429 is RATE_LIMITED with Retry-After in seconds',
    fault: { kind: 'status', status: 429, retryAfter: '7' },
    expect(error) {
      assert.equal(error.code, 'RATE_LIMITED');
      assert.equal(error.retryable, true);
      assert.equal(error.retryAfterSeconds, 7);
      assert.match(error.message, /^(OpenAI|Anthropic|Google Gemini|The server) at http:\/\/127\.0\.0\.1:\d+\/v1(beta)? is limiting requests \(429\): Rate limit reached.* It asked to wait 7 s\.$/);
    },
  },
  {
    name: '429 with Retry-After as an HTTP date',
    fault: { kind: 'status', status: 429, retryAfter: new Date(Date.now() + 120_000).toUTCString() },
    expect(error) {
      assert.equal(error.code, 'RATE_LIMITED');
      assert.ok(error.retryAfterSeconds !== undefined && error.retryAfterSeconds > 60 && error.retryAfterSeconds <= 120, `got ${error.retryAfterSeconds}`);
    },
  },
  {
    name: '500 is SERVER and retryable',
    fault: { kind: 'status', status: 500 },
    expect(error) {
      assert.equal(error.code, 'SERVER');
      assert.equal(error.retryable, true);
      assert.match(error.message, / had a server error \(500\): The server had an error/);
    },
  },
  {
    name: '400 is BAD_REQUEST',
    fault: { kind: 'status', status: 400, message: 'max_tokens is too large for this model.' },
    expect(error) {
      assert.deepEqual(error, { code: 'BAD_REQUEST', message: 'The request was rejected (400): max_tokens is too large for this model.', retryable: false });
    },
  },
  {
    name: '422 is BAD_REQUEST',
    fault: { kind: 'status', status: 422, message: 'Unprocessable.' },
    expect(error) {
      assert.equal(error.code, 'BAD_REQUEST');
      assert.equal(error.retryable, false);
    },
  },
  {
    name: 'an unknown model is BAD_REQUEST that points at the model name',
    options: { model: 'no-such-model' },
    expect(error) {
      assert.equal(error.code, 'BAD_REQUEST');
      assert.equal(error.retryable, false);
      assert.match(error.message, /^Not found \(404\): The model `no-such-model` does not exist.*Check the base URL and the model name\.$/);
    },
  },
  {
    name: 'a dropped connection is NETWORK and retryable, keeping what arrived',
    fault: { kind: 'drop', afterTokens: 3 },
    expect(error, result) {
      assert.equal(error.code, 'NETWORK');
      assert.equal(error.retryable, true);
      assert.match(error.message, /connection to .* dropped before the response was complete/);
      assert.ok(fullText.startsWith(result.output), `a prefix of the reply, got “${result.output}”`);
    },
  },
  {
    name: 'malformed JSON is BAD_RESPONSE',
    fault: { kind: 'malformed-json' },
    expect(error) {
      assert.equal(error.code, 'BAD_RESPONSE');
      assert.equal(error.retryable, false);
      assert.match(error.message, /sent a response that is not valid JSON\. Check that the base URL points at the API\.$/);
    },
  },
  {
    name: 'a web page where the API should be is BAD_RESPONSE, not an empty answer',
    fault: { kind: 'html' },
    expect(error, result) {
      assert.equal(error.code, 'BAD_RESPONSE');
      assert.equal(error.retryable, false);
      assert.match(error.message, /Check that the base URL points at the API/);
      assert.equal(result.output, '');
    },
  },
  {
    name: 'JSON of an unexpected shape is BAD_RESPONSE',
    fault: { kind: 'bad-shape' },
    expect(error) {
      assert.equal(error.code, 'BAD_RESPONSE');
      assert.equal(error.retryable, false);
      assert.match(error.message, /sent a response in a shape this app does not understand/);
    },
  },
  {
    name: 'a server slower than the timeout is TIMEOUT and retryable',
    fault: { kind: 'delay', ms: 5_000 },
    options: { timeoutMs: 150 },
    expect(error) {
      assert.equal(error.code, 'TIMEOUT');
      assert.equal(error.retryable, true);
      assert.match(error.message, /^No response from .* within 0\.1[0-9]* s\.$|^No response from .* within 0\.2 s\.$/);
    },
  },
];

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
after(() => {
  process.off('unhandledRejection', onUnhandled);
  assert.deepEqual(unhandled, [], 'no promise was left rejected and unhandled');
});

for (const { provider, model } of providers) {
  describe(`${provider} faults`, () => {
    let server: FakeProviderServer;
    before(async () => {
      server = await startFakeProvider(provider, { apiKey, models: [model], tokenDelayMs: 2 });
    });
    after(() => server.close());

    for (const streaming of [true, false]) {
      for (const c of cases) {
        test(`${streaming ? 'streaming' : 'not streaming'}: ${c.name}`, async () => {
          server.reset();
          if (c.fault) server.failNext(c.fault);
          const logger = recordingLogger();
          const remote = createRemoteProvider({ provider, baseUrl: server.baseUrl, model, prices: { inputPerMillion: 1, outputPerMillion: 1 }, apiKey, streaming, logger, ...c.options });
          const deltas: string[] = [];
          const result = await remote.generate(request, { onDelta: (text) => deltas.push(text) });

          assert.ok(result.error, `an error, got ${JSON.stringify(result)}`);
          c.expect(result.error, result, provider);
          assert.equal(result.finishReason, 'error');
          assert.equal(result.costUsd, null);
          assert.equal(deltas.join(''), result.output);
          const everything = JSON.stringify(result) + logger.lines.join('\n');
          for (const key of [apiKey, wrongKey]) assert.ok(!everything.includes(key), `the key ${key} leaked: ${everything}`);

          // The fake server and the provider are still fine afterwards.
          const again = await createRemoteProvider({ provider, baseUrl: server.baseUrl, model, prices: { inputPerMillion: 1, outputPerMillion: 1 }, apiKey, streaming }).generate(request);
          assert.equal(again.error, null);
          assert.equal(again.output, fullText);
        });
      }
    }

    test('aborting mid-stream gives CANCELLED at once, with what had arrived', async () => {
      server.configure({ tokenDelayMs: 5_000 });
      try {
        const controller = new AbortController();
        const remote = createRemoteProvider({ provider, baseUrl: server.baseUrl, model, prices: { inputPerMillion: 1, outputPerMillion: 1 }, apiKey });
        let abortedAt = 0;
        const result = await remote.generate(request, {
          signal: controller.signal,
          onDelta: () => {
            abortedAt = performance.now();
            controller.abort();
          },
        });
        const took = performance.now() - abortedAt;
        assert.deepEqual(result.error, { code: 'CANCELLED', message: 'Cancelled.', retryable: false });
        assert.equal(result.finishReason, 'cancelled');
        assert.equal(result.output, 'one');
        // Not a speed test: the next token is 5 s away, and the result must not wait for it.
        assert.ok(took < 2_500, `returned ${Math.round(took)} ms after the abort`);
      } finally {
        server.configure({ tokenDelayMs: 2 });
      }
    });

    test('an already aborted signal sends nothing', async () => {
      server.reset();
      const remote = createRemoteProvider({ provider, baseUrl: server.baseUrl, model, prices: { inputPerMillion: 1, outputPerMillion: 1 }, apiKey });
      const result = await remote.generate(request, { signal: AbortSignal.abort() });
      assert.equal(result.error?.code, 'CANCELLED');
      assert.equal(server.requests.length, 0);
    });

    test('a stream that stalls past the timeout is TIMEOUT, keeping what arrived', async () => {
      server.configure({ tokenDelayMs: 3_000 });
      try {
        const remote = createRemoteProvider({ provider, baseUrl: server.baseUrl, model, prices: { inputPerMillion: 1, outputPerMillion: 1 }, apiKey, timeoutMs: 200 });
        const result = await remote.generate(request);
        assert.equal(result.error?.code, 'TIMEOUT');
        assert.equal(result.error?.retryable, true);
        assert.equal(result.output, 'one');
      } finally {
        server.configure({ tokenDelayMs: 2 });
      }
    });

    test('a refused connection is NETWORK and retryable', async () => {
      const port = await closedPort();
      const base = new URL(server.baseUrl);
      base.port = String(port);
      const remote = createRemoteProvider({ provider, baseUrl: base.toString(), model, prices: { inputPerMillion: 1, outputPerMillion: 1 }, apiKey });
      const result = await remote.generate(request);
      assert.equal(result.error?.code, 'NETWORK');
      assert.equal(result.error?.retryable, true);
      assert.match(result.error?.message ?? '', /^Could not connect to .*: the connection was refused\. Is the server running at that address\?$/);
    });
  });
}

/** A port on 127.0.0.1 that nothing listens on (it just did, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
