import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { GenerationRequest } from '../../../../shared/contract/generation.js';
import type { RemoteProvider } from '../../../../shared/contract/models.js';
import { createRemoteProvider, testConnection, type RemoteProviderOptions } from '../../../../electron/services/providers/remote/index.js';
import { startFakeProvider, type FakeProviderServer } from '../../../support/fake-providers/index.js';
import { recordingLogger } from './support.js';

const providers: { provider: RemoteProvider; model: string }[] = [
  { provider: 'openai', model: 'gpt-4o-mini' },
  { provider: 'openai-compatible', model: 'llama-3.1-8b-instruct' },
  { provider: 'anthropic', model: 'claude-sonnet-4-5' },
  { provider: 'google', model: 'gemini-2.5-flash' },
];

const prices = { inputPerMillion: 2, outputPerMillion: 8 };

function request(params: Partial<GenerationRequest['params']> = {}, user = 'the quick brown fox jumps over the lazy dog'): GenerationRequest {
  return {
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: user },
    ],
    params: { temperature: 0.3, maxTokens: 64, stop: [], ...params },
  };
}

for (const { provider, model } of providers) {
  describe(`${provider} against its fake server`, () => {
    let server: FakeProviderServer;
    const make = (options: Partial<RemoteProviderOptions> = {}) =>
      createRemoteProvider({ provider, baseUrl: server.baseUrl, model, prices, apiKey: server.apiKey, ...options });

    before(async () => {
      server = await startFakeProvider(provider, { tokenDelayMs: 5 });
    });
    after(() => server.close());

    test('streams the reply with deltas, usage, cost, finish reason and timing', async () => {
      server.reset();
      const deltas: string[] = [];
      const result = await make().generate(request(), { onDelta: (text) => deltas.push(text) });

      assert.equal(result.error, null);
      assert.equal(result.output, 'the quick brown fox jumps over the lazy dog');
      assert.ok(deltas.length >= 2, `several deltas, got ${deltas.length}`);
      assert.equal(deltas.join(''), result.output);
      assert.equal(result.finishReason, 'stop');
      // The fake counts words: 3 system + 9 user in, 9 out.
      assert.equal(result.inputTokens, 12);
      assert.equal(result.outputTokens, 9);
      assert.equal(result.costUsd, (12 * 2 + 9 * 8) / 1_000_000);
      assert.ok(result.timeToFirstTokenMs !== null && result.timeToFirstTokenMs >= 0);
      assert.ok(result.timeToFirstTokenMs <= result.latencyMs);
      assert.ok(result.tokensPerSecond !== null && result.tokensPerSecond > 0);
    });

    test('asks for the whole answer at once when not streaming', async () => {
      server.reset();
      const deltas: string[] = [];
      const result = await make({ streaming: false }).generate(request(), { onDelta: (text) => deltas.push(text) });

      assert.equal(result.error, null);
      assert.equal(result.output, 'the quick brown fox jumps over the lazy dog');
      assert.deepEqual(deltas, []);
      assert.equal(result.inputTokens, 12);
      assert.equal(result.outputTokens, 9);
      assert.equal(result.finishReason, 'stop');
      assert.equal(result.timeToFirstTokenMs, null);
      const sent = server.lastRequest();
      assert.ok(sent);
      if (provider === 'google') assert.match(sent.path, /:generateContent$/);
      else assert.notEqual(sent.body.stream, true);
    });

    test('sends the sampling parameters, the system message and the key in the provider’s header', async () => {
      server.reset();
      await make().generate(request({ temperature: 0.25, topP: 0.9, maxTokens: 33, stop: ['\n\n', 'END'], seed: 1234 }));
      const sent = server.lastRequest();
      assert.ok(sent);
      const body = sent.body;
      switch (provider) {
        case 'openai':
        case 'openai-compatible':
          assert.equal(sent.path, '/v1/chat/completions');
          assert.equal(sent.headers.authorization, `Bearer ${server.apiKey}`);
          assert.equal(body.model, model);
          assert.equal(body.temperature, 0.25);
          assert.equal(body.top_p, 0.9);
          assert.equal(body.max_tokens, 33);
          assert.deepEqual(body.stop, ['\n\n', 'END']);
          assert.equal(body.seed, 1234);
          assert.equal(body.stream, true);
          assert.deepEqual(body.stream_options, { include_usage: true });
          assert.deepEqual(body.messages[0], { role: 'system', content: 'You are terse.' });
          break;
        case 'anthropic':
          assert.equal(sent.path, '/v1/messages');
          assert.equal(sent.headers['x-api-key'], server.apiKey);
          assert.ok(sent.headers['anthropic-version']);
          assert.equal(sent.headers.authorization, undefined);
          assert.equal(body.model, model);
          assert.equal(body.temperature, 0.25);
          assert.equal(body.top_p, 0.9);
          assert.equal(body.max_tokens, 33);
          assert.deepEqual(body.stop_sequences, ['\n\n', 'END']);
          assert.equal(body.seed, undefined, 'Anthropic has no seed');
          assert.deepEqual(body.system, [{ type: 'text', text: 'You are terse.' }]);
          break;
        case 'google':
          assert.equal(sent.path, `/v1beta/models/${model}:streamGenerateContent`);
          assert.equal(sent.query.alt, 'sse');
          assert.equal(sent.query.key, undefined, 'the key stays out of the URL');
          assert.equal(sent.headers['x-goog-api-key'], server.apiKey);
          assert.equal(body.generationConfig.temperature, 0.25);
          assert.equal(body.generationConfig.topP, 0.9);
          assert.equal(body.generationConfig.maxOutputTokens, 33);
          assert.deepEqual(body.generationConfig.stopSequences, ['\n\n', 'END']);
          assert.equal(body.generationConfig.seed, 1234);
          assert.deepEqual(body.systemInstruction, { parts: [{ text: 'You are terse.' }] });
          break;
      }
    });

    test('top K goes where the API takes it', async () => {
      server.reset();
      const logger = recordingLogger();
      await make({ logger }).generate(request({ topK: 7 }));
      const body = server.lastRequest()?.body;
      if (provider === 'openai') {
        assert.equal(body.top_k, undefined);
        assert.ok(logger.lines.some((line) => line.includes('topK')), 'the ignored setting is logged');
      }
      if (provider === 'openai-compatible') assert.equal(body.top_k, 7);
      if (provider === 'anthropic') assert.equal(body.top_k, 7);
      if (provider === 'google') assert.equal(body.generationConfig.topK, 7);
    });

    test('max tokens cuts the text and reads as length', async () => {
      const result = await make().generate(request({ maxTokens: 3 }));
      assert.equal(result.error, null);
      assert.equal(result.output, 'the quick brown');
      assert.equal(result.outputTokens, 3);
      assert.equal(result.finishReason, 'length');
    });

    test('a stop sequence ends the text', async () => {
      const result = await make().generate(request({ stop: [' jumps'] }));
      assert.equal(result.error, null);
      assert.equal(result.output, 'the quick brown fox');
      // Only Anthropic tells a stop sequence from a natural end.
      assert.equal(result.finishReason, provider === 'anthropic' ? 'stop-sequence' : 'stop');
    });

    test('the id names provider, endpoint and model but never the key', () => {
      const remote = make();
      assert.equal(remote.id, `${provider}|${server.baseUrl}|${model}`);
      assert.ok(!remote.id.includes(server.apiKey));
    });

    test('test connection reports latency and the reply', async () => {
      server.reset();
      const check = await testConnection(make());
      assert.equal(check.ok, true);
      assert.ok(check.latencyMs !== null && check.latencyMs >= 0);
      assert.match(check.message, /^Connected in \d+ ms; the model replied “.+”\.$/);
      const sent = server.lastRequest()?.body;
      const maxTokens = sent.max_tokens ?? sent.generationConfig?.maxOutputTokens;
      assert.ok(maxTokens >= 1 && maxTokens <= 5, `a tiny request, max tokens ${maxTokens}`);
    });

    test('test connection gives the provider’s error in words', async () => {
      const check = await testConnection(make({ apiKey: 'not-the-right-key-0123' }));
      assert.equal(check.ok, false);
      assert.equal(check.latencyMs, null);
      assert.match(check.message, /^The API key was rejected \(40[01]\)/);
      assert.ok(!check.message.includes('not-the-right-key-0123'));
    });
  });
}

