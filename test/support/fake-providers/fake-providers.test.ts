import assert from 'node:assert/strict';
import { test } from 'node:test';
import { complete, startFakeOpenAi, tokenize } from './index.js';

async function post(url: string, key: string, body: unknown) {
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, text: await response.text() };
}

test('the fake OpenAI server streams SSE chunks, usage when asked, then [DONE]', async () => {
  const server = await startFakeOpenAi();
  try {
    const { status, text } = await post(`${server.baseUrl}/chat/completions`, server.apiKey, {
      model: 'm',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'hello there world' }],
    });
    assert.equal(status, 200);
    const events = text.split('\n\n').filter(Boolean);
    assert.ok(events.every((event) => event.startsWith('data: ')));
    assert.equal(events.at(-1), 'data: [DONE]');
    const usage = JSON.parse(events.at(-2)!.slice(6));
    assert.deepEqual(usage.choices, []);
    assert.deepEqual(usage.usage, { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 });
    const content = events
      .slice(0, -2)
      .map((event) => JSON.parse(event.slice(6)).choices[0].delta.content ?? '')
      .join('');
    assert.equal(content, 'hello there world');
  } finally {
    await server.close();
  }
});

test('a seeded fault rate fails the same requests on every run, near the asked share', async () => {
  const outcomes: number[][] = [];
  for (let run = 0; run < 2; run++) {
    const server = await startFakeOpenAi({ faultRate: { probability: 0.2, seed: 42, faults: [{ kind: 'status', status: 500 }, { kind: 'status', status: 429, retryAfter: '1' }] } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 100; i++) {
        const { status } = await post(`${server.baseUrl}/chat/completions`, server.apiKey, { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
        statuses.push(status);
      }
      outcomes.push(statuses);
    } finally {
      await server.close();
    }
  }
  assert.deepEqual(outcomes[0], outcomes[1]);
  const failed = outcomes[0]!.filter((status) => status !== 200).length;
  assert.ok(failed >= 10 && failed <= 30, `${failed} of 100 failed`);
  assert.ok(outcomes[0]!.includes(500) && outcomes[0]!.includes(429));
});

test('replies are cut at the first stop sequence, then at max tokens', () => {
  const request = { model: 'm', stream: false, messages: [{ role: 'user', content: 'a b c d e' }], maxTokens: undefined, stop: ['d'] };
  assert.deepEqual(complete(request, 'a b c d e', 'x', true).tokens, ['a', ' b', ' c']);
  assert.equal(complete(request, 'a b c d e', 'x', true).finish, 'stop-sequence');
  assert.equal(complete({ ...request, stop: [], maxTokens: 2 }, 'a b c', 'x', true).finish, 'length');
  assert.deepEqual(tokenize('  one two\nthree'), ['  one', ' two', '\nthree']);
});
