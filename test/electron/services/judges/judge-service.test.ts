// LLM as judge on a real workspace: judge models are OpenAI-compatible servers on 127.0.0.1 whose
// answers we control: one fair, one that always picks the first answer, one that babbles, one that fails.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JudgeRun } from '../../../../shared/contract/leaderboard.js';
import type { QueueItem, TaskSetSummary } from '../../../../shared/contract/labeling.js';
import { openTestBackend } from '../../../support/backend.js';
import { startFakeOpenAi, type FakeChatRequest, type FakeProviderServer } from '../../../support/fake-providers/index.js';
import type { FakeFaultRate } from '../../../support/fake-providers/fake-server.js';
import { judgedExperiment, type JudgedExperiment } from '../../../support/judged-experiment.js';

type TestBackend = Awaited<ReturnType<typeof openTestBackend>>;

const quality = ['alpha', 'beta', 'gamma']; // best first

/** The model that wrote the answer between the prompt's markers. */
function authorOf(prompt: string, label: 'A' | 'B'): string {
  const text = prompt.split(`[The start of Assistant ${label}'s answer]`)[1]?.split(`[The end of Assistant ${label}'s answer]`)[0] ?? '';
  return /(\w+) says:/.exec(text)?.[1] ?? '';
}

describe('LLM as judge', () => {
  let t: TestBackend;
  let experiment: JudgedExperiment;
  let set: TaskSetSummary;
  const servers: FakeProviderServer[] = [];

  const judgeModel = async (name: string, reply: (request: FakeChatRequest) => string, faultRate?: FakeFaultRate) => {
    const server = await startFakeOpenAi({ apiKey: null, reply, faultRate });
    servers.push(server);
    return (await t.call('models.addRemote', { name, provider: 'openai-compatible', baseUrl: server.baseUrl, model: name })).id as string;
  };

  const runToEnd = async (taskSetId: string, modelId: string, extra: Record<string, unknown> = {}): Promise<JudgeRun> => {
    const started: JudgeRun = await t.call('judges.start', { taskSetId, modelId, ...extra });
    const deadline = Date.now() + 60_000;
    for (let run = started; ; ) {
      if (run.state !== 'running') return run;
      if (Date.now() > deadline) throw new Error(`judge still running: ${JSON.stringify(run)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
      run = (await t.call('judges.runs', { taskSetId })).find((candidate: JudgeRun) => candidate.modelId === modelId);
    }
  };

  before(async () => {
    t = await openTestBackend();
    experiment = await judgedExperiment(t.call, { rows: 4 });
    set = await t.call('labeling.createTaskSet', { name: 'Pairs', experimentId: experiment.experimentId, kind: 'pairwise' });
    // A person who always prefers the better model.
    const ada = (await t.call('annotators.create', { name: 'Ada' })).id;
    const items: QueueItem[] = (await t.call('labeling.queue', { taskSetId: set.id, annotatorId: ada, limit: 50 })).items;
    for (const item of items) {
      const best = [...item.outputs].sort((a, b) => quality.indexOf(a.output.split(' ')[0]!) - quality.indexOf(b.output.split(' ')[0]!))[0]!;
      await t.call('labeling.submit', {
        itemId: item.itemId,
        annotatorId: ada,
        shownOrder: item.outputs.map((output) => output.generationId),
        verdict: { kind: 'pairwise', choice: 'preferred', preferredGenerationId: best.generationId },
      });
    }
  });
  after(async () => {
    await t.destroy();
    await experiment.close();
    await Promise.all(servers.map((server) => server.close()));
  });

  it('a fair judge gives both orders of every pair, never flips, and agrees with the person', async () => {
    const fair = await judgeModel('fair-judge', (request) => {
      const prompt = request.messages.at(-1)!.content;
      const a = quality.indexOf(authorOf(prompt, 'A'));
      const b = quality.indexOf(authorOf(prompt, 'B'));
      return `Both answer; one is better. ${a < b ? '[[A]]' : '[[B]]'}`;
    });
    const run = await runToEnd(set.id, fair);
    assert.deepEqual([run.state, run.total, run.done, run.failed], ['completed', 2 * set.items, 2 * set.items, 0]);
    const board = await t.call('leaderboard.get', { taskSetId: set.id });
    const report = board.judges.find((judge: any) => judge.modelId === fair);
    assert.equal(report.name, 'Judge · fair-judge');
    assert.deepEqual([report.items, report.flipRate, report.unparsed, report.comparedWithHumans, report.agreementWithHumans], [set.items, 0, 0, set.items, 1]);
    assert.deepEqual(board.judgments, { human: set.items, llm: 2 * set.items, adjudicated: 0 });

    const annotators = await t.call('annotators.list');
    assert.deepEqual(
      annotators.map((annotator: any) => [annotator.name, annotator.kind]),
      [
        ['Ada', 'human'],
        ['Judge · fair-judge', 'llm'],
      ],
    );
    const again = await runToEnd(set.id, fair);
    assert.equal(again.total, 0, 'a second run only fills what is missing');
    const { prompt } = await t.call('judges.defaultPrompt');
    const edited = await runToEnd(set.id, fair, { prompt: `${prompt}\nBe brief.` });
    assert.equal(edited.total, 2 * set.items, 'an edited prompt is a judge of its own and judges afresh');
    assert.notEqual(edited.annotatorId, run.annotatorId);
    const names = (await t.call('annotators.list')).map((annotator: any) => annotator.name);
    assert.ok(names.some((name: string) => /^Judge · fair-judge · prompt [0-9a-f]{6}$/.test(name)), names.join(', '));
  });

  it('a judge that always picks the first answer flips on every pair, and its verdicts stay out of the ratings unless asked', async () => {
    const lazy = await judgeModel('first-judge', () => 'Assistant A is better. [[A]]');
    await runToEnd(set.id, lazy);
    const humansOnly = await t.call('leaderboard.get', { taskSetId: set.id });
    const report = humansOnly.judges.find((judge: any) => judge.modelId === lazy);
    assert.equal(report.flipRate, 1);
    assert.equal(report.comparedWithHumans, 0, 'a verdict that flips says nothing about the outputs');
    assert.deepEqual(
      humansOnly.entries.map((entry: any) => entry.variant.label),
      quality,
    );
    const total = (board: any) => board.entries.reduce((sum: number, entry: any) => sum + entry.comparisons, 0) / 2;
    assert.equal(total(humansOnly), set.items);
    const withJudges = await t.call('leaderboard.get', { taskSetId: set.id, includeJudges: true });
    assert.equal(total(withJudges), set.items * 7, 'one human vote and six judge verdicts per pair (two judges of fair-judge, one of first-judge)');
    assert.equal(withJudges.includedJudges, true);
  });

  it('unreadable answers are counted, and a failing judge stops with its failures in words', async () => {
    const babbler = await judgeModel('babbler', () => 'I cannot decide, both are lovely.');
    const run = await runToEnd(set.id, babbler);
    assert.equal(run.done, 2 * set.items);
    const board = await t.call('leaderboard.get', { taskSetId: set.id });
    const report = board.judges.find((judge: any) => judge.modelId === babbler);
    assert.deepEqual([report.items, report.unparsed, report.flipRate], [0, 2 * set.items, null]);

    const broken = await judgeModel('broken', () => '[[A]]', { probability: 1, seed: 1, faults: [{ kind: 'status', status: 400, message: 'no such model' }] });
    const failed = await runToEnd(set.id, broken);
    assert.equal(failed.state, 'completed');
    assert.equal(failed.failed, 2 * set.items);
    assert.match(failed.message ?? '', /could not be had/);
  });

  it('refuses what cannot work: a ranking set, a prompt that does not parse', async () => {
    const ranking: TaskSetSummary = await t.call('labeling.createTaskSet', { name: 'Rank', experimentId: experiment.experimentId, kind: 'ranking' });
    const any = (await t.call('models.list'))[0].id;
    await assert.rejects(t.call('judges.start', { taskSetId: ranking.id, modelId: any }), /pick a pairwise task set/);
    await assert.rejects(t.call('judges.start', { taskSetId: set.id, modelId: any, prompt: 'Judge {% if %}' }), /judge prompt/);
    const { prompt } = await t.call('judges.defaultPrompt');
    assert.match(prompt, /\[\[A\]\]/);
  });
});
