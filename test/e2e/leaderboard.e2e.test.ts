import assert from 'node:assert/strict';
import { after, before, test, type TestContext } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { startFakeOpenAi, type FakeProviderServer } from '../support/fake-providers/index.js';
import { judgedExperiment, type JudgedExperiment } from '../support/judged-experiment.js';
import { startServer, tempDataDir, type RunningServer } from '../support/start-server.js';
import { eventually, launchChromium, screenshot, texts } from './support/browser.js';
import { ensureRendererBuilt } from './support/renderer-build.js';

// Three models answered ten questions. Two people judged every pair blind (overlap 2), preferring
// alpha over beta over gamma four times out of five. The Leaderboard shows what a person should
// read from that: the order, ratings with intervals, who beats whom, no position bias, how far the
// two agree. Then an LLM judge that always answers "[[A]]" judges every pair in both orders: it
// flips every time, and its verdicts count in the ratings only when asked.
// In Chromium against `arbiter serve`.

const strength = ['alpha', 'beta', 'gamma'] as const;
const rows = 10;
const pairs = 3;
const items = pairs * rows;

let experiment: JudgedExperiment | undefined;
let judgeServer: FakeProviderServer | undefined;
let server: RunningServer | undefined;
let browser: Browser;
let page: Page;
let taskSetId = '';
const pageProblems: string[] = [];

