import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { demoQuestions, isCorrect } from '../../../../electron/services/demo/demo-knowledge.js';
import { decidePair, demoAnnotators, judgeReply } from '../../../../electron/services/demo/demo-grading.js';
import { startDemoServer, type DemoServer } from '../../../../electron/services/demo/demo-server.js';
import { defaultJudgePrompt } from '../../../../shared/contract/leaderboard.js';

// The demo workspace's OpenAI-compatible server, spoken to with OpenAI's own client (the one the
// app uses for such endpoints): deterministic answers whose quality differs by model.

let server: DemoServer;
let client: OpenAI;
before(async () => {
  server = await startDemoServer({ delayScale: 0 });
  client = new OpenAI({ baseURL: server.baseUrl, apiKey: 'unused', maxRetries: 0 });
});
after(() => server.close());

async function ask(model: string, question: string, system = 'Answer the question.'): Promise<string> {
  const completion = await client.chat.completions.create({ model, messages: [{ role: 'system', content: system }, { role: 'user', content: question }] });
  return completion.choices[0]?.message.content ?? '';
}

describe('demo server', () => {
  it('lists its three models', async () => {
    const models = await client.models.list();
    assert.deepEqual(models.data.map((model) => model.id), ['demo-careful', 'demo-terse', 'demo-sloppy']);
  });

  it('answers of different quality: careful and terse always right, sloppy wrong on every third question', async () => {
    const right: Record<string, number> = {};
    for (const model of ['demo-careful', 'demo-terse', 'demo-sloppy']) {
      for (const q of demoQuestions) if (isCorrect(q, await ask(model, q.question))) right[model] = (right[model] ?? 0) + 1;
    }
    assert.deepEqual(right, { 'demo-careful': 12, 'demo-terse': 12, 'demo-sloppy': 8 });
  });

  it('gives a reason when the prompt asks why, and the same answer every time', async () => {
    const why = 'Answer in one sentence and say why.';
    assert.equal(await ask('demo-careful', 'What is the capital of Australia?'), 'The answer is Canberra.');
    assert.match(await ask('demo-careful', 'What is the capital of Australia?', why), /^Canberra, because/);
    assert.equal(await ask('demo-terse', 'What is the capital of Australia?', why), 'Canberra');
    assert.equal(await ask('demo-careful', 'What is the capital of Australia?', why), await ask('demo-careful', 'What is the capital of Australia?', why));
  });

  it('streams token by token with usage, and honours max tokens', async () => {
    const stream = await client.chat.completions.create({
      model: 'demo-careful',
      messages: [{ role: 'system', content: 'Say why.' }, { role: 'user', content: 'Which planet is closest to the Sun?' }],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 3,
    });
    let text = '';
    let finish: string | null | undefined;
    let usage: { completion_tokens: number } | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(text, 'Mercury, because its');
    assert.equal(finish, 'length');
    assert.equal(usage?.completion_tokens, 3);
  });

  it('says what it knows when asked something else, and refuses unknown models', async () => {
    assert.match(await ask('demo-careful', 'Write me a poem.'), /only know the twelve demo questions/);
    assert.equal(await ask('demo-terse', 'Reply with the single word OK.'), 'OK');
    await assert.rejects(ask('gpt-5', 'Hi'), (error: Error & { status?: number }) => error.status === 404 && /demo-careful/.test(error.message));
  });

  it('judges with Arbiter’s default judge prompt: right beats wrong, and equally good answers go to the first shown', () => {
    const prompt = (a: string, b: string) =>
      defaultJudgePrompt
        .replace('{% if reference %}[Reference answer]\n{{ reference }}\n\n{% endif %}', '')
        .replace('{{ question }}', 'What is 15% of 80?')
        .replace('{{ answer_a }}', a)
        .replace('{{ answer_b }}', b);
    assert.match(judgeReply(prompt('It is 15.', '12')), /\[\[B\]\]$/);
    assert.match(judgeReply(prompt('12', 'It is 15.')), /\[\[A\]\]$/);
    assert.match(judgeReply(prompt('12', 'The answer is 12.')), /\[\[A\]\]$/);
    assert.match(judgeReply(prompt('The answer is 12.', '12')), /\[\[A\]\]$/, 'a position bias the flip rate shows');
  });

  it('simulated annotators put right before wrong, whatever their taste', () => {
    const question = demoQuestions[4]!; // 15% of 80
    for (const annotator of demoAnnotators) {
      const decision = decidePair(question, ['Great question! It is 15.', '12'], annotator.taste, 0, 'seed');
      assert.deepEqual(decision, { choice: 'preferred', winner: 1 });
      assert.deepEqual(decidePair(question, ['It is 15.', 'It is 14.'], annotator.taste, 0, 'seed'), { choice: 'both_bad' });
    }
  });
});
