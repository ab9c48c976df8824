import assert from 'node:assert/strict';
import { after, before, test, type TestContext } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import type { FakeChatRequest } from '../support/fake-providers/index.js';
import { judgedExperiment, type JudgedExperiment } from '../support/judged-experiment.js';
import { startServer, tempDataDir, type RunningServer } from '../support/start-server.js';
import { eventually, launchChromium, screenshot, texts } from './support/browser.js';
import { ensureRendererBuilt } from './support/renderer-build.js';

// Two domain experts judge three models' answers blind, with the keyboard only. Ada makes the
// annotator profile in the header, builds a pairwise task set (two of the three models, overlap
// 2) in the form and labels all 20 pairs: one tie, one "much better", one flagged with a
// rationale, one undone and redone, one skipped and labeled at the end. Grace labels the same 20
// and disagrees on some; review lists the disagreements with names revealed, and one is
// adjudicated. Then a K-way ranking (keys and drag and drop) and a rubric item. One model output
// tries to run script; it stays text. In Chromium against `arbiter serve`.

const models = ['Alpha 7B', 'Beta 13B', 'Gamma 3B'] as const;
const rows = 20;
const hostileQuestion = 3;
const payload = '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>';

/** Each model answers in its own recognizable way (a person tells them apart by reading, not by name). */
function reply(name: string, request: FakeChatRequest): string {
  const n = Number(/Question (\d+)/.exec(request.messages.at(-1)?.content ?? '')?.[1] ?? 0);
  if (name === 'Alpha 7B') return n === hostileQuestion ? `The answer is ${2 * n}. ${payload}` : `The answer is ${2 * n}.`;
  if (name === 'Beta 13B') return `Let me think step by step.\n\n1. Take ${n}.\n2. Add ${n} again.\n\nSo **${n} + ${n}** makes ${2 * n}, and the answer is ${2 * n}.`;
  return `Probably ${2 * n + 1}?`;
}
/** Waits on what the backend has saved: on a busy shared machine a write can take seconds (the screen never waits for it). */
const backend = 30_000;
const isAlpha = (text: string) => text.startsWith('The answer is');

let experiment: JudgedExperiment | undefined;
let server: RunningServer | undefined;
let browser: Browser;
let page: Page;
let pairwiseSetId = '';
const annotatorIds = new Map<string, string>();
const pageProblems: string[] = [];
/** What each annotator chose per item: 'alpha', 'beta' or 'tie'. */
const votes = new Map<string, Map<string, 'alpha' | 'beta' | 'tie'>>();

before(async () => {
  ensureRendererBuilt(process.cwd());
  server = await startServer({ dataDir: tempDataDir('arbiter-e2e-label-') });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') pageProblems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => pageProblems.push(`uncaught: ${error.message}`));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await experiment?.close();
});

async function call<T = any>(channel: string, input: unknown = {}): Promise<T> {
  const { body } = await server!.call(channel, input);
  if (!body.ok) throw new Error(`${channel}: ${body.error.code} ${body.error.message}`);
  return body.value as T;
}

async function textOf(locator: Locator): Promise<string> {
  return (await texts(locator)).join('\n').replace(/\s+/g, ' ');
}