describe('OpenAI-compatible servers without usage', () => {
  test('count 0 tokens, no cost, say so in the log, and keep the text', async () => {
    const server = await startFakeProvider('openai-compatible', { omitUsage: true });
    try {
      for (const streaming of [true, false]) {
        const logger = recordingLogger();
        const remote = createRemoteProvider({ provider: 'openai-compatible', baseUrl: server.baseUrl, model: 'm', prices, apiKey: server.apiKey, streaming, logger });
        const result = await remote.generate(request());
        assert.equal(result.error, null);
        assert.equal(result.output, 'the quick brown fox jumps over the lazy dog');
        assert.equal(result.inputTokens, 0);
        assert.equal(result.outputTokens, 0);
        assert.equal(result.costUsd, null);
        assert.equal(result.tokensPerSecond, null);
        assert.ok(logger.lines.some((line) => line.includes('reported no token usage')));
      }
    } finally {
      await server.close();
    }
  });

  test('OpenAI account settings in the environment never reach another server', async () => {
    const server = await startFakeProvider('openai-compatible', { apiKey: null });
    const saved = { org: process.env.OPENAI_ORG_ID, project: process.env.OPENAI_PROJECT_ID, key: process.env.OPENAI_API_KEY };
    Object.assign(process.env, { OPENAI_ORG_ID: 'org-private', OPENAI_PROJECT_ID: 'proj-private', OPENAI_API_KEY: 'sk-private-openai-key' });
    try {
      const remote = createRemoteProvider({ provider: 'openai-compatible', baseUrl: server.baseUrl, model: 'm', prices });
      assert.equal((await remote.generate(request())).error, null);
      const headers = JSON.stringify(server.lastRequest()?.headers);
      assert.doesNotMatch(headers, /org-private|proj-private|sk-private/);
    } finally {
      for (const [name, value] of [['OPENAI_ORG_ID', saved.org], ['OPENAI_PROJECT_ID', saved.project], ['OPENAI_API_KEY', saved.key]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await server.close();
    }
  });

  test('need no key: none is sent', async () => {
    const server = await startFakeProvider('openai-compatible', { apiKey: null });
    try {
      const remote = createRemoteProvider({ provider: 'openai-compatible', baseUrl: server.baseUrl, model: 'm', prices });
      const result = await remote.generate(request());
      assert.equal(result.error, null);
      assert.equal(server.lastRequest()?.headers.authorization, undefined);
    } finally {
      await server.close();
    }
  });
});

describe('creating a remote provider', () => {
  test('a hosted API without a key fails as data, before any request', async () => {
    const remote = createRemoteProvider({ provider: 'anthropic', model: 'claude-haiku-4-5', prices, apiKeyName: 'ANTHROPIC_API_KEY' });
    const result = await remote.generate(request());
    assert.deepEqual(result.error, { code: 'AUTH', message: 'No API key is set for Anthropic: add ANTHROPIC_API_KEY.', retryable: false });
    assert.equal(remote.baseUrl, 'https://api.anthropic.com/v1');
    assert.equal(remote.id, 'anthropic|https://api.anthropic.com/v1|claude-haiku-4-5');
  });

  test('an OpenAI-compatible endpoint needs a base URL; a bad URL is refused in words', () => {
    assert.throws(() => createRemoteProvider({ provider: 'openai-compatible', model: 'm', prices }), { code: 'INVALID_INPUT', message: /needs a base URL/ });
    assert.throws(() => createRemoteProvider({ provider: 'openai-compatible', baseUrl: 'localhost:8000', model: 'm', prices }), { code: 'INVALID_INPUT' });
    assert.throws(() => createRemoteProvider({ provider: 'openai-compatible', baseUrl: 'ftp://x/v1', model: 'm', prices }), { code: 'INVALID_INPUT' });
  });

  test('trailing slashes do not make a different provider id', () => {
    const a = createRemoteProvider({ provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:8000/v1/', model: 'm', prices });
    const b = createRemoteProvider({ provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:8000/v1', model: 'm', prices });
    assert.equal(a.id, b.id);
  });

  test('credentials in a base URL stay out of the id and the words', () => {
    const remote = createRemoteProvider({ provider: 'openai-compatible', baseUrl: 'https://user:hunter2secret@example.test/v1', model: 'm', prices });
    assert.ok(!remote.id.includes('hunter2secret'));
    assert.ok(!remote.label.includes('hunter2secret'));
  });
});
