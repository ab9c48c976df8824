// Every scorer of the registry on known inputs: what passes, what fails, and what is recorded as an error.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { GenerationRequest, GenerationResult } from '../../../../shared/contract/generation.js';
import { scorerConfigSchema, scorerKinds, type ScoreResult, type ScorerConfigInput } from '../../../../shared/contract/scoring.js';
import { parseJudgeAnswer } from '../../../../electron/services/scoring/llm-judge.js';
import { runScorer, scorers, type ScoreInput, type ScoringTools } from '../../../../electron/services/scoring/scorers.js';
import { ScriptSandbox } from '../../../../electron/services/scoring/script-sandbox.js';

const input = (output: string, extra: Partial<ScoreInput> = {}): ScoreInput => ({
  output,
  reference: null,
  context: null,
  question: 'What is the capital of France?',
  variables: { country: 'France' },
  latencyMs: 120,
  costUsd: 0.0002,
  inputTokens: 12,
  outputTokens: 5,
  ...extra,
});

let sandbox: Promise<ScriptSandbox> | null = null;
const judged: GenerationRequest[] = [];
let judgeReply: (request: GenerationRequest) => Partial<GenerationResult> = () => ({ output: '{"score": 8, "reason": "Mostly right."}' });
const tools: ScoringTools = {
  sandbox: () => (sandbox ??= ScriptSandbox.create()),
  judge: async (_modelId, request) => {
    judged.push(request);
    return { output: '', finishReason: 'stop', inputTokens: 0, outputTokens: 0, latencyMs: 1, timeToFirstTokenMs: null, tokensPerSecond: null, costUsd: null, error: null, ...judgeReply(request) };
  },
};
after(async () => (await sandbox)?.close());

async function score(config: ScorerConfigInput, scoreInput: ScoreInput): Promise<ScoreResult> {
  return runScorer(scorerConfigSchema.parse(config), scoreInput, tools);
}

test('the registry has a handler for every kind the contract names', () => {
  assert.deepEqual(Object.keys(scorers).sort(), [...scorerKinds].sort());
});

describe('matching', () => {
  test('equals compares with the reference by default, trimmed, optionally ignoring case', async () => {
    assert.equal((await score({ kind: 'equals' }, input(' Paris\n', { reference: 'Paris' }))).pass, true);
    assert.equal((await score({ kind: 'equals' }, input('paris', { reference: 'Paris' }))).pass, false);
    assert.equal((await score({ kind: 'equals', ignoreCase: true }, input('paris', { reference: 'Paris' }))).pass, true);
    assert.equal((await score({ kind: 'equals', value: 'Lyon' }, input('Paris', { reference: 'Paris' }))).pass, false);
    const none = await score({ kind: 'equals' }, input('Paris'));
    assert.equal(none.pass, false);
    assert.match(none.error ?? '', /reference/);
  });

  test('contains, contains-any and contains-all, with case options', async () => {
    assert.equal((await score({ kind: 'contains', value: 'Paris' }, input('It is Paris.'))).pass, true);
    assert.equal((await score({ kind: 'contains', value: 'paris' }, input('It is Paris.'))).pass, false);
    assert.equal((await score({ kind: 'contains', value: 'paris', ignoreCase: true }, input('It is Paris.'))).pass, true);
    assert.equal((await score({ kind: 'contains-any', values: ['Lyon', 'Paris'] }, input('Paris'))).pass, true);
    assert.equal((await score({ kind: 'contains-any', values: ['Lyon', 'Nice'] }, input('Paris'))).pass, false);
    const partial = await score({ kind: 'contains-all', values: ['Paris', 'France', 'Seine'] }, input('Paris, France'));
    assert.equal(partial.pass, false);
    assert.ok(Math.abs((partial.score ?? 0) - 2 / 3) < 1e-9);
    assert.match(partial.reason, /Seine/);
    assert.equal((await score({ kind: 'contains-all', values: ['PARIS', 'france'], ignoreCase: true }, input('Paris, France'))).pass, true);
    // {{ name }} is the row's own value: one scorer, each row's answer.
    assert.equal((await score({ kind: 'contains', value: '{{ country }}' }, input('Paris, France'))).pass, true);
    assert.equal((await score({ kind: 'contains', value: '{{reference}}' }, input('It is Lyon', { reference: 'Paris' }))).reason, 'Does not contain “Paris”');
  });

  test('regex and starts-with; an invalid pattern is an error, not a crash', async () => {
    assert.equal((await score({ kind: 'regex', pattern: '^\\d{3}-\\d{4}$' }, input('555-1234'))).pass, true);
    assert.equal((await score({ kind: 'regex', pattern: 'paris', flags: 'i' }, input('PARIS'))).pass, true);
    const broken = await score({ kind: 'regex', pattern: '(' }, input('x'));
    assert.equal(broken.score, null);
    assert.match(broken.error ?? '', /regular expression/);
    assert.equal((await score({ kind: 'starts-with', value: 'Answer:' }, input('  Answer: 4'))).pass, true);
    assert.equal((await score({ kind: 'starts-with', value: 'answer:', ignoreCase: true }, input('Answer: 4'))).pass, true);
    assert.equal((await score({ kind: 'starts-with', value: 'Answer:' }, input('The answer: 4'))).pass, false);
  });
});

