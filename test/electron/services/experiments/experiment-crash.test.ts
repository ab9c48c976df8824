// kill -9 of a real `arbiter serve` in the middle of a run, then a restart and a resume.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { GenerationRecord } from '../../../../shared/contract/experiments.js';
import { startFakeOpenAi, type FakeProviderServer } from '../../../support/fake-providers/index.js';
import { startServer, tempDataDir, type RunningServer } from '../../../support/start-server.js';
import { cellOf, seedDatasets, userTemplate } from './support.js';

async function call(server: RunningServer, channel: string, input: unknown = {}): Promise<any> {
  const { body } = await server.call(channel, input);
  if (!body.ok) throw Object.assign(new Error(body.error.message), { code: body.error.code });
  return body.value;
}

async function results(server: RunningServer, id: string): Promise<GenerationRecord[]> {
  const all: GenerationRecord[] = [];
  for (;;) {
    const page = await call(server, 'experiments.results', { id, offset: all.length, limit: 5000 });
    all.push(...page.generations);
    if (page.generations.length === 0 || all.length >= page.total) return all;
  }
}

describe('experiment durability', () => {
  let fake: FakeProviderServer;
  const servers: RunningServer[] = [];

  before(async () => {
    // About 0.3 s a generation, so the run is well under way, and far from done, when it is killed.
    fake = await startFakeOpenAi({ apiKey: null, tokenDelayMs: 30, reply: () => 'one two three four five six seven eight nine ten' });
  });
  after(async () => {
    for (const server of servers) await server.kill();
    await fake.close();
  });

  it('after kill -9 mid-run the experiment shows interrupted; every reported generation is there once, and resume completes', async () => {
    const dataDir = tempDataDir('arbiter-crash-');
    const [dataset] = await seedDatasets(dataDir, [{ name: 'Many', rows: Array.from({ length: 40 }, (_, i) => ({ question: `question ${i}` })) }]);
    const first = await startServer({ dataDir });
    servers.push(first);
    const prompt = await call(first, 'prompts.create', { name: 'Answer', template: userTemplate('Answer: {{ question }}') });
    const model = await call(first, 'models.addRemote', { provider: 'openai-compatible', baseUrl: fake.baseUrl, model: 'slow' });
    const experiment = await call(first, 'experiments.create', {
      name: 'Killed mid-run',
      promptVersionIds: [prompt.head.id],
      models: [{ modelId: model.id, params: { maxTokens: 32 } }],
      datasetVersionId: dataset!.versionId,
      samples: 2,
      remoteConcurrency: 4,
    });
    await call(first, 'experiments.start', { id: experiment.id });

    let reported: GenerationRecord[] = [];
    while (reported.length < 12) {
      reported = await results(first, experiment.id);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await first.kill();
    assert.ok(reported.length < 80, 'killed while the run was going on');

    const second = await startServer({ dataDir });
    servers.push(second);
    const interrupted = await call(second, 'experiments.get', { id: experiment.id });
    assert.equal(interrupted.state, 'interrupted');
    assert.equal(interrupted.progress.message, 'Arbiter stopped while this ran; Resume continues where it left off.');
    const survived = await results(second, experiment.id);
    const survivedById = new Map(survived.map((g) => [g.id, g]));
    for (const g of reported) assert.deepEqual(survivedById.get(g.id), g, 'a generation reported before the kill is there, unchanged');
    assert.equal(new Set(survived.map(cellOf)).size, survived.length);

    fake.configure({ tokenDelayMs: 0 });
    const requestsBefore = fake.requests.length;
    await call(second, 'experiments.start', { id: experiment.id });
    let done = await call(second, 'experiments.get', { id: experiment.id });
    while (done.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 50));
      done = await call(second, 'experiments.get', { id: experiment.id });
    }
    assert.equal(done.state, 'completed');
    const all = await results(second, experiment.id);
    assert.equal(all.length, 80);
    assert.equal(new Set(all.map(cellOf)).size, 80, 'every cell exactly once');
    const ids = new Set(all.map((g) => g.id));
    assert.ok(reported.every((g) => ids.has(g.id)));
    assert.equal(fake.requests.length - requestsBefore, 80 - survived.length, 'resume generated only the cells with no stored generation');
    await second.stop();
  });
});
