import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GenerationError } from '../../../../shared/contract/generation.js';
import { parseRetryAfter, retryDelay, scrubSecrets, toGenerationError } from '../../../../electron/services/providers/remote/index.js';

const context = { label: 'Anthropic', secrets: ['my-secret-key-123'], timeoutMs: 30_000 };

describe('Retry-After', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  test('reads seconds, an HTTP date and OpenAI’s retry-after-ms', () => {
    assert.equal(parseRetryAfter({ 'retry-after': '12' }, now), 12);
    assert.equal(parseRetryAfter({ 'Retry-After': ' 1.5 ' }, now), 1.5);
    assert.equal(parseRetryAfter({ 'retry-after': 'Sun, 01 Jun 2025 12:00:30 GMT' }, now), 30);
    assert.equal(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '1' }, now), 0.25);
  });
  test('a date in the past is 0; garbage and absence are undefined', () => {
    assert.equal(parseRetryAfter({ 'retry-after': 'Sun, 01 Jun 2025 11:00:00 GMT' }, now), 0);
    assert.equal(parseRetryAfter({ 'retry-after': 'soon' }, now), undefined);
    assert.equal(parseRetryAfter({}, now), undefined);
  });
});

describe('retryDelay', () => {
  const server: GenerationError = { code: 'SERVER', message: 'x', retryable: true };
  test('is null for errors not worth retrying', () => {
    assert.equal(retryDelay({ code: 'AUTH', message: 'x', retryable: false }, 1), null);
    assert.equal(retryDelay({ code: 'BAD_REQUEST', message: 'x', retryable: false }, 3), null);
  });
  test('doubles per attempt, with jitter between half and all of the ceiling, up to the cap', () => {
    const low = () => 0;
    const high = () => 0.999_999;
    assert.equal(retryDelay(server, 1, { random: low }), 500);
    assert.equal(retryDelay(server, 1, { random: high }), 1000);
    assert.equal(retryDelay(server, 3, { random: low }), 2000);
    assert.equal(retryDelay(server, 3, { random: high }), 4000);
    assert.equal(retryDelay(server, 30, { random: high }), 60_000);
    assert.equal(retryDelay(server, 2, { baseMs: 100, random: low }), 100);
  });
  test('never retries sooner than Retry-After, and spreads a little past it', () => {
    const limited: GenerationError = { code: 'RATE_LIMITED', message: 'x', retryable: true, retryAfterSeconds: 7 };
    const first = retryDelay(limited, 1, { random: () => 0 });
    const last = retryDelay(limited, 1, { random: () => 0.999 });
    assert.equal(first, 7000);
    assert.ok(last !== null && last > 7000 && last <= 7250);
    // Our own backoff wins when it is longer than what the provider asked for.
    assert.equal(retryDelay({ ...limited, retryAfterSeconds: 1 }, 5, { random: () => 0 }), 8000);
    // An absurd Retry-After is capped.
    assert.equal(retryDelay({ ...limited, retryAfterSeconds: 86_400 }, 1, { random: () => 0 }), 600_000);
  });
});

describe('error words', () => {
  test('keys are scrubbed: the one we sent and anything shaped like a known key', () => {
    const text = 'bad key my-secret-key-123, also sk-proj-abcdefghijklmnop and AIzaSyA1234567890abcdefghijklmn and Bearer abc.def.ghi123';
    const scrubbed = scrubSecrets(text, ['my-secret-key-123']);
    assert.equal(scrubbed, 'bad key [redacted], also [redacted] and [redacted] and Bearer [redacted]');
  });

  test('an error event inside a stream maps by its type', () => {
    assert.equal(toGenerationError({ type: 'overloaded_error', message: 'Overloaded' }, context).code, 'SERVER');
    assert.equal(toGenerationError({ type: 'rate_limit_error', message: 'Slow down' }, context).code, 'RATE_LIMITED');
    assert.equal(toGenerationError({ type: 'invalid_request_error', message: 'Bad' }, context).code, 'BAD_REQUEST');
    const streamed = toGenerationError({ type: 'overloaded_error', message: 'Overloaded' }, context);
    assert.deepEqual(streamed, { code: 'SERVER', message: 'Anthropic reported an error while streaming: Overloaded', retryable: true });
  });

  test('our own stop reads as cancelled or timed out, whatever the SDK threw', () => {
    const abort = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
    assert.equal(toGenerationError(abort, { ...context, stoppedBy: 'cancelled' }).code, 'CANCELLED');
    assert.deepEqual(toGenerationError(abort, { ...context, stoppedBy: 'timeout' }), {
      code: 'TIMEOUT',
      message: 'No response from Anthropic within 30 s.',
      retryable: true,
    });
  });

  test('an API call error without a status is a network problem; with one, its status decides', () => {
    const refused = Object.assign(new Error('Cannot connect to API: connect ECONNREFUSED'), {
      name: 'AI_APICallError',
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
    });
    assert.equal(toGenerationError(refused, context).code, 'NETWORK');
    const dns = Object.assign(new Error('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND x.invalid'), { code: 'ENOTFOUND' }) });
    assert.match(toGenerationError(dns, context).message, /Could not find the host of Anthropic/);
    const overloaded = Object.assign(new Error('Overloaded'), { name: 'AI_APICallError', statusCode: 529, responseHeaders: { 'retry-after': '3' } });
    assert.deepEqual(toGenerationError(overloaded, context), {
      code: 'SERVER',
      message: 'Anthropic had a server error (529): Overloaded',
      retryable: true,
      retryAfterSeconds: 3,
    });
    const timeout408 = Object.assign(new Error('Request Timeout'), { name: 'AI_APICallError', statusCode: 408 });
    assert.equal(toGenerationError(timeout408, context).code, 'TIMEOUT');
  });

  test('a status text is replaced by the message in the body when there is one', () => {
    const error = Object.assign(new Error('Bad Request'), { name: 'AI_APICallError', statusCode: 400, responseBody: '{"detail":"model is required"}' });
    assert.equal(toGenerationError(error, context).message, 'The request was rejected (400): model is required');
  });

  test('anything else is UNKNOWN, scrubbed and not retryable', () => {
    const error = toGenerationError(new Error('weird thing with my-secret-key-123 inside'), context);
    assert.deepEqual(error, { code: 'UNKNOWN', message: 'Unexpected error from Anthropic: weird thing with [redacted] inside', retryable: false });
  });
});