describe('format', () => {
  test('JSON validity, with or without a ```json fence', async () => {
    assert.equal((await score({ kind: 'is-json' }, input('{"a": 1}'))).pass, true);
    assert.equal((await score({ kind: 'is-json' }, input('```json\n{"a": [1, 2]}\n```'))).pass, true);
    const bad = await score({ kind: 'is-json' }, input('{"a": 1,}'));
    assert.equal(bad.pass, false);
    assert.match(bad.reason, /Not JSON/);
  });

  test('JSON Schema: conforming, a wrong type, a missing field, a 2020-12 schema, and an invalid schema', async () => {
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' }, population: { type: 'integer', minimum: 0 } },
      required: ['city', 'population'],
      additionalProperties: false,
    };
    assert.equal((await score({ kind: 'json-schema', schema }, input('{"city": "Paris", "population": 2100000}'))).pass, true);
    const wrongType = await score({ kind: 'json-schema', schema }, input('{"city": "Paris", "population": "many"}'));
    assert.equal(wrongType.pass, false);
    assert.match(wrongType.reason, /population: must be integer/);
    const missing = await score({ kind: 'json-schema', schema }, input('{"city": "Paris"}'));
    assert.match(missing.reason, /must have required property 'population'/);
    assert.match((await score({ kind: 'json-schema', schema }, input('{"city": "Paris", "population": 1, "x": 1}'))).reason, /additional properties/);
    assert.match((await score({ kind: 'json-schema', schema }, input('not json'))).reason, /Not JSON/);

    const modern = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [{ type: 'number' }, { type: 'string' }], items: false };
    assert.equal((await score({ kind: 'json-schema', schema: modern }, input('[1, "a"]'))).pass, true);
    assert.equal((await score({ kind: 'json-schema', schema: modern }, input('[1, "a", 3]'))).pass, false);

    const invalid = await score({ kind: 'json-schema', schema: { type: 'no-such-type' } }, input('{}'));
    assert.equal(invalid.score, null);
    assert.match(invalid.error ?? '', /JSON Schema is invalid/);
  });

  test('length bounds in characters, words and tokens', async () => {
    assert.equal((await score({ kind: 'length', max: 5 }, input('Paris'))).pass, true);
    assert.equal((await score({ kind: 'length', max: 4 }, input('Paris'))).pass, false);
    assert.equal((await score({ kind: 'length', min: 2, unit: 'words' }, input('Paris'))).pass, false);
    assert.equal((await score({ kind: 'length', min: 2, max: 3, unit: 'words' }, input('It is Paris'))).pass, true);
    assert.equal((await score({ kind: 'length', max: 4, unit: 'tokens' }, input('Paris', { outputTokens: 5 }))).pass, false);
  });

  test('refusals are told from answers', async () => {
    for (const refusal of ["I'm sorry, but I can't help with that.", 'I cannot assist with this request.', 'As an AI language model, I cannot browse the web.', 'Sorry, I am unable to provide that information.', 'That would violate my guidelines.']) {
      assert.equal((await score({ kind: 'refusal' }, input(refusal))).pass, false, refusal);
      assert.equal((await score({ kind: 'refusal', expectRefusal: true }, input(refusal))).pass, true, refusal);
    }
    for (const answer of ['Paris is the capital of France.', 'I cannot stress enough how lovely Paris is in spring; it is the capital.', 'Sorry for the wait: the answer is 42.']) {
      assert.equal((await score({ kind: 'refusal' }, input(answer))).pass, true, answer);
    }
  });

  test('latency and cost thresholds; an unpriced model is an error for cost', async () => {
    assert.equal((await score({ kind: 'latency', maxMs: 200 }, input('x', { latencyMs: 120 }))).pass, true);
    const slow = await score({ kind: 'latency', maxMs: 100 }, input('x', { latencyMs: 400 }));
    assert.equal(slow.pass, false);
    assert.equal(slow.score, 0.25);
    assert.equal((await score({ kind: 'cost', maxUsd: 0.001 }, input('x', { costUsd: 0.0002 }))).pass, true);
    assert.equal((await score({ kind: 'cost', maxUsd: 0.0001 }, input('x', { costUsd: 0.0002 }))).pass, false);
    assert.match((await score({ kind: 'cost', maxUsd: 1 }, input('x', { costUsd: null }))).error ?? '', /no prices/);
  });
});