before(async () => {
  ensureRendererBuilt(process.cwd());
  judgeServer = await startFakeOpenAi({ apiKey: null, reply: () => 'Both answers are short; the first one reads slightly better. [[A]]' });
  server = await startServer({ dataDir: tempDataDir('arbiter-e2e-leaderboard-') });
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
  await judgeServer?.close();
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
      await screenshot(page, `failed-leaderboard-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => {});
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

/** Which model wrote an output: the fake servers answer "<model> says: …". */
const authorOf = (output: string) => strength.find((name) => output.startsWith(`${name} says:`));

/**
 * One annotator's votes: the stronger model wins, except on the questions in `upsets`; `ties`
 * are called even. Returns how many judgments were saved.
 */
async function judgeAll(annotatorId: string, upsets: readonly number[], ties: readonly number[]): Promise<number> {
  const page = await call('labeling.queue', { taskSetId, annotatorId, limit: 50 });
  for (const item of page.items) {
    const question = Number(/Question (\d+)/.exec(item.variables.question ?? '')?.[1]);
    const [first, second] = item.outputs.map((output: { generationId: string; output: string }) => ({ id: output.generationId, rank: strength.indexOf(authorOf(output.output)!) }));
    assert.ok(first && second && first.rank >= 0 && second.rank >= 0, 'every output names its model');
    const stronger = first.rank < second.rank ? first : second;
    const weaker = stronger === first ? second : first;
    const verdict = ties.includes(question)
      ? { kind: 'pairwise', choice: 'tie', preferredGenerationId: null }
      : { kind: 'pairwise', choice: 'preferred', preferredGenerationId: (upsets.includes(question) ? weaker : stronger).id };
    await call('labeling.submit', { itemId: item.itemId, annotatorId, shownOrder: [first.id, second.id], verdict });
  }
  return page.items.length;
}

const view = () => page.getByTestId('leaderboard-view');
// One prompt, three models: each variant is labeled by its model's name.
const rowOf = (model: string) => view().locator(`[data-testid="rating-row"][data-variant="${model}"]`);

test('the leaderboard ranks three models from two people’s blind votes, and an LLM judge shows its flip rate', async (t) => {
  await step(t, 'with no task set, the screen says where they come from', async () => {
    await page.goto(server!.url);
    await page.getByTestId('theme-light').click();
    await page.getByTestId('nav-leaderboard').click();
    const empty = page.getByTestId('leaderboard-empty');
    await eventually(async () => assert.match(await textOf(empty), /Nothing to rank yet.*open Label, make a task set/), 30_000);
    await screenshot(page, 'leaderboard-empty-light');
  });

  await step(t, 'an experiment of three models, two annotators and a pairwise task set with overlap 2 (through the API)', async () => {
    experiment = await judgedExperiment(call, { models: [...strength], rows });
    const set = await call('labeling.createTaskSet', { name: 'Arithmetic: who answers best', experimentId: experiment.experimentId, kind: 'pairwise', overlap: 2 });
    taskSetId = set.id;
    assert.equal(set.items, items);
  });

  await step(t, 'the new task set is listed and opens at #/leaderboard/<id>, waiting for judgments', async () => {
    // Back on the screen: the list is read again.
    await page.getByTestId('nav-prompts').click();
    await page.getByTestId('nav-leaderboard').click();
    const item = page.locator('[data-testid="task-set-item"][data-task-set-name="Arithmetic: who answers best"]');
    await item.click();
    await eventually(async () => assert.equal(decodeURIComponent(new URL(page.url()).hash), `#/leaderboard/${taskSetId}`));
    await view().getByTestId('leaderboard-no-judgments').waitFor();
    assert.equal(await textOf(view().getByTestId('leaderboard-title')), 'Arithmetic: who answers best');
    assert.match(await textOf(view().getByTestId('leaderboard-no-judgments')), /No judgments yet.*Open Label/);
    await screenshot(page, 'leaderboard-no-judgments-light');
  });

  await step(t, 'two people vote; the screen follows the judgments as they are saved', async () => {
    const ada = await call('annotators.create', { name: 'Ada' });
    const grace = await call('annotators.create', { name: 'Grace' });
    // Ada: the stronger model wins except on questions 5 and 10. Grace: except on 5 and 7, and question 2 is a tie.
    assert.equal(await judgeAll(ada.id, [5, 10], []), items);
    assert.equal(await judgeAll(grace.id, [5, 7], [2]), items);
    // No reload: labeling.changed brings the numbers.
    await view().getByTestId('ratings-table').waitFor();
    await eventually(async () => assert.match(await textOf(view().getByTestId('leaderboard-meta')), /60 human judgments/));
  });

  await step(t, 'the ranking follows the votes: alpha, beta, gamma, with ratings, intervals and records', async () => {
    assert.deepEqual(await texts(view().getByTestId('rating-variant')), ['alpha', 'beta', 'gamma']);
    // Ranks tie where intervals overlap: each rank is 1 + the variants whose whole interval lies above
    // this one's, and "=" marks a shared rank. (40 comparisons rarely separate neighbours.)
    const shown = await Promise.all(
      strength.map(async (model) => {
        const rating = Number(await textOf(rowOf(model).getByTestId('rating-value')));
        const [, up, down] = /^\+(\d+) \/ −(\d+)$/.exec(await textOf(rowOf(model).getByTestId('rating-interval'))) ?? [];
        return { model, rank: await textOf(rowOf(model).getByTestId('rating-rank')), low: rating - Number(down), high: rating + Number(up) };
      }),
    );
    assert.match(shown[0]!.rank, /^=?1$/, 'alpha ranks first');
    for (const row of shown) {
      // Shown numbers are rounded: an edge within rounding of another says nothing either way.
      if (shown.some((other) => other !== row && Math.abs(other.low - row.high) <= 2)) continue;
      const above = shown.filter((other) => other.low > row.high).length;
      const shared = shown.filter((other) => other !== row && other.rank.replace('=', '') === row.rank.replace('=', '')).length > 0;
      assert.equal(row.rank, `${shared ? '=' : ''}${1 + above}`, `${row.model}'s rank against the intervals ${JSON.stringify(shown)}`);
    }
    // The best is well above average, the worst below; every interval reads "+a / −b" around its rating.
    const rating = async (model: string) => Number(await textOf(rowOf(model).getByTestId('rating-value')));
    assert.ok((await rating('alpha')) > 1000 && (await rating('gamma')) < 1000, 'alpha above 1000, gamma below');
    assert.ok((await rating('alpha')) > (await rating('beta')) && (await rating('beta')) > (await rating('gamma')));
    for (const model of strength) assert.match(await textOf(rowOf(model).getByTestId('rating-interval')), /^\+\d+ \/ −\d+$/);
    // alpha met beta and gamma on ten questions each, judged by two people: 40 comparisons. Against each,
    // Ada lost questions 5 and 10 (8 wins, 2 losses); Grace lost 5 and 7 and tied 2 (7, 2, 1).
    assert.equal(await textOf(rowOf('alpha').getByTestId('rating-comparisons')), '40');
    assert.equal(await textOf(rowOf('alpha').getByTestId('rating-record')), '30 / 8 / 2 / 0');
    assert.equal(await textOf(rowOf('alpha').getByTestId('rating-win-rate')), '78%');
    assert.match(await textOf(view().getByTestId('ratings-method')), /95% bootstrap intervals from 1,000 resamples/);
    assert.match(await view().getByTestId('ratings-plot').getAttribute('aria-label') ?? '', /alpha .*\d+ \(\d+ to \d+\)/);
    assert.equal(await view().locator('.lb-plot .recharts-errorBar').count(), 3);
  });

  await step(t, 'the win matrix, position bias and agreement say what the votes hold', async () => {
    const matrix = view().getByTestId('win-matrix');
    const alphaRow = matrix.locator('[data-testid="matrix-row"][data-variant="alpha"]');
    // Against each of the others: (8 + 7 wins + a tie counted half) of 20 comparisons.
    assert.deepEqual(await texts(alphaRow.getByTestId('matrix-cell')), ['78%\n20', '78%\n20']);
    const gammaRow = matrix.locator('[data-testid="matrix-row"][data-variant="gamma"]');
    assert.deepEqual(await texts(gammaRow.getByTestId('matrix-cell')), ['23%\n20', '23%\n20']);

    const bias = view().getByTestId('position-bias');
    assert.match(await textOf(bias.getByTestId('bias-first-rate')), /^\d+%$/);
    // 60 votes, 3 of them ties (Grace, question 2).
    assert.match(await textOf(bias.getByTestId('bias-decisive')), /^\d+ \/ 57$/);
    assert.match(await textOf(bias.getByTestId('bias-p')), /^p [=<] [\d.]+$/);
    assert.match(await textOf(bias.getByTestId('bias-verdict')), /No sign of position bias|wins more often than chance/);

    const agreement = view().getByTestId('agreement');
    assert.match(await textOf(agreement.getByTestId('agreement-coverage')), /^30 items judged by 2 or more · 2 annotators$/);
    assert.match(await textOf(agreement.getByTestId('agreement-percent')), /^\d+%$/);
    assert.match(await textOf(agreement.getByTestId('agreement-alpha')), /^−?\d\.\d\d$/);
    assert.match(await textOf(agreement), /Krippendorff’s α \(nominal\)/);
    const pair = agreement.getByTestId('agreement-pair');
    assert.equal(await pair.count(), 1);
    assert.match(await textOf(pair), /^(Ada & Grace|Grace & Ada) 30 \d+% −?\d\.\d\d (worse than chance|slight|fair|moderate|substantial|almost perfect)$/);
    // Nothing from an LLM judge to include yet.
    assert.equal(await view().getByTestId('include-judges').isDisabled(), true);
    await screenshots('leaderboard');
  });

  await step(t, 'an LLM judge that always answers [[A]] judges every pair in both orders, live', async () => {
    await call('models.addRemote', { name: 'Always-A judge', provider: 'openai-compatible', baseUrl: judgeServer!.baseUrl, model: 'judge', prices: { inputPerMillion: 0, outputPerMillion: 0 } });
    const panel = view().getByTestId('judge-panel');
    await panel.scrollIntoViewIfNeeded();
    assert.match(await textOf(panel), /No LLM judge has judged this task set yet/);
    // The default judge prompt is there to edit, and can be brought back.
    const prompt = panel.getByTestId('judge-prompt');
    await eventually(async () => assert.match(await prompt.inputValue(), /impartial judge[\s\S]*\{\{ answer_a \}\}[\s\S]*\[\[A\]\]/));
    const original = await prompt.inputValue();
    await prompt.fill(`${original}\nBe brief.`);
    await panel.getByText('edited').waitFor();
    await panel.getByTestId('judge-prompt-reset').click();
    assert.equal(await prompt.inputValue(), original);

    await eventually(async () => assert.ok((await panel.getByTestId('judge-model').locator('option').allInnerTexts()).includes('Always-A judge')));
    await panel.getByTestId('judge-model').selectOption({ label: 'Always-A judge' });
    await panel.getByTestId('judge-max-tokens').fill('64');
    await panel.getByTestId('judge-start').click();
    const run = panel.locator('[data-testid="judge-run"][data-model="Always-A judge"]');
    await run.waitFor();
    await eventually(async () => assert.equal(await run.getAttribute('data-state'), 'completed'), 30_000);
    assert.equal(await textOf(run.getByTestId('judge-run-count')), `${2 * items} of ${2 * items} verdicts`);
    assert.equal(judgeServer!.requests.filter((request) => request.path.endsWith('/chat/completions')).length, 2 * items);
  });

  await step(t, 'the judge flipped on every pair, and its verdicts stay out of the people’s ratings', async () => {
    const report = view().locator('[data-testid="judge-report"]');
    await eventually(async () => assert.equal(await report.count(), 1));
    assert.match(await textOf(report), /Always-A judge/);
    assert.equal(await textOf(report.getByTestId('judge-flip-rate')), '100%');
    assert.equal(await textOf(report.getByTestId('judge-unparsed')), '0');
    assert.match(await textOf(report), /mostly judges position, not content/);
    // A judge that never holds its verdict both ways has nothing to compare with the people.
    assert.equal(await textOf(report.getByTestId('judge-agreement')), '—');
    assert.match(await textOf(report), /never kept a verdict both ways/);
    // The people's ratings did not move.
    await eventually(async () => assert.match(await textOf(view().getByTestId('leaderboard-meta')), /60 human judgments · 60 LLM verdicts/));
    assert.equal(await textOf(rowOf('alpha').getByTestId('rating-comparisons')), '40');
    assert.equal(await view().getByTestId('includes-judges').count(), 0);
    await view().getByTestId('judge-panel').scrollIntoViewIfNeeded();
    await screenshots('leaderboard-judge');
  });

  await step(t, 'included on request, the judge’s votes count: its both-ways verdicts pull every variant toward even', async () => {
    await view().getByTestId('include-judges').check();
    await view().getByTestId('includes-judges').waitFor();
    // Every pair twice more, one win each way: alpha's (30 + 1 + 20) of 80.
    await eventually(async () => assert.equal(await textOf(rowOf('alpha').getByTestId('rating-comparisons')), '80'));
    assert.equal(await textOf(rowOf('alpha').getByTestId('rating-win-rate')), '64%');
    assert.equal(await textOf(rowOf('alpha').getByTestId('rating-record')), '50 / 28 / 2 / 0');
    // Position bias stays the people's: the judge's shows as its flip rate.
    assert.match(await textOf(view().getByTestId('position-bias').getByTestId('bias-decisive')), /^\d+ \/ 57$/);
    await view().getByTestId('ratings').scrollIntoViewIfNeeded();
    await screenshot(page, 'leaderboard-include-judges-light');

    await view().getByTestId('include-judges').uncheck();
    await eventually(async () => assert.equal(await view().getByTestId('includes-judges').count(), 0));
    assert.equal(await textOf(rowOf('alpha').getByTestId('rating-comparisons')), '40');
    assert.equal(await textOf(rowOf('alpha').getByTestId('rating-win-rate')), '78%');
  });

  await step(t, 'another screen and back: the same task set is still open', async () => {
    await page.getByTestId('nav-experiments').click();
    await page.getByTestId('nav-leaderboard').click();
    await eventually(async () => assert.equal(decodeURIComponent(new URL(page.url()).hash), `#/leaderboard/${taskSetId}`));
    assert.equal(await textOf(view().getByTestId('leaderboard-title')), 'Arithmetic: who answers best');
    assert.equal(await view().locator('.lb-plot .recharts-errorBar').count(), 3);
  });

  await step(t, 'the page logged no errors', () => {
    assert.deepEqual(pageProblems, []);
  });
});