async function step(t: TestContext, name: string, fn: () => Promise<void> | void): Promise<void> {
  await t.test(name, async () => {
    try {
      await fn();
    } catch (error) {
      await screenshot(page, `failed-label-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => {});
      throw error;
    }
  });
}

/** The same view in both themes; back to light after. */
async function screenshots(name: string): Promise<void> {
  await screenshot(page, `${name}-light`);
  await page.getByTestId('theme-dark').click();
  await eventually(async () => assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark'));
  await screenshot(page, `${name}-dark`);
  await page.getByTestId('theme-light').click();
  await eventually(async () => assert.equal(await page.locator('html').getAttribute('data-theme'), 'light'));
}

const item = () => page.getByTestId('label-item');
const progress = () => textOf(page.getByTestId('progress-done'));
const remaining = () => textOf(page.getByTestId('progress-remaining'));
const itemId = async () => (await item().getAttribute('data-item-id')) ?? '';

const rankGroups = async () => (await texts(page.getByTestId('rank-group'))).map((text) => text.replace(/\s+/g, ' '));

/** The next item is on screen (a different one than `previous`). */
async function nextItem(previous: string): Promise<string> {
  return eventually(async () => {
    const id = await itemId();
    assert.ok(id && id !== previous, 'a new item is shown');
    return id;
  });
}

/** Model names never appear in the item before the vote. */
async function assertBlind(): Promise<void> {
  const shown = await textOf(item());
  for (const name of models) assert.ok(!shown.includes(name), `“${name}” is not shown before the vote`);
}

/** Which side Alpha wrote, read from the outputs as a person would. */
async function sides(): Promise<{ alpha: 'left' | 'right'; texts: string[] }> {
  const outputs = await item().getByTestId('output-text').allInnerTexts();
  assert.equal(outputs.length, 2);
  return { alpha: isAlpha(outputs[0]!) ? 'left' : 'right', texts: outputs };
}

async function judgments(annotator: string): Promise<{ done: number; remaining: number; total: number }> {
  const page = await call('labeling.queue', { taskSetId: pairwiseSetId, annotatorId: annotatorIds.get(annotator), limit: 1 });
  return { done: page.done, remaining: page.remaining, total: page.total };
}

async function switchAnnotator(name: string, create: boolean): Promise<void> {
  await page.getByTestId('annotator-picker').click();
  const menu = page.getByTestId('annotator-menu');
  await menu.waitFor();
  if (create) {
    if (await menu.getByTestId('new-annotator').count()) await menu.getByTestId('new-annotator').click();
    await menu.getByTestId('new-annotator-name').fill(name);
    await menu.getByTestId('new-annotator-name').press('Enter');
  } else {
    await menu.locator(`[data-testid="annotator-option"][data-name="${name}"]`).click();
  }
  await eventually(async () => assert.equal(await textOf(page.getByTestId('current-annotator')), name));
  await eventually(async () => assert.equal(await menu.count(), 0));
  const list = await call<{ id: string; name: string }[]>('annotators.list');
  annotatorIds.set(name, list.find((annotator) => annotator.name === name)!.id);
}

test('two annotators label blind with the keyboard; review, ranking and rubric', async (t) => {
  await step(t, 'an experiment of three models on 20 questions ran to completion (through the API)', async () => {
    experiment = await judgedExperiment(call, { models: [...models], rows, reply, reference: true });
  });

  await step(t, 'the header asks who is labeling; Ada makes her profile there', async () => {
    await page.goto(server!.url);
    await page.getByTestId('theme-light').click();
    await page.getByTestId('nav-label').click();
    await page.getByTestId('label-empty').waitFor();
    assert.equal(await textOf(page.getByTestId('current-annotator')), 'Who is labeling?');
    await switchAnnotator('Ada', true);
  });

  await step(t, 'a pairwise task set is built in the form, with a live preview', async () => {
    await page.getByTestId('empty-new-task-set').click();
    const form = page.getByTestId('task-set-form');
    await form.waitFor();
    assert.match(await textOf(page.getByTestId('form-missing')), /Pick an experiment/);
    assert.equal(await page.getByTestId('create-task-set').isDisabled(), true);
    await page.getByTestId('task-set-experiment').selectOption({ label: 'Arithmetic A/B' });
    const variants = page.getByTestId('variant-option');
    await eventually(async () => assert.equal(await variants.count(), 3));
    // Every pair of three models on 20 rows: 60 pairs.
    await eventually(async () => assert.equal(await textOf(page.getByTestId('preview-items')), '60'));
    // Only Alpha against Beta: 20 pairs.
    await page.locator('[data-testid="variant-option"][data-label^="Gamma 3B"]').uncheck();
    await eventually(async () => assert.equal(await textOf(page.getByTestId('preview-items')), '20'));
    await page.getByTestId('task-set-overlap').fill('2');
    await eventually(async () => assert.equal(await textOf(page.getByTestId('preview-judgments')), '40'));
    await page.getByTestId('tag-input').fill('hallucination');
    await page.getByTestId('tag-input').press('Enter');
    await page.getByTestId('tag-input').fill('too long');
    await page.getByTestId('tag-input').press('Enter');
    await page
      .getByTestId('task-set-instructions')
      .fill('Prefer the answer that is correct; then the one that is shorter.\nMark “both bad” when neither is correct. Flag anything odd.');
    await page.getByTestId('task-set-name').fill('Alpha vs Beta, arithmetic');
    await eventually(async () => assert.equal(await page.getByTestId('create-task-set').isDisabled(), false));
    assert.equal(await textOf(page.getByTestId('create-task-set')), 'Create 20 items Ctrl+Enter');
    await screenshots('label-new-task-set');
    await page.getByTestId('create-task-set').click();
    await page.getByTestId('task-set-view').waitFor();
    pairwiseSetId = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
    assert.ok(pairwiseSetId, 'the URL names the task set');
    assert.match(await textOf(page.getByTestId('task-set-facts')), /^Pairwise Arithmetic A\/B 20 items 0\/20 complete 2 annotators per item blind seed 42$/);
  });

  await step(t, 'the first pair: instructions open, names hidden, progress 0 / 20, the keys on screen', async () => {
    await item().waitFor();
    assert.equal(await progress(), '0 / 20 done');
    assert.equal(await remaining(), '20 remaining');
    assert.match(await textOf(page.getByTestId('instructions-text')), /Prefer the answer that is correct/);
    assert.match(await textOf(page.getByTestId('key-legend')), /1 ← left 2 → right .* 3 ↓ tie 4 both bad .*Enter submit U undo S skip F flag R rationale/);
    await assertBlind();
    // A choice shows on both the buttons and the outputs.
    const { alpha } = await sides();
    await page.keyboard.press(alpha === 'left' ? 'Digit1' : 'Digit2');
    assert.equal(await page.getByTestId(`choice-${alpha}`).getAttribute('aria-pressed'), 'true');
    assert.equal(await item().locator('[data-mark="better"]').count(), 1);
    await screenshots('label-pairwise');
  });

  await step(t, 'Ada labels all 20 with the keyboard: undo and redo, a skip, a tie, much better, a flag', async () => {
    const mine = new Map<string, 'alpha' | 'beta' | 'tie'>();
    votes.set('Ada', mine);
    let skipped = '';
    let previous = '';
    let labeled = 0;
    let sawHostile = false;
    while (labeled < rows) {
      const id = labeled === 0 ? await itemId() : await nextItem(previous);
      await assertBlind();
      const { alpha, texts: outputs } = await sides();
      if (outputs.some((text) => text.includes('<script>'))) {
        sawHostile = true;
        // The model's markup is shown as the characters it wrote, and none of it ran.
        const body = item().locator('.lb-output-body', { hasText: '<script>' });
        assert.match(await textOf(body), /<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2<\/script>/);
        assert.equal(await item().locator('.lb-output-body img, .lb-output-body script').count(), 0);
        assert.equal(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned), undefined);
      }
      if (labeled === 12 && !skipped) {
        // Skip: this one goes to the end of the session's queue.
        skipped = id;
        await page.keyboard.press('s');
        previous = id;
        continue;
      }
      if (labeled === 2) {
        await page.keyboard.press('ArrowDown');
        mine.set(id, 'tie');
      } else if (labeled === 4) {
        // The same side twice: much better.
        const key = alpha === 'left' ? 'ArrowLeft' : 'ArrowRight';
        await page.keyboard.press(key);
        await page.keyboard.press(key);
        assert.equal(await textOf(page.getByTestId(`choice-${alpha}`)), `${alpha === 'left' ? '1 ← Left' : '2 → Right'} much better`);
        mine.set(id, 'alpha');
      } else {
        if (labeled !== 0) await page.keyboard.press(alpha === 'left' ? 'Digit1' : 'Digit2');
        mine.set(id, 'alpha');
      }
      if (labeled === 6) {
        await page.keyboard.press('f');
        await page.keyboard.press('Alt+Digit1');
        await page.keyboard.press('r');
        await page.keyboard.type('Beta explains more than was asked.');
        await page.keyboard.press('Escape');
        assert.equal(await page.getByTestId('flag-item').getAttribute('aria-pressed'), 'true');
        assert.equal(await page.locator('[data-testid="item-tag"][data-tag="hallucination"]').getAttribute('aria-pressed'), 'true');
      }
      await page.keyboard.press('Enter');
      labeled++;
      previous = id;

      if (labeled === 1) {
        // The reveal says who was who, without stopping the next item from showing.
        const reveal = page.getByTestId('reveal');
        await eventually(async () => assert.equal(await reveal.getAttribute('data-state'), 'saved'));
        const entries = await texts(reveal.getByTestId('reveal-entry'));
        assert.deepEqual(entries, alpha === 'left' ? ['Left was Alpha 7B', 'Right was Beta 13B'] : ['Left was Beta 13B', 'Right was Alpha 7B']);
        assert.match(await textOf(reveal), new RegExp(`you chose ${alpha === 'left' ? 'Left' : 'Right'} better`));
        assert.equal(await progress(), '1 / 20 done');
        // Instructions fold once the annotator has started.
        assert.equal(await page.getByTestId('instructions-text').count(), 0);
        await screenshots('label-reveal');
      }
      if (labeled === 10) {
        // Undo: the judgment is withdrawn and its item is back in front, the choice filled in.
        await nextItem(id);
        await page.keyboard.press('u');
        await eventually(async () => assert.equal(await itemId(), id));
        await page.getByTestId('restored-note').waitFor();
        assert.equal(await page.getByTestId(`choice-${(await sides()).alpha}`).getAttribute('aria-pressed'), 'true');
        assert.equal(await progress(), '9 / 20 done');
        await eventually(async () => assert.equal((await judgments('Ada')).done, 9), backend);
        // Redo: Enter submits the same choice again.
        await page.keyboard.press('Enter');
        assert.equal(await progress(), '10 / 20 done');
        await eventually(async () => assert.equal((await judgments('Ada')).done, 10), backend);
      }
    }
    assert.ok(sawHostile, 'the hostile output was among the items');
    assert.ok(mine.has(skipped), 'the skipped item came back at the end and was labeled');
    assert.equal(mine.size, rows);
    await page.getByTestId('label-finished').waitFor();
    assert.equal(await progress(), '20 / 20 done');
    assert.equal(await remaining(), '0 remaining');
    // The outbox may still be sending (it never holds the labeler up); it empties.
    await eventually(async () => assert.equal(await textOf(page.getByTestId('save-state')), 'All saved'), backend);
    assert.deepEqual(await judgments('Ada'), { done: 20, remaining: 0, total: 20 });
    const set = (await call<any[]>('labeling.listTaskSets')).find((candidate) => candidate.id === pairwiseSetId);
    assert.equal(set.humanJudgments, 20);
    assert.equal(set.flagged, 1);
    // Overlap 2: no item is complete with one annotator.
    const listed = page.locator('[data-testid="task-set-item"][data-name="Alpha vs Beta, arithmetic"]');
    await eventually(async () => assert.match(await textOf(listed.getByTestId('task-set-progress')), /^0\/20 complete$/), backend);
    assert.equal(await textOf(listed.getByTestId('task-set-flagged')), '1');
    assert.equal(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned), undefined);
  });

  await step(t, 'Grace, switched in the header, labels the same 20 and disagrees on some, through an outage and a reload', async () => {
    await switchAnnotator('Grace', true);
    await item().waitFor();
    assert.equal(await progress(), '0 / 20 done');
    assert.equal(await remaining(), '20 remaining');
    const mine = new Map<string, 'alpha' | 'beta' | 'tie'>();
    votes.set('Grace', mine);
    const outage = '**/api/labeling.submit';
    let previous = '';
    for (let labeled = 0; labeled < rows; labeled++) {
      if (labeled === 5) {
        // The backend stops taking judgments: she keeps labeling, nothing waits, nothing is lost.
        await eventually(async () => assert.equal(await textOf(page.getByTestId('save-state')), 'All saved'), backend);
        await page.route(outage, (route) => route.abort());
      }
      if (labeled === 8) {
        const banner = page.getByTestId('outbox-failure');
        await eventually(async () => assert.match(await textOf(banner), /^3 judgments are not saved yet\. The Arbiter server did not answer.*kept on this computer and sent in order/));
        assert.equal(await progress(), '8 / 20 done');
        assert.equal((await judgments('Grace')).done, 5);
        // Even a reload keeps them: they wait on this computer and go first.
        await page.reload();
        await item().waitFor();
        await eventually(async () => assert.match(await textOf(banner), /^3 judgments are not saved yet/));
        assert.equal(await progress(), '8 / 20 done');
        assert.ok(!mine.has(await itemId()), 'the item shown is one she has not judged');
        await page.unroute(outage);
        await page.getByTestId('retry-now').click();
        await eventually(async () => assert.equal(await banner.count(), 0), backend);
        await eventually(async () => assert.equal(await textOf(page.getByTestId('save-state')), 'All saved'), backend);
        assert.equal((await judgments('Grace')).done, 8);
        // The failed requests were ours; the console lines they left are not problems of the page.
        for (let index = pageProblems.length - 1; index >= 0; index--) if (pageProblems[index]!.includes('net::ERR_FAILED')) pageProblems.splice(index, 1);
        previous = '';
      }
      const id = previous ? await nextItem(previous) : await itemId();
      await assertBlind();
      const { alpha } = await sides();
      // Grace prefers Beta's worked answers on every fourth item.
      const choice = labeled % 4 === 0 ? 'beta' : 'alpha';
      const side = choice === 'alpha' ? alpha : alpha === 'left' ? 'right' : 'left';
      await page.keyboard.press(labeled % 2 ? (side === 'left' ? 'ArrowLeft' : 'ArrowRight') : side === 'left' ? 'Digit1' : 'Digit2');
      await page.keyboard.press('Enter');
      mine.set(id, choice);
      previous = id;
    }
    await page.getByTestId('label-finished').waitFor();
    assert.equal(await progress(), '20 / 20 done');
    await eventually(async () => assert.deepEqual(await judgments('Grace'), { done: 20, remaining: 0, total: 20 }), backend);
    const listed = page.locator('[data-testid="task-set-item"][data-name="Alpha vs Beta, arithmetic"]');
    await eventually(async () => assert.match(await textOf(listed.getByTestId('task-set-progress')), /^20\/20 complete$/), backend);
  });

  await step(t, 'review lists the disagreements with every judgment revealed; one is adjudicated', async () => {
    const ada = votes.get('Ada')!;
    const grace = votes.get('Grace')!;
    const disagreements = [...ada.keys()].filter((id) => ada.get(id) !== grace.get(id));
    assert.ok(disagreements.length >= 5, `some disagreements (${disagreements.length})`);
    await page.getByTestId('tab-review').click();
    await page.getByTestId('review-view').waitFor();
    await page.getByTestId('review-filter-disagreement').click();
    await eventually(async () => assert.equal(await page.getByTestId('review-item').count(), disagreements.length), backend);
    const listedIds = await page.getByTestId('review-item').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-item-id')));
    assert.deepEqual(new Set(listedIds), new Set(disagreements));
    // The flagged one is there too, under All.
    await page.getByTestId('review-filter-flagged').click();
    await eventually(async () => assert.equal(await page.getByTestId('review-item').count(), 1), backend);
    await page.getByTestId('review-filter-disagreement').click();
    await eventually(async () => assert.equal(await page.getByTestId('review-item').count(), disagreements.length), backend);

    const detail = page.getByTestId('review-detail');
    await detail.waitFor();
    const first = (await detail.getAttribute('data-item-id'))!;
    const rows = detail.getByTestId('review-judgment');
    assert.deepEqual((await rows.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-annotator')))).sort(), ['Ada', 'Grace']);
    const verdicts = await texts(detail.getByTestId('judgment-verdict'));
    for (const verdict of verdicts) assert.match(verdict, /^(Alpha 7B|Beta 13B) (much |slightly )?better$|^Tie$/);
    // Names are revealed in review: left is the experiment's first column.
    assert.deepEqual(await texts(detail.getByTestId('output-variant')), ['Alpha 7B', 'Beta 13B']);
    await page.keyboard.press('Digit1');
    await page.getByTestId('rationale').fill('Correct and shorter.');
    await page.getByTestId('rationale').press('Escape');
    await page.keyboard.press('Enter');
    await eventually(async () => assert.match(await textOf(detail.getByTestId('adjudication-current')), /^Grace decided Alpha 7B better/));
    await eventually(async () => assert.equal(await page.locator(`[data-testid="review-item"][data-item-id="${first}"] [data-testid="review-item-adjudicated"]`).count(), 1), backend);
    await screenshots('label-review');
  });

  await step(t, 'a K-way ranking task set: rank one item by keys and by drag and drop', async () => {
    await page.getByTestId('new-task-set').click();
    await page.getByTestId('task-set-form').waitFor();
    await page.getByTestId('task-set-experiment').selectOption({ label: 'Arithmetic A/B' });
    await page.getByTestId('kind-ranking').click();
    await page.getByTestId('sampling-sample').check();
    await page.getByTestId('sample-size').fill('5');
    await page.getByTestId('task-set-overlap').fill('1');
    await page.getByTestId('task-set-name').fill('Three-way ranking');
    await eventually(async () => assert.equal(await textOf(page.getByTestId('preview-items')), '5'));
    await page.getByTestId('create-task-set').click();
    await page.getByTestId('task-set-view').waitFor();
    await eventually(async () => assert.equal(await page.getByTestId('task-set-view').getAttribute('data-kind'), 'ranking'));
    await item().waitFor();
    assert.equal(await item().getByTestId('output-card').count(), 3);
    await assertBlind();
    assert.equal(await progress(), '0 / 5 done');
    // Output 2 best, then output 1; output 3 is dragged onto rank 1: tied with output 2.
    await page.keyboard.press('Digit2');
    await page.keyboard.press('Digit1');
    await page.locator('[data-testid="rank-unranked"] [data-testid="rank-chip"][data-output="3"]').dragTo(page.locator('[data-testid="rank-group"][data-rank="1"]'));
    await eventually(async () => assert.deepEqual(await rankGroups(), ['#1 2 = 3', '#2 1']));
    // Keys do the same: clear, then 2, Shift+3 (tied with the previous), 1.
    await page.keyboard.press('Digit0');
    assert.equal(await page.getByTestId('rank-group').count(), 0);
    await page.keyboard.press('Digit2');
    await page.keyboard.press('Shift+Digit3');
    await page.keyboard.press('Digit1');
    assert.deepEqual(await rankGroups(), ['#1 2 = 3', '#2 1']);
    assert.deepEqual(await texts(item().getByTestId('rank-badge')), ['#2', '#1 tied', '#1 tied']);
    await screenshots('label-ranking');
    const first = await itemId();
    await page.keyboard.press('Enter');
    await nextItem(first);
    const reveal = page.getByTestId('reveal');
    await eventually(async () => assert.equal(await reveal.getAttribute('data-state'), 'saved'));
    const entries = await texts(reveal.getByTestId('reveal-entry'));
    assert.equal(entries.length, 3);
    for (const [index, entry] of entries.entries()) assert.match(entry, new RegExp(`^Output ${index + 1} was (Alpha 7B|Beta 13B|Gamma 3B)$`));
    assert.match(await textOf(reveal), /you chose 2 = 3 > 1/);
    assert.equal(await progress(), '1 / 5 done');
  });

  await step(t, 'a rubric task set: one output scored on each criterion with number keys', async () => {
    await page.getByTestId('new-task-set').click();
    await page.getByTestId('task-set-form').waitFor();
    await page.getByTestId('task-set-experiment').selectOption({ label: 'Arithmetic A/B' });
    await page.getByTestId('kind-rubric').click();
    assert.deepEqual(
      await page.getByTestId('criterion-name').evaluateAll((nodes) => nodes.map((node) => (node as unknown as { value: string }).value)),
      ['Helpfulness', 'Correctness', 'Harmlessness', 'Style'],
    );
    await page.getByTestId('sampling-sample').check();
    await page.getByTestId('sample-size').fill('5');
    await page.getByTestId('task-set-name').fill('Rubric spot check');
    await eventually(async () => assert.equal(await textOf(page.getByTestId('preview-items')), '5'));
    await page.getByTestId('create-task-set').click();
    await eventually(async () => assert.equal(await page.getByTestId('task-set-view').getAttribute('data-kind'), 'rubric'));
    await item().waitFor();
    await assertBlind();
    const criteria = page.getByTestId('criterion');
    assert.equal(await criteria.count(), 4);
    await page.keyboard.press('Digit4');
    await page.keyboard.press('Digit5');
    await page.keyboard.press('Digit3');
    assert.equal(await textOf(page.getByTestId('rubric-scored')), '3 of 4 scored');
    assert.equal(await criteria.nth(3).getAttribute('data-focused'), 'true');
    // ↑ goes back one criterion; a key changes its score and moves on.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Digit5');
    await page.keyboard.press('Digit4');
    assert.equal(await textOf(page.getByTestId('rubric-scored')), '4 of 4 scored');
    const chosen = await criteria.evaluateAll((nodes) => nodes.map((node) => node.querySelector('[aria-checked="true"]')?.textContent));
    assert.deepEqual(chosen, ['4', '5', '5', '4']);
    await screenshots('label-rubric');
    const first = await itemId();
    await page.keyboard.press('Enter');
    await nextItem(first);
    const reveal = page.getByTestId('reveal');
    await eventually(async () => assert.equal(await reveal.getAttribute('data-state'), 'saved'));
    assert.match(await textOf(reveal.getByTestId('reveal-entry')), /^The output was (Alpha 7B|Beta 13B|Gamma 3B)$/);
    assert.equal(await progress(), '1 / 5 done');
  });

  await step(t, 'nothing ran from model output, and the page logged no errors', async () => {
    assert.equal(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned), undefined);
    assert.deepEqual(pageProblems, []);
  });
});