describe('similarity against the reference', () => {
  const reference = 'The dog bit the man.';
  test('BLEU, ROUGE-L, chrF and Levenshtein: identical passes with 1, a paraphrase scores between, no reference is an error', async () => {
    for (const kind of ['bleu', 'rouge-l', 'chrf', 'levenshtein'] as const) {
      const same = await score({ kind }, input(reference, { reference }));
      assert.equal(same.pass, true, kind);
      assert.equal(same.score, 1, kind);
      const near = await score({ kind, threshold: 0.99 }, input('The dog had bit the man.', { reference }));
      assert.equal(near.pass, false, kind);
      assert.ok(near.score! > 0.3 && near.score! < 1, `${kind}: ${near.score}`);
      const missing = await score({ kind }, input(reference));
      assert.equal(missing.score, null, kind);
      assert.match(missing.error ?? '', /no reference/, kind);
    }
    assert.equal((await score({ kind: 'rouge-l' }, input('police kill the gunman', { reference: 'police killed the gunman' }))).score, 0.75);
  });
});

describe('custom JavaScript in the sandbox', () => {
  test('returns a boolean, a number or { pass, score, reason }, and sees the output and the row', async () => {
    assert.equal((await score({ kind: 'javascript', code: "return output.includes('Paris');" }, input('Paris'))).pass, true);
    const number = await score({ kind: 'javascript', code: 'return output.length / 10;' }, input('Paris'));
    assert.deepEqual([number.pass, number.score], [true, 0.5]);
    const object = await score(
      { kind: 'javascript', code: "return { pass: context.variables.country === 'France' && context.reference === 'Paris', score: 0.9, reason: 'checked ' + context.question };" },
      input('Paris', { reference: 'Paris' }),
    );
    assert.deepEqual(object, { pass: true, score: 0.9, reason: 'checked What is the capital of France?', error: null });
  });

  test('a scorer that throws records the error', async () => {
    const thrown = await score({ kind: 'javascript', code: "throw new TypeError('no good');" }, input('x'));
    assert.equal(thrown.pass, false);
    assert.equal(thrown.score, null);
    assert.match(thrown.error ?? '', /threw TypeError: no good/);
    assert.match((await score({ kind: 'javascript', code: 'return output.;' }, input('x'))).error ?? '', /does not compile/);
    assert.match((await score({ kind: 'javascript', code: "return 'yes';" }, input('x'))).error ?? '', /returned "yes"/);
  });

  test('a scorer that loops is stopped at its time limit, then skipped after three time-outs', async () => {
    const loop = { kind: 'javascript', code: 'while (true) {}', timeoutMs: 50 } as const;
    const started = performance.now();
    const first = await score(loop, input('x'));
    const took = performance.now() - started;
    assert.match(first.error ?? '', /ran past its 50 ms limit/);
    assert.ok(took < 1_000, `stopped after ${Math.round(took)} ms`);
    await score(loop, input('x'));
    await score(loop, input('x'));
    const skipped = await score(loop, input('x'));
    assert.match(skipped.error ?? '', /Skipped: this scorer ran past/);
    // A scorer that works is unaffected.
    assert.equal((await score({ kind: 'javascript', code: 'return true;' }, input('x'))).pass, true);
  });

  test('the sandbox has no Node: no process, no require, no import', async () => {
    const probe = await score({ kind: 'javascript', code: 'return { pass: typeof process === "undefined" && typeof require === "undefined" && typeof fetch === "undefined", reason: typeof globalThis };' }, input('x'));
    assert.equal(probe.pass, true, probe.reason);
    const escape = await score({ kind: 'javascript', code: "return this.constructor.constructor('return typeof process')() === 'undefined';" }, input('x'));
    assert.equal(escape.pass, true);
  });
});

