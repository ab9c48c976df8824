// Scoring end to end on the real backend: a run against a real HTTP server, scored as it is stored,
// with a JavaScript scorer and an LLM judge; then the scorers change and only what changed is redone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ScoreRecord } from '../../../../shared/contract/scoring.js';
import { openTestBackend } from '../../../support/backend.js';
import { startFakeOpenAi, type FakeProviderServer } from '../../../support/fake-providers/index.js';
import { capitalScorers, capitalsReply, runToEnd, scoresSettled, setUpCapitals, type CapitalsWorkspace } from '../../../support/scored-workspace.js';

describe('scoring every generation', () => {
  let server: FakeProviderServer;
  let backend: Awaited<ReturnType<typeof openTestBackend>>;
  let ws: CapitalsWorkspace;
  const judgeRequests = () => server.requests.filter((request) => JSON.stringify(request.body).includes('OUTPUT:')).length;

  before(async () => {
    server = await startFakeOpenAi({ apiKey: null, reply: capitalsReply });
    backend = await openTestBackend();
    ws = await setUpCapitals(backend.call, server.baseUrl);
  });
  after(async () => {
    await backend?.destroy();
    await server?.close();
  });

  const allScores = async (experimentId: string): Promise<ScoreRecord[]> => (await backend.call('scoring.scores', { experimentId, limit: 20_000 })).scores;

  it('scores each stored generation with the experiment’s scorers, an LLM judge included', async () => {
    const experiment = await backend.call('experiments.create', {
      name: 'Quiz v1',
      promptVersionIds: [ws.promptV1],
      models: [{ modelId: ws.modelId, params: { maxTokens: 64 } }],
      datasetVersionId: ws.datasetVersionId,
      scorers: [...capitalScorers, { kind: 'llm-rubric', name: 'judge', modelId: ws.modelId, rubric: 'Names the capital city correctly.' }],
    });
    const scoringEvents: number[] = [];
    const unsubscribe = backend.backend.onEvent((event, payload) => {
      if (event === 'scoring.scores' && (payload as { experimentId: string }).experimentId === experiment.id) scoringEvents.push((payload as { scores: unknown[] }).scores.length);
    });
    const done = await runToEnd(backend.call, experiment.id);
    assert.equal(done.state, 'completed');
    const status = await scoresSettled(backend.call, experiment.id);
    unsubscribe();
    assert.deepEqual(status, { ...status, expected: 6 * 6, scored: 6 * 6, errors: 0 });
    assert.ok(scoringEvents.reduce((a, b) => a + b, 0) >= 36, 'scores are announced as they are stored');

    const scores = await allScores(experiment.id);
    const byScorer = (name: string) => scores.filter((score) => score.scorer === name);
    // v1 answers with the city alone: every deterministic scorer passes.
    for (const name of ['names-capital', 'exact', 'rouge-l', 'short', 'mentions-city']) assert.ok(byScorer(name).every((score) => score.pass), name);
    assert.ok(byScorer('judge').every((score) => score.pass && score.score === 0.9), JSON.stringify(byScorer('judge')[0]));
    assert.equal(judgeRequests(), 6);
  });

  it('a changed scorer list keeps unchanged scores (the judge is not asked again) and scores the new ones', async () => {
    const [experiment] = await backend.call('experiments.list');
    const kept = (await allScores(experiment.id)).filter((score) => score.scorer === 'judge');
    const before = judgeRequests();
    const status = await backend.call('scoring.configure', {
      experimentId: experiment.id,
      scorers: [
        { kind: 'llm-rubric', name: 'judge', modelId: ws.modelId, rubric: 'Names the capital city correctly.' },
        { kind: 'regex', name: 'one-word', pattern: '^\\w+$' },
        { kind: 'bleu', threshold: 0.9 },
      ],
    });
    assert.deepEqual(status.scorers, ['judge', 'one-word', 'bleu']);
    const settled = await scoresSettled(backend.call, experiment.id);
    assert.equal(settled.scored, 18);
    assert.equal(judgeRequests(), before, 'the unchanged judge was not asked again');
    const scores = await allScores(experiment.id);
    assert.deepEqual(new Set(scores.map((score) => score.scorer)), new Set(['judge', 'one-word', 'bleu']));
    assert.deepEqual(
      scores.filter((score) => score.scorer === 'judge').map((score) => score.generationId).sort(),
      kept.map((score) => score.generationId).sort(),
    );
    assert.ok(scores.filter((score) => score.scorer === 'one-word').every((score) => score.pass));
    const summary = await backend.call('experiments.get', { id: experiment.id });
    assert.equal(summary.config.scorers.length, 3, 'the scorers are part of the experiment');
  });

  it('a scorer that throws and one that loops record errors; the run completes and the other scores are there', async () => {
    const experiment = await backend.call('experiments.create', {
      name: 'Broken scorers',
      promptVersionIds: [ws.promptV2],
      models: [{ modelId: ws.modelId, params: { maxTokens: 64 } }],
      datasetVersionId: ws.datasetVersionId,
      scorers: [
        { kind: 'javascript', name: 'throws', code: "throw new Error('bad scorer')" },
        { kind: 'javascript', name: 'loops', code: 'for (;;) {}', timeoutMs: 30 },
        { kind: 'contains', name: 'names-capital', value: '{{ reference }}' },
      ],
    });
    const done = await runToEnd(backend.call, experiment.id);
    assert.equal(done.state, 'completed');
    assert.equal(done.progress.succeeded, 6);
    const status = await scoresSettled(backend.call, experiment.id);
    assert.equal(status.scored, 18);
    assert.equal(status.errors, 12);
    const scores = await allScores(experiment.id);
    assert.ok(scores.filter((s) => s.scorer === 'throws').every((s) => /threw Error: bad scorer/.test(s.error ?? '')));
    const loops = scores.filter((s) => s.scorer === 'loops');
    assert.ok(loops.every((s) => /ran past its 30 ms limit|Skipped/.test(s.error ?? '')), JSON.stringify(loops.map((s) => s.error)));
    // v2 names the wrong city for Kenya and Peru.
    assert.deepEqual(scores.filter((s) => s.scorer === 'names-capital' && !s.pass).length, 2);
  });

  it('scoring.test tries a scorer without storing anything; an invalid one is refused in words', async () => {
    const result = await backend.call('scoring.test', { scorer: { kind: 'json-schema', schema: { type: 'object', required: ['a'] } }, output: '{"b": 1}' });
    assert.equal(result.pass, false);
    assert.match(result.reason, /required property 'a'/);
    const [experiment] = await backend.call('experiments.list');
    await assert.rejects(backend.call('scoring.configure', { experimentId: experiment.id, scorers: [{ kind: 'regex', pattern: '(' }] }), /not a valid regular expression/);
    await assert.rejects(
      backend.call('scoring.configure', { experimentId: experiment.id, scorers: [{ kind: 'contains', value: 'a' }, { kind: 'contains', value: 'b' }] }),
      /two scorers are called “contains”/,
    );
  });
});
