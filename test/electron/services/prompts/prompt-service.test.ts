import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PromptDetail, PromptSummary } from '../../../../shared/contract/prompts.js';
import { latestSchemaVersion } from '../../../../electron/services/storage/migrations.js';
import { openTestBackend } from '../../../support/backend.js';

type TestBackend = Awaited<ReturnType<typeof openTestBackend>>;

const summarize = {
  messages: [
    { role: 'system', content: 'You summarize for {{ audience }}.' },
    { role: 'user', content: 'Summarize:\n{{ text }}' },
  ],
};

describe('prompt library (real DuckDB, through the contract)', () => {
  let t: TestBackend;
  before(async () => (t = await openTestBackend()));
  after(async () => t.destroy());

  it('creates a prompt with a first version and its variables', async () => {
    const prompt = await t.call<PromptDetail>('prompts.create', { name: 'Summarizer', template: summarize });
    assert.equal(prompt.name, 'Summarizer');
    assert.equal(prompt.versions.length, 1);
    assert.equal(prompt.head.number, 1);
    assert.deepEqual(prompt.head.variables, ['audience', 'text']);
    assert.match(prompt.head.hash, /^[0-9a-f]{64}$/);
  });

  it('saving identical content creates nothing; a change creates the next number', async () => {
    const [prompt] = await t.call<PromptSummary[]>('prompts.list', { query: 'summarizer' });
    assert.ok(prompt);
    const same = await t.call('prompts.saveVersion', { promptId: prompt.id, template: summarize });
    assert.equal(same.created, false);
    assert.equal(same.version.number, 1);

    const changed = structuredClone(summarize);
    changed.messages[1]!.content = 'Summarize in {{ words }} words:\n{{ text }}';
    const saved = await t.call('prompts.saveVersion', { promptId: prompt.id, template: changed, note: 'word limit' });
    assert.equal(saved.created, true);
    assert.equal(saved.version.number, 2);
    assert.equal(saved.version.note, 'word limit');
    assert.deepEqual(saved.version.variables, ['audience', 'words', 'text']);

    const v1 = await t.call('prompts.getVersion', { promptId: prompt.id, number: 1 });
    assert.deepEqual(v1.template, summarize, 'versions are immutable');
  });

  it('restoring an old version creates a new version with its content', async () => {
    const [prompt] = await t.call<PromptSummary[]>('prompts.list', { query: 'summarizer' });
    const restored = await t.call('prompts.restoreVersion', { promptId: prompt!.id, number: 1 });
    assert.equal(restored.created, true);
    assert.equal(restored.version.number, 3);
    assert.deepEqual(restored.version.template, summarize);
    const detail = await t.call<PromptDetail>('prompts.get', { id: prompt!.id });
    assert.deepEqual(detail.versions.map((v) => v.number), [3, 2, 1]);
    assert.equal(detail.versions[0]!.hash, detail.versions[2]!.hash);
  });

  it('a label points at one version per prompt and moves', async () => {
    const [prompt] = await t.call<PromptSummary[]>('prompts.list', { query: 'summarizer' });
    const id = prompt!.id;
    let detail = await t.call<PromptDetail>('prompts.setLabel', { promptId: id, number: 1, label: 'Production' });
    assert.deepEqual(detail.versions.find((v) => v.number === 1)?.labels, ['production']);
    detail = await t.call<PromptDetail>('prompts.setLabel', { promptId: id, number: 2, label: 'production' });
    assert.deepEqual(detail.versions.find((v) => v.number === 1)?.labels, []);
    assert.deepEqual(detail.versions.find((v) => v.number === 2)?.labels, ['production']);
    assert.deepEqual(detail.labels, ['production']);
    detail = await t.call<PromptDetail>('prompts.removeLabel', { promptId: id, label: 'production' });
    assert.deepEqual(detail.labels, []);
    await assert.rejects(t.call('prompts.removeLabel', { promptId: id, label: 'production' }), { code: 'NOT_FOUND' });
    await assert.rejects(t.call('prompts.setLabel', { promptId: id, number: 1, label: 'has space' }), { code: 'INVALID_INPUT' });
  });

  it('refuses an invalid template with its message, line and column, and saves nothing', async () => {
    const [prompt] = await t.call<PromptSummary[]>('prompts.list', { query: 'summarizer' });
    const broken = { messages: [{ role: 'user', content: 'Hello\n{{ text | shout }}' }] };
    await assert.rejects(t.call('prompts.saveVersion', { promptId: prompt!.id, template: broken }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'TEMPLATE_INVALID');
      assert.match(error.message, /line 2, column \d+/i);
      assert.match(error.message, /shout/);
      return true;
    });
    const unclosed = { messages: [{ role: 'user', content: '{% if x %}\nyes' }] };
    await assert.rejects(t.call('prompts.create', { name: 'Broken', template: unclosed }), { code: 'TEMPLATE_INVALID' });
    const detail = await t.call<PromptDetail>('prompts.get', { id: prompt!.id });
    assert.equal(detail.versions.length, 3);
    assert.equal((await t.call<PromptSummary[]>('prompts.list', { query: 'broken' })).length, 0);
  });

  it('renames (refusing duplicates), duplicates and archives', async () => {
    const other = await t.call<PromptDetail>('prompts.create', { name: 'Classifier' });
    await assert.rejects(t.call('prompts.rename', { id: other.id, name: 'summarizer' }), { code: 'CONFLICT' });
    const renamed = await t.call<PromptDetail>('prompts.rename', { id: other.id, name: 'Sentiment classifier' });
    assert.equal(renamed.name, 'Sentiment classifier');

    const copy = await t.call<PromptDetail>('prompts.duplicate', { id: other.id });
    assert.equal(copy.name, 'Sentiment classifier (copy)');
    assert.deepEqual(copy.head.template, renamed.head.template);
    assert.equal(copy.versions.length, 1);

    await t.call('prompts.setArchived', { id: copy.id, archived: true });
    const visible = await t.call<PromptSummary[]>('prompts.list', {});
    assert.ok(!visible.some((p) => p.id === copy.id), 'archived prompts are hidden by default');
    const all = await t.call<PromptSummary[]>('prompts.list', { includeArchived: true });
    assert.equal(all.find((p) => p.id === copy.id)?.archived, true);
    const kept = await t.call<PromptDetail>('prompts.get', { id: copy.id });
    assert.equal(kept.versions.length, 1, 'archiving keeps every version');
  });

  it('searches names, template content and labels', async () => {
    const names = async (query: string) => (await t.call<PromptSummary[]>('prompts.list', { query })).map((p) => p.name).sort();
    assert.deepEqual(await names('SENTIMENT'), ['Sentiment classifier']);
    assert.deepEqual(await names('summarize:'), ['Summarizer']);
    const [prompt] = await t.call<PromptSummary[]>('prompts.list', { query: 'summarizer' });
    await t.call('prompts.setLabel', { promptId: prompt!.id, number: 3, label: 'candidate' });
    assert.deepEqual(await names('candid'), ['Summarizer']);
    assert.deepEqual(await names('100%_'), []);
  });

  it('answers unknown ids and malformed input with clear errors', async () => {
    await assert.rejects(t.call('prompts.get', { id: 'nope' }), { code: 'NOT_FOUND' });
    await assert.rejects(t.call('prompts.create', { name: '' }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'INVALID_INPUT');
      assert.match(error.message, /name/);
      return true;
    });
    await assert.rejects(t.call('prompts.saveVersion', { promptId: 'x', template: { messages: [] } }), { code: 'INVALID_INPUT' });
    await assert.rejects(t.call('prompts.nope', {}), { code: 'UNKNOWN_METHOD' });
  });

  it('everything is still there after the workspace is closed and reopened', async () => {
    const before = await t.call<PromptSummary[]>('prompts.list', { includeArchived: true });
    await t.close();
    const reopened = await openTestBackend(t.dataDir);
    const after = await reopened.call<PromptSummary[]>('prompts.list', { includeArchived: true });
    assert.deepEqual(after, before);
    const info = await reopened.call('app.info');
    assert.equal(info.schemaVersion, latestSchemaVersion);
    t = reopened;
  });
});