describe('LLM judges', () => {
  test('llm-rubric sends the rubric, question, reference and output to the judge and reads its 0–10 score', async () => {
    judged.length = 0;
    judgeReply = () => ({ output: 'Sure. {"score": 8, "reason": "Names the city."}' });
    const result = await score({ kind: 'llm-rubric', modelId: 'judge', rubric: 'Names the capital city, nothing else.' }, input('Paris', { reference: 'Paris' }));
    assert.deepEqual([result.pass, result.score], [true, 0.8]);
    assert.match(result.reason, /Names the city/);
    const prompt = judged[0]!.messages.at(-1)!.content;
    for (const part of ['Names the capital city, nothing else.', 'What is the capital of France?', 'REFERENCE ANSWER:\nParis', 'OUTPUT:\nParis']) assert.ok(prompt.includes(part), part);
    assert.equal(judged[0]!.params.temperature, 0);
  });

  test('groundedness reads the context (and needs one); relevance reads the question', async () => {
    judged.length = 0;
    judgeReply = () => ({ output: '{"score": 2, "reason": "Invented."}' });
    const grounded = await score({ kind: 'groundedness', modelId: 'judge' }, input('Lyon', { context: 'Paris is the capital of France.' }));
    assert.deepEqual([grounded.pass, grounded.score], [false, 0.2]);
    assert.ok(judged[0]!.messages.at(-1)!.content.includes('CONTEXT:\nParis is the capital of France.'));
    assert.match((await score({ kind: 'groundedness', modelId: 'judge' }, input('Lyon'))).error ?? '', /no context/);
    judgeReply = () => ({ output: '{"score": 10, "reason": "Direct."}' });
    assert.equal((await score({ kind: 'relevance', modelId: 'judge', threshold: 0.9 }, input('Paris'))).pass, true);
  });

  test('a judge that fails or answers without a score is recorded as an error', async () => {
    judgeReply = () => ({ output: 'I think it is fine.' });
    assert.match((await score({ kind: 'relevance', modelId: 'judge' }, input('Paris'))).error ?? '', /no score/);
    judgeReply = () => ({ error: { code: 'SERVER', message: 'boom', retryable: true } });
    assert.match((await score({ kind: 'relevance', modelId: 'judge' }, input('Paris'))).error ?? '', /judge failed: boom/);
  });

  test('verdict formats a judge might use', () => {
    assert.deepEqual(parseJudgeAnswer('{"score": 0.7, "reason": "ok"}'), { score: 0.7, reason: 'ok' });
    assert.equal(parseJudgeAnswer('{"score": 70}')?.score, 0.7);
    assert.equal(parseJudgeAnswer('Score: 4/5')?.score, 0.8);
    assert.equal(parseJudgeAnswer('no verdict here'), null);
  });
});
