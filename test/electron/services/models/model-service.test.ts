import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { EventName } from '../../../../shared/contract/index.js';
import type { GenerationResult, ModelEntry } from '../../../../shared/contract/index.js';
import { environmentSecretStore } from '../../../../electron/services/secrets/index.js';
import { ensureTinyModels } from '../../../fixtures/gguf/tiny-llama.js';
import { openTestBackend } from '../../../support/backend.js';
import { startFakeOpenAi } from '../../../support/fake-providers/index.js';
import { tempDataDir } from '../../../support/start-server.js';

type TestBackend = Awaited<ReturnType<typeof openTestBackend>>;

describe('model registry and playground (through the contract)', () => {
  let t: TestBackend;
  let folder: string;
  let fake: Awaited<ReturnType<typeof startFakeOpenAi>>;
  const events: { event: EventName; payload: any }[] = [];

  before(async () => {
    folder = tempDataDir('arbiter-models-');
    const models = ensureTinyModels(join(folder, 'cache'), { broken: true });
    const library = join(folder, 'library', 'nested');
    mkdirSync(library, { recursive: true });
    copyFileSync(models.tinyA, join(folder, 'library', 'tiny-a.gguf'));
    copyFileSync(models.tinyB, join(library, 'tiny-b.gguf'));
    copyFileSync(models.broken.missingHeadCount, join(library, 'aborts-llama.gguf'));
    writeFileSync(join(library, 'notes.gguf'), 'these are notes, not a model');
    fake = await startFakeOpenAi({ apiKey: 'sk-test-0123456789abcdef', reply: () => 'remote says hello' });
    t = await openTestBackend(undefined, { secrets: environmentSecretStore({ OPENAI_COMPATIBLE_API_KEY: 'sk-test-0123456789abcdef' }) });
    t.backend.onEvent((event, payload) => events.push({ event, payload }));
  });
  after(async () => {
    await t.destroy();
    await fake.close();
  });

  it('adds a folder recursively: valid models are listed with their headers, bad files are skipped with reasons', async () => {
    const { added, skipped } = await t.call('models.addLocal', { path: join(folder, 'library') });
    assert.deepEqual(added.map((m: ModelEntry) => m.name).sort(), ['tiny-a', 'tiny-b', 'tiny-broken-no-head-count']);
    const tinyB = added.find((m: ModelEntry) => m.name === 'tiny-b');
    assert.equal(tinyB.header.architecture, 'llama');
    assert.equal(tinyB.header.hasChatTemplate, true);
    assert.ok(tinyB.header.parameterCount > 0);
    assert.equal(tinyB.status.state, 'idle');
    assert.ok(skipped.some((s: { path: string; reason: string }) => s.path.endsWith('notes.gguf') && /not a GGUF file/.test(s.reason)));
    const again = await t.call('models.addLocal', { path: join(folder, 'library', 'tiny-a.gguf') });
    assert.equal(again.added.length, 0);
    assert.match(again.skipped[0].reason, /Already/);
  });

  it('adds an OpenAI-compatible endpoint with its key name; the key itself never appears', async () => {
    const remote = await t.call('models.addRemote', { provider: 'openai-compatible', baseUrl: `${fake.baseUrl}`, model: 'fake-model' });
    assert.equal(remote.apiKeyName, 'OPENAI_COMPATIBLE_API_KEY');
    assert.equal(remote.apiKeySet, true);
    const secrets = await t.call('secrets.list');
    assert.ok(!JSON.stringify(secrets).includes('0123456789abcdef'), 'only masks leave the backend');
    assert.ok(!JSON.stringify(await t.call('models.list')).includes('0123456789abcdef'));
    await assert.rejects(t.call('secrets.set', { name: 'OPENAI_API_KEY', value: 'sk-x' }), /environment variables/);
    const check = await t.call('models.testConnection', { id: remote.id });
    assert.equal(check.ok, true, check.message);
    assert.equal(typeof check.latencyMs, 'number');
  });

  it('a failing endpoint reports the provider error in words', async () => {
    const broken = await t.call('models.addRemote', { provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', model: 'nobody-home' });
    const check = await t.call('models.testConnection', { id: broken.id });
    assert.equal(check.ok, false);
    assert.match(check.message, /connect|reach|refused/i);
    await t.call('models.remove', { id: broken.id });
  });

  it('a model that aborts llama.cpp takes down only the worker; the registry stays usable', async () => {
    const models: ModelEntry[] = await t.call('models.list');
    const aborting = models.find((m) => m.name === 'tiny-broken-no-head-count');
    assert.ok(aborting, 'the header of a model missing head_count still reads');
    await assert.rejects(t.call('models.load', { id: aborting.id }), /stopped|SIGABRT|crash/i);
    const after: ModelEntry[] = await t.call('models.list');
    assert.equal(after.find((m) => m.id === aborting.id)?.status.state, 'error');
    const tinyA = after.find((m) => m.name === 'tiny-a')!;
    const loaded = await t.call('models.load', { id: tinyA.id });
    assert.equal(loaded.status.state, 'loaded');
    const runtime = await t.call('models.runtime');
    assert.equal(runtime.backend, 'cpu');
    assert.ok(runtime.loaded.some((m: { modelId: string }) => m.modelId === tinyA.id));
  });

  it('load settings and prices are edited and kept', async () => {
    const models: ModelEntry[] = await t.call('models.list');
    const tinyA = models.find((m) => m.name === 'tiny-a')!;
    const updated = await t.call('models.update', { id: tinyA.id, settings: { contextSize: 512, threads: 1 }, prices: { inputPerMillion: 0.1, outputPerMillion: 0.2 } });
    assert.equal(updated.settings.contextSize, 512);
    assert.equal(updated.settings.threads, 1);
    assert.deepEqual(updated.prices, { inputPerMillion: 0.1, outputPerMillion: 0.2 });
    assert.equal(updated.status.state, 'idle', 'new load settings unload the model until next use');
  });

  it('optional load settings, once set, can be cleared back to their defaults; absent ones stay', async () => {
    const models: ModelEntry[] = await t.call('models.list');
    const tinyB = models.find((m) => m.name === 'tiny-b')!;
    const set = await t.call('models.update', {
      id: tinyB.id,
      settings: { threads: 1, batchSize: 64, chatTemplateOverride: '{{ messages[0].content }}', lora: { path: '/nowhere/adapter.gguf', scale: 0.5 } },
    });
    assert.deepEqual([set.settings.threads, set.settings.batchSize, set.settings.lora?.scale], [1, 64, 0.5]);
    const cleared = await t.call('models.update', { id: tinyB.id, settings: { batchSize: null, chatTemplateOverride: null, lora: null } });
    assert.equal(cleared.settings.threads, 1, 'a setting the change does not name is kept');
    assert.equal('batchSize' in cleared.settings, false);
    assert.equal('chatTemplateOverride' in cleared.settings, false);
    assert.equal('lora' in cleared.settings, false);
    const back = await t.call('models.update', { id: tinyB.id, settings: { threads: null } });
    assert.equal('threads' in back.settings, false);
    await assert.rejects(t.call('models.update', { id: tinyB.id, settings: { contextSize: null } }), /contextSize/);
  });

  it('the playground streams two local models and the endpoint side by side', async () => {
    const models: ModelEntry[] = await t.call('models.list');
    const ids = ['tiny-a', 'tiny-b', 'fake-model'].map((name) => models.find((m) => m.name === name)!.id);
    events.length = 0;
    const { runId } = await t.call('playground.start', {
      modelIds: ids,
      request: { messages: [{ role: 'user', content: 'hello world' }], params: { maxTokens: 12, temperature: 0, seed: 1 } },
    });
    const finished = new Map<string, GenerationResult>();
    for (let waited = 0; finished.size < 3 && waited < 30_000; waited += 50) {
      for (const { event, payload } of events) if (event === 'generation.finished' && payload.runId === runId) finished.set(payload.modelId, payload.result);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(finished.size, 3);
    for (const id of ids) {
      const result = finished.get(id)!;
      assert.equal(result.error, null, result.error?.message);
      assert.ok(result.output.length > 0);
      const deltas = events.filter((e) => e.event === 'generation.delta' && e.payload.modelId === id).map((e) => e.payload.text).join('');
      assert.equal(deltas, result.output, 'the streamed deltas add up to the output');
    }
    assert.equal(finished.get(ids[2]!)!.output, 'remote says hello');
    assert.ok(finished.get(ids[0]!)!.costUsd! > 0, 'tiny-a has prices now');
  });

  it('an unknown model id fails the call clearly', async () => {
    await assert.rejects(t.call('playground.start', { modelIds: ['nope'], request: { messages: [{ role: 'user', content: 'x' }], params: {} } }), { code: 'NOT_FOUND' });
  });
});
