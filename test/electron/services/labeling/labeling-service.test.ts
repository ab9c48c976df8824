// Labeling on a real workspace: task sets made from a finished experiment (three remote models on
// real HTTP servers), the blind queue, judgments as append-only revisions, undo, overlap, review and
// adjudication; and that nothing decided is lost when the app closes mid-queue.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { QueueItem, TaskSetSummary } from '../../../../shared/contract/labeling.js';
import { openTestBackend } from '../../../support/backend.js';
import { judgedExperiment, type JudgedExperiment } from '../../../support/judged-experiment.js';
import { tempDataDir } from '../../../support/start-server.js';

type TestBackend = Awaited<ReturnType<typeof openTestBackend>>;

describe('labeling', () => {
  let t: TestBackend;
  let experiment: JudgedExperiment;
  let ada: string;
  let grace: string;
  const dataDir = tempDataDir('arbiter-labeling-');

  before(async () => {
    t = await openTestBackend(dataDir);
    experiment = await judgedExperiment(t.call, { rows: 6, reference: true });
    ada = (await t.call('annotators.create', { name: 'Ada' })).id;
    grace = (await t.call('annotators.create', { name: 'Grace' })).id;
  });
  after(async () => {
    await t.destroy();
    await experiment.close();
  });

  const pairwise = (overrides: Record<string, unknown> = {}) => ({ name: 'Pairs', experimentId: experiment.experimentId, kind: 'pairwise', ...overrides });
  const prefer = (item: QueueItem, index: number) => ({
    itemId: item.itemId,
    shownOrder: item.outputs.map((output) => output.generationId),
    verdict: { kind: 'pairwise', choice: 'preferred', preferredGenerationId: item.outputs[index]!.generationId },
  });

  it('annotator names are unique, whatever their case', async () => {
    await assert.rejects(t.call('annotators.create', { name: 'ada' }), /already an annotator called “ada”/);
    const list = await t.call('annotators.list');
    assert.deepEqual(
      list.map((annotator: any) => [annotator.name, annotator.kind]),
      [
        ['Ada', 'human'],
        ['Grace', 'human'],
      ],
    );
  });

  it('a pairwise set has every pair of variants for every row, and says so before it is made', async () => {
    const preview = await t.call('labeling.previewTaskSet', pairwise());
    assert.equal(preview.items, 6 * 3, 'three pairs of three variants, six rows');
    assert.deepEqual(preview.problems, []);
    assert.deepEqual(
      preview.variants.map((variant: any) => variant.label),
      ['alpha', 'beta', 'gamma'],
    );
    const two = await t.call('labeling.previewTaskSet', pairwise({ variantKeys: preview.variants.slice(0, 2).map((variant: any) => variant.key) }));
    assert.equal(two.items, 6);
    const sampled = await t.call('labeling.previewTaskSet', pairwise({ sampling: 'sample', sampleSize: 5 }));
    assert.equal(sampled.items, 5);
    const one = await t.call('labeling.previewTaskSet', pairwise({ variantKeys: [preview.variants[0].key] }));
    assert.match(one.problems.join(' '), /at least two variants/);
    await assert.rejects(t.call('labeling.createTaskSet', pairwise({ variantKeys: [preview.variants[0].key] })), /at least two variants/);
    await assert.rejects(t.call('labeling.createTaskSet', { ...pairwise(), kind: 'rubric', rubric: [] }), /at least one criterion/);
  });

  it('the queue is blind, ready to show, and each annotator sees their own stable left/right order', async () => {
    const set: TaskSetSummary = await t.call('labeling.createTaskSet', pairwise({ name: 'Blind pairs', overlap: 2 }));
    assert.equal(set.items, 18);
    const page = await t.call('labeling.queue', { taskSetId: set.id, annotatorId: ada, limit: 18 });
    assert.equal(page.items.length, 18);
    assert.deepEqual([page.done, page.remaining, page.total], [0, 18, 18]);
    const first: QueueItem = page.items[0];
    assert.equal(first.outputs.length, 2);
    assert.ok(first.outputs.every((output) => output.variant === null), 'no model or prompt names before the vote');
    assert.match(first.outputs[0]!.output, /says: Question \d+/);
    assert.match(first.variables.question!, /^Question \d+/);
    assert.ok(first.reference, 'the reference answer comes along');
    assert.equal(first.messages?.length, 2, 'both outputs answered the same rendered messages');

    const again = await t.call('labeling.queue', { taskSetId: set.id, annotatorId: ada, limit: 18 });
    assert.deepEqual(
      again.items.map((item: QueueItem) => item.outputs.map((output) => output.generationId)),
      page.items.map((item: QueueItem) => item.outputs.map((output) => output.generationId)),
      'the same order every time Ada opens an item',
    );
    const forGrace = await t.call('labeling.queue', { taskSetId: set.id, annotatorId: grace, limit: 18 });
    const flipped = forGrace.items.filter((item: QueueItem, index: number) => item.outputs[0]!.generationId !== page.items[index].outputs[0].generationId);
    assert.ok(flipped.length > 0 && flipped.length < 18, `left/right differs between annotators on some items (${flipped.length} of 18)`);

    const excluded = await t.call('labeling.queue', { taskSetId: set.id, annotatorId: ada, limit: 5, exclude: page.items.slice(0, 3).map((item: QueueItem) => item.itemId) });
    assert.deepEqual(
      excluded.items.map((item: QueueItem) => item.itemId),
      page.items.slice(3, 8).map((item: QueueItem) => item.itemId),
    );
    assert.equal(excluded.remaining, 18, 'held or skipped items still count as remaining');
  });

  it('a vote is saved at once, reveals who was who, and an undo brings the item back', async () => {
    const set: TaskSetSummary = await t.call('labeling.createTaskSet', pairwise({ name: 'Undo', overlap: 1 }));
    const [item] = (await t.call('labeling.queue', { taskSetId: set.id, annotatorId: ada, limit: 1 })).items as QueueItem[];
    const { judgment, reveal } = await t.call('labeling.submit', { ...prefer(item!, 0), annotatorId: ada, rationale: 'clearer', durationMs: 1234 });
    assert.equal(judgment.annotatorName, 'Ada');
    assert.equal(judgment.revision, 1);
    assert.equal(judgment.durationMs, 1234);
    assert.deepEqual(judgment.shownOrder, item!.outputs.map((output) => output.generationId));
    assert.deepEqual(
      reveal.map((entry: any) => entry.generationId),
      item!.outputs.map((output) => output.generationId),
      'who was who, output by output',
    );
    const labels = reveal.map((entry: any) => entry.variant.label);
    assert.equal(new Set(labels).size, 2);
    assert.ok(labels.every((label: string) => ['alpha', 'beta', 'gamma'].includes(label)));
    assert.ok(item!.outputs.every((output, index) => output.output.startsWith(`${labels[index]} says:`)), 'the reveal names the model that wrote each output');

    let page = await t.call('labeling.queue', { taskSetId: set.id, annotatorId: ada, limit: 50 });
    assert.equal(page.done, 1);
    assert.ok(!page.items.some((next: QueueItem) => next.itemId === item!.itemId), 'a judged item leaves the queue');
    const forGrace = await t.call('labeling.queue', { taskSetId: set.id, annotatorId: grace, limit: 50 });
    assert.ok(!forGrace.items.some((next: QueueItem) => next.itemId === item!.itemId), 'overlap 1: nobody else gets it');

    const opened = await t.call('labeling.item', { itemId: item!.itemId, annotatorId: ada });
    assert.equal(opened.current.id, judgment.id);
    assert.ok(opened.outputs.every((output: any) => output.variant !== null), 'a judged item shows its names');

    assert.deepEqual(await t.call('labeling.retract', { judgmentId: judgment.id }), { itemId: item!.itemId });
    assert.deepEqual(await t.call('labeling.retract', { judgmentId: judgment.id }), { itemId: item!.itemId }, 'undoing twice changes nothing');
    page = await t.call('labeling.queue', { taskSetId: set.id, annotatorId: ada, limit: 1 });
    assert.equal(page.done, 0);
    assert.equal(page.items[0].itemId, item!.itemId, 'the item is first in the queue again');
    const reopened = await t.call('labeling.item', { itemId: item!.itemId, annotatorId: ada });
    assert.equal(reopened.current, null);
    assert.ok(reopened.outputs.every((output: any) => output.variant === null), 'blind again');

    const judgmentId = '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
    const redo = await t.call('labeling.submit', { ...prefer(item!, 1), annotatorId: ada, judgmentId });
    assert.equal(redo.judgment.id, judgmentId);
    assert.equal(redo.judgment.revision, 3, 'submit, undo, submit: three revisions of one judgment');
    assert.equal(redo.judgment.key, judgment.key);
    const retried = await t.call('labeling.submit', { ...prefer(item!, 1), annotatorId: ada, judgmentId });
    assert.equal(retried.judgment.revision, 3, 'a retried submit (same id) is saved once');
    await assert.rejects(t.call('labeling.submit', { ...prefer((await t.call('labeling.queue', { taskSetId: set.id, annotatorId: ada, limit: 1 })).items[0], 0), annotatorId: ada, judgmentId }), /already used for another item/);
    const rows = await t.backend.dispatch('labeling.getTaskSet', { id: set.id });
    assert.ok(rows.ok);
    assert.equal((rows.value as TaskSetSummary).humanJudgments, 1);
  });

  it('verdicts that do not fit the item are refused in words', async () => {
    const set: TaskSetSummary = await t.call('labeling.createTaskSet', pairwise({ name: 'Checks' }));
    const [item] = (await t.call('labeling.queue', { taskSetId: set.id, annotatorId: ada, limit: 1 })).items as QueueItem[];
    const shownOrder = item!.outputs.map((output) => output.generationId);
    await assert.rejects(
      t.call('labeling.submit', { itemId: item!.itemId, annotatorId: ada, shownOrder, verdict: { kind: 'pairwise', choice: 'preferred', preferredGenerationId: 'nope' } }),
      /which of the two outputs is better/,
    );
    await assert.rejects(
      t.call('labeling.submit', { itemId: item!.itemId, annotatorId: ada, shownOrder, verdict: { kind: 'rubric', scores: [{ criterion: 'Style', score: 3 }] } }),
      /pairwise task/,
    );
    await assert.rejects(
      t.call('labeling.submit', { itemId: item!.itemId, annotatorId: ada, shownOrder: [shownOrder[0]], verdict: { kind: 'pairwise', choice: 'tie', preferredGenerationId: null } }),
      /each output of the item once/,
    );
    await assert.rejects(
      t.call('labeling.submit', { itemId: item!.itemId, annotatorId: 'someone', shownOrder, verdict: { kind: 'pairwise', choice: 'tie', preferredGenerationId: null } }),
      /annotator does not exist/,
    );
  });

  it('review lists disagreements and flags, and an adjudication settles an item', async () => {
    const set: TaskSetSummary = await t.call('labeling.createTaskSet', pairwise({ name: 'Review', overlap: 2, tags: ['wrong', 'verbose'] }));
    const adaItems: QueueItem[] = (await t.call('labeling.queue', { taskSetId: set.id, annotatorId: ada, limit: 3 })).items;
    for (const [index, item] of adaItems.entries()) {
      await t.call('labeling.submit', { ...prefer(item, 0), annotatorId: ada, flagged: index === 2, tags: index === 2 ? ['wrong'] : [] });
    }
    await assert.rejects(t.call('labeling.submit', { ...prefer(adaItems[0]!, 0), annotatorId: ada, tags: ['rude'] }), /Not in this task set’s tags: rude/);
    for (const [index, adaItem] of adaItems.entries()) {
      const item: QueueItem = await t.call('labeling.item', { itemId: adaItem.itemId, annotatorId: grace });
      // Grace agrees on the first item and prefers the other output on the second.
      const adaWinner = adaItem.outputs[0]!.generationId;
      const winner = index === 1 ? item.outputs.find((output) => output.generationId !== adaWinner)!.generationId : adaWinner;
      await t.call('labeling.submit', {
        itemId: item.itemId,
        annotatorId: grace,
        shownOrder: item.outputs.map((output) => output.generationId),
        verdict: { kind: 'pairwise', choice: 'preferred', preferredGenerationId: winner },
      });
    }
    const review = await t.call('labeling.review', { taskSetId: set.id });
    assert.deepEqual(
      review.map((entry: any) => [entry.item.itemId, entry.reasons]).sort(),
      [
        [adaItems[1]!.itemId, ['disagreement']],
        [adaItems[2]!.itemId, ['flagged']],
      ].sort(),
    );
    const disputed = review.find((entry: any) => entry.reasons.includes('disagreement'));
    assert.equal(disputed.judgments.length, 2);
    assert.ok(disputed.item.outputs.every((output: any) => output.variant !== null), 'review is revealed');
    assert.deepEqual((await t.call('labeling.review', { taskSetId: set.id, filter: 'flagged' })).length, 1);

    const settled = await t.call('labeling.adjudicate', {
      itemId: disputed.item.itemId,
      annotatorId: ada,
      verdict: { kind: 'pairwise', choice: 'tie', preferredGenerationId: null },
      rationale: 'both fine',
    });
    assert.equal(settled.source, 'adjudication');
    const after = await t.call('labeling.review', { taskSetId: set.id, filter: 'disagreement' });
    assert.equal(after[0].adjudication.id, settled.id);
    const summary: TaskSetSummary = await t.call('labeling.getTaskSet', { id: set.id });
    assert.deepEqual([summary.humanJudgments, summary.completeItems, summary.annotators, summary.flagged], [6, 3, 2, 1]);
  });

  it('ranking items hold every variant of a row; rubric items one output with its criteria', async () => {
    const ranking: TaskSetSummary = await t.call('labeling.createTaskSet', { name: 'Rank', experimentId: experiment.experimentId, kind: 'ranking' });
    assert.equal(ranking.items, 6);
    const [item] = (await t.call('labeling.queue', { taskSetId: ranking.id, annotatorId: ada, limit: 1 })).items as QueueItem[];
    assert.equal(item!.outputs.length, 3);
    const ids = item!.outputs.map((output) => output.generationId);
    await assert.rejects(
      t.call('labeling.submit', { itemId: item!.itemId, annotatorId: ada, shownOrder: ids, verdict: { kind: 'ranking', ranks: [{ generationId: ids[0], rank: 1 }, { generationId: ids[1], rank: 2 }] } }),
      /Rank every one of the 3 outputs/,
    );
    const ranked = await t.call('labeling.submit', {
      itemId: item!.itemId,
      annotatorId: ada,
      shownOrder: ids,
      verdict: { kind: 'ranking', ranks: [{ generationId: ids[0], rank: 2 }, { generationId: ids[1], rank: 1 }, { generationId: ids[2], rank: 2 }] },
    });
    assert.equal(ranked.reveal.length, 3);

    const rubric = [
      { name: 'Correctness', min: 1, max: 5 },
      { name: 'Style', min: 1, max: 3 },
    ];
    const scored: TaskSetSummary = await t.call('labeling.createTaskSet', { name: 'Score', experimentId: experiment.experimentId, kind: 'rubric', rubric });
    assert.equal(scored.items, 18, 'every output of every row');
    const [one] = (await t.call('labeling.queue', { taskSetId: scored.id, annotatorId: ada, limit: 1 })).items as QueueItem[];
    const shownOrder = [one!.outputs[0]!.generationId];
    await assert.rejects(
      t.call('labeling.submit', { itemId: one!.itemId, annotatorId: ada, shownOrder, verdict: { kind: 'rubric', scores: [{ criterion: 'Correctness', score: 4 }, { criterion: 'Style', score: 5 }] } }),
      /Style is scored from 1 to 3, not 5/,
    );
    await assert.rejects(
      t.call('labeling.submit', { itemId: one!.itemId, annotatorId: ada, shownOrder, verdict: { kind: 'rubric', scores: [{ criterion: 'Correctness', score: 4 }] } }),
      /Score Style too/,
    );
    const saved = await t.call('labeling.submit', {
      itemId: one!.itemId,
      annotatorId: ada,
      shownOrder,
      verdict: { kind: 'rubric', scores: [{ criterion: 'Correctness', score: 4 }, { criterion: 'Style', score: 2 }] },
    });
    assert.equal(saved.judgment.verdict.scores.length, 2);
  });

  it('closing the app mid-queue loses nothing: every saved judgment is there after a restart', async () => {
    const set: TaskSetSummary = await t.call('labeling.createTaskSet', pairwise({ name: 'Durable' }));
    const items: QueueItem[] = (await t.call('labeling.queue', { taskSetId: set.id, annotatorId: grace, limit: 4 })).items;
    for (const item of items) await t.call('labeling.submit', { ...prefer(item, 1), annotatorId: grace });
    await t.close();
    t = await openTestBackend(dataDir);
    const page = await t.call('labeling.queue', { taskSetId: set.id, annotatorId: grace, limit: 50 });
    assert.equal(page.done, 4);
    assert.ok(!page.items.some((item: QueueItem) => items.some((judged) => judged.itemId === item.itemId)));
  });
});
