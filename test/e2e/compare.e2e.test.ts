import assert from 'node:assert/strict';
import { after, before, test, type TestContext } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { startFakeOpenAi, type FakeChatRequest, type FakeProviderServer } from '../support/fake-providers/index.js';
import { startServer, tempDataDir, type RunningServer } from '../support/start-server.js';
import { eventually, launchChromium, screenshot, texts } from './support/browser.js';
import { ensureRendererBuilt } from './support/renderer-build.js';

// A reviewer reads an experiment's outputs side by side on the Compare screen: two prompt versions
// × two models (OpenAI-compatible servers on 127.0.0.1 whose answers the test writes) over four
// rows. One answer is Markdown (a list, bold, a code block); one row's answer is hostile HTML that
// must show as text and run nothing; one model fails one row. They move with the keyboard, search,
// show only failures, diff two columns and hide a model. In Chromium against `arbiter serve`.

const hostile = 'Sure: <img src=x onerror="window.__pwned=1"> and <script>window.__pwned=2</script> done.';

const rows = [
  { question: 'Write a shopping list', topic: 'errands', answer: 'eggs and milk', source: 'The fridge is empty except for butter.' },
  { question: 'Show hello world in Python', topic: 'code', answer: "print('hello world')", source: 'Python 3 syntax.' },
  { question: 'Repeat the markup back', topic: 'security', answer: 'Nothing should run', source: 'Untrusted text.' },
  { question: 'Report the outage', topic: 'operations', answer: 'All systems nominal', source: 'Status page.' },
];

/** Alpha and beta answer differently; version 2 of the prompt adds a line; beta is down for the outage row. */
function reply(request: FakeChatRequest): string {
  const user = request.messages.at(-1)?.content ?? '';
  const brief = user.startsWith('Briefly');
  const alpha = request.model === 'alpha';
  const tail = brief ? '\n\n_Short version._' : '';
  if (user.includes('shopping')) {
    return (alpha ? 'Here is your list:\n\n- **eggs**\n- milk\n- bread\n\nEnjoy the meal.' : 'Your list:\n\n1. eggs\n2. **milk**\n3. butter\n\nEnjoy your meal.') + tail;
  }
  if (user.includes('hello world')) {
    return (alpha ? "```python\nprint('hello world')\n```\n\nThat prints **hello world**." : 'Use this:\n\n```python\nprint("hello, world")\n```') + tail;
  }
  if (user.includes('markup')) return hostile;
  if (!alpha) throw new Error('beta is down');
  return 'All systems nominal.' + tail;
}

let fake: FakeProviderServer | undefined;
let server: RunningServer | undefined;
let browser: Browser;
let page: Page;
let experimentId = '';
const pageProblems: string[] = [];

before(async () => {
  ensureRendererBuilt(process.cwd());
  fake = await startFakeOpenAi({ apiKey: null, reply });
  server = await startServer({ dataDir: tempDataDir('arbiter-e2e-compare-') });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  // Anything the page tries to run or load against the CSP is counted, before any app script runs.
  await page.addInitScript({
    content: `window.__violations = [];
      document.addEventListener('securitypolicyviolation', (event) => window.__violations.push(event.violatedDirective + ' ' + event.blockedURI));`,
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') pageProblems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => pageProblems.push(`uncaught: ${error.message}`));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await fake?.close();
});

async function call<T = any>(channel: string, input: unknown = {}): Promise<T> {
  const { body } = await server!.call(channel, input);
  if (!body.ok) throw new Error(`${channel}: ${body.error.code} ${body.error.message}`);
  return body.value as T;
}

async function textOf(locator: Locator): Promise<string> {
  return (await texts(locator)).join('\n');
}

async function step(t: TestContext, name: string, fn: () => Promise<void> | void): Promise<void> {
  await t.test(name, async () => {
    try {
      await fn();
    } catch (error) {
      await screenshot(page, `failed-compare-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => {});
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

const view = () => page.getByTestId('compare-view');
const listed = () => view().getByTestId('compare-row');
const columns = () => view().getByTestId('output-column');
const selectedRow = () => view().locator('[data-testid="compare-row"][aria-selected="true"]');
const rowValues = () => textOf(view().getByTestId('row-values'));
const column = (model: string, version: number) => columns().filter({ has: page.locator('[data-testid="column-model"]', { hasText: model }) }).filter({ hasText: `Answers v${version}` });

/** What no output may contain, and what the page must never have run. */
async function assertNothingRan(): Promise<void> {
  assert.equal(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned), undefined, 'no script ran');
  // zod asks once whether eval is allowed (`Function('')` in a try, for its fast path): that one is expected.
  const violations = await page.evaluate(() => (globalThis as unknown as { __violations: string[] }).__violations);
  assert.deepEqual(
    violations.filter((violation) => violation !== 'script-src eval'),
    [],
    'no markup of an output even tried to run or load',
  );
  assert.equal(await view().locator('[data-testid="output-body"] img, [data-testid="output-body"] script').count(), 0);
}

test('outputs of an experiment are compared side by side, safely, by keyboard, with filters and a word diff', async (t) => {
  await step(t, 'with no experiment yet, Compare says what to do', async () => {
    await page.goto(server!.url);
    await page.getByTestId('theme-light').click();
    await page.getByTestId('nav-compare').click();
    await page.getByTestId('compare-empty').waitFor();
    assert.match(await textOf(page.getByTestId('compare-empty')), /Run an experiment first/);
    assert.equal(await page.getByTestId('compare-new-experiment').getAttribute('href'), '#/experiments/new');
  });

  await step(t, 'an experiment of two prompt versions × two models over four rows runs (through the API)', async () => {
    const dataset = await call('datasets.quickAdd', { name: 'Review set', rows, reference: 'answer', context: 'source' });
    const prompt = await call('prompts.create', {
      name: 'Answers',
      template: { messages: [{ role: 'system', content: 'You are a careful assistant.' }, { role: 'user', content: 'Please: {{ question }}' }] },
    });
    const second = await call('prompts.saveVersion', {
      promptId: prompt.id,
      template: { messages: [{ role: 'system', content: 'You are a careful assistant.' }, { role: 'user', content: 'Briefly: {{ question }}' }] },
    });
    const model = async (name: string, id: string) =>
      (await call('models.addRemote', { name, provider: 'openai-compatible', baseUrl: fake!.baseUrl, model: id, prices: { inputPerMillion: 0.5, outputPerMillion: 1.5 } })).id;
    const alpha = await model('Alpha 8B', 'alpha');
    const beta = await model('Beta 70B', 'beta');
    const created = await call('experiments.create', {
      name: 'Answers: alpha vs beta',
      promptVersionIds: [prompt.head.id, second.version.id],
      models: [
        { modelId: alpha, params: { maxTokens: 200 } },
        { modelId: beta, params: { maxTokens: 200 } },
      ],
      datasetVersionId: dataset.latest.id,
      maxRetries: 0,
    });
    experimentId = created.id;
    await call('experiments.start', { id: experimentId });
    await eventually(async () => assert.equal((await call('experiments.get', { id: experimentId })).state, 'completed'), 30_000);
  });

  await step(t, 'Compare lists the experiment; opening it shows the first row with four columns of rendered Markdown and their numbers', async () => {
    await page.reload();
    await page.getByTestId('nav-compare').click();
    const pick = page.locator('[data-testid="compare-pick"][data-experiment-name="Answers: alpha vs beta"]');
    await pick.waitFor();
    await screenshot(page, 'compare-picker-light');
    await pick.click();
    await view().waitFor();
    await eventually(async () => assert.equal(await listed().count(), 4));
    assert.equal(await textOf(view().getByTestId('row-count')), '4 rows');
    assert.equal(await textOf(view().getByTestId('compare-state')), 'Completed · 2 failed');
    await eventually(async () => assert.match(await rowValues(), /Write a shopping list/));
    assert.match(await rowValues(), /reference\s*eggs and milk/i);
    assert.match(await rowValues(), /context\s*The fridge is empty/i);
    assert.match(await textOf(view().getByTestId('prompt-messages')), /Please: Write a shopping list/);
    assert.equal(await columns().count(), 4);

    const alpha = column('Alpha 8B', 1);
    assert.deepEqual(await texts(alpha.locator('[data-testid="output-body"] li')), ['eggs', 'milk', 'bread']);
    assert.equal(await textOf(alpha.locator('[data-testid="output-body"] strong')), 'eggs');
    assert.deepEqual(await texts(column('Beta 70B', 1).locator('[data-testid="output-body"] ol li')), ['eggs', 'milk', 'butter']);
    assert.match(await textOf(column('Beta 70B', 2).getByTestId('output-body')), /Short version\./);
    const facts = await textOf(alpha.getByTestId('output-facts'));
    assert.match(facts, /out\s+\d+ tok/);
    assert.match(facts, /latency\s+\d/);
    assert.match(facts, /TTFT\s+\d/);
    assert.match(facts, /cost\s+\$/);
    assert.match(facts, /finish\s+stop/);
    assert.match(await textOf(view().getByTestId('row-position')), /Row 1 · 1 of 4/);
    await screenshots('compare-markdown');
  });

  await step(t, 'j and ↓ move to the next rows: a code block renders as code; hostile HTML shows as literal text and runs nothing', async () => {
    await page.keyboard.press('j');
    await eventually(async () => assert.match(await rowValues(), /Show hello world in Python/));
    await eventually(async () => assert.equal(await textOf(column('Alpha 8B', 1).locator('[data-testid="output-body"] pre code')), "print('hello world')"));
    assert.equal(await selectedRow().getAttribute('data-row-index'), '1');

    await page.keyboard.press('ArrowDown');
    await eventually(async () => assert.match(await rowValues(), /Repeat the markup back/));
    for (const [model, version] of [
      ['Alpha 8B', 1],
      ['Beta 70B', 2],
    ] as const) {
      await eventually(async () => assert.equal(await textOf(column(model, version).getByTestId('output-body')), hostile));
    }
    await assertNothingRan();
    await screenshot(page, 'compare-hostile-light');

    // Raw text shows the same characters, in a monospaced block, and still runs nothing.
    await page.keyboard.press('r');
    await eventually(async () => assert.equal(await column('Alpha 8B', 1).locator('pre.md-plain').count(), 1));
    assert.equal(await textOf(column('Alpha 8B', 1).getByTestId('output-body')), hostile);
    await assertNothingRan();
    await page.keyboard.press('r');
    await eventually(async () => assert.equal(await column('Alpha 8B', 1).locator('pre.md-plain').count(), 0));

    await page.keyboard.press('k');
    await eventually(async () => assert.match(await rowValues(), /Show hello world in Python/));
    assert.match(await textOf(view().getByTestId('row-position')), /Row 2 · 2 of 4/);
  });

  await step(t, 'the search box finds rows by their values and by what the models wrote', async () => {
    await page.keyboard.press('/');
    await page.keyboard.type('BUTTER');
    await eventually(async () => assert.equal(await textOf(view().getByTestId('row-count')), '1 of 4 rows match'));
    await eventually(async () => assert.equal(await listed().count(), 1));
    await eventually(async () => assert.match(await rowValues(), /Write a shopping list/), 5_000);
    await view().getByTestId('compare-search').fill('operations');
    await eventually(async () => assert.match(await rowValues(), /Report the outage/));
    await view().getByTestId('compare-search').fill('no row says this');
    await eventually(async () => assert.equal(await textOf(view().getByTestId('row-count')), '0 of 4 rows match'));
    assert.match(await textOf(view()), /No row matches these filters\./);
    await view().getByTestId('compare-search').press('Escape');
    await eventually(async () => assert.equal(await listed().count(), 4));
  });

  await step(t, 'failed only lists the one row a model failed on, and says why in words', async () => {
    await view().getByTestId('filter-failed').click();
    await eventually(async () => assert.equal(await listed().count(), 1));
    await eventually(async () => assert.match(await rowValues(), /Report the outage/));
    assert.equal(await textOf(listed().getByTestId('row-failed')), '2 failed');
    const failed = column('Beta 70B', 1).getByTestId('output-error');
    await eventually(async () => assert.match(await textOf(failed), /^Server error /));
    assert.match(await textOf(column('Alpha 8B', 1).getByTestId('output-body')), /All systems nominal\./);
    await screenshot(page, 'compare-failed-light');
    await page.keyboard.press('f');
    await eventually(async () => assert.equal(await listed().count(), 4));
  });

  await step(t, 'd diffs two columns word by word, as text; the pair can be changed', async () => {
    await listed().first().click();
    await eventually(async () => assert.match(await rowValues(), /Write a shopping list/));
    await page.keyboard.press('d');
    const a = view().getByTestId('diff-a');
    const b = view().getByTestId('diff-b');
    await eventually(async () => assert.equal(await b.count(), 1));
    // Alpha v1 against Beta v1, the first two columns.
    assert.match(await textOf(a), /^Here is your list:/);
    assert.ok((await texts(a.locator('del'))).some((text) => text.includes('bread')), 'what only the left side has is struck through');
    assert.ok((await texts(b.locator('ins'))).includes('butter'), 'what only the right side has is marked');
    assert.equal(await a.locator('ins').count(), 0);
    assert.equal(await b.locator('del').count(), 0);
    assert.equal(await b.locator('strong, li').count(), 0, 'a diff is text, not Markdown');
    assert.match(await textOf(view().getByTestId('diff-summary')), /^\d+ words only in A\s+\d+ words only in B$/);
    await screenshots('compare-diff');

    await view().getByTestId('diff-to').selectOption({ label: 'Answers v2 × Alpha 8B' });
    await eventually(async () => assert.deepEqual(await texts(b.locator('ins')), ['_Short version._']));
    assert.equal((await textOf(view().getByTestId('diff-summary'))).replace(/\s+/g, ' '), '0 words only in A 2 words only in B');
    assert.equal(await a.locator('del').count(), 0, 'v2 only adds a line');
    await page.keyboard.press('d');
    await eventually(async () => assert.equal(await view().getByTestId('diff-a').count(), 0));
  });

  await step(t, 'a model chip leaves that model’s columns out; number keys hide and show columns', async () => {
    await view().locator('[data-testid="filter-model"][data-label="Beta 70B"]').click();
    await eventually(async () => assert.equal(await columns().count(), 2));
    assert.deepEqual(await texts(columns().getByTestId('column-model')), ['Alpha 8B', 'Alpha 8B']);
    await page.keyboard.press('2');
    await eventually(async () => assert.equal(await columns().count(), 1));
    await page.keyboard.press('2');
    await eventually(async () => assert.equal(await columns().count(), 2));
    await view().locator('[data-testid="filter-model"][data-label="Beta 70B"]').click();
    await eventually(async () => assert.equal(await columns().count(), 4));
  });

  await step(t, 'the Experiments screen opens the same experiment in Compare', async () => {
    await page.getByTestId('nav-experiments').click();
    await page.locator('[data-testid="experiment-item"][data-experiment-name="Answers: alpha vs beta"] a').click();
    await page.getByTestId('open-compare').waitFor();
    await screenshot(page, 'compare-from-experiments-light');
    await page.getByTestId('open-compare').click();
    await eventually(async () => assert.equal(await view().getByTestId('compare-experiment').inputValue(), experimentId));
    assert.equal(await page.getByTestId('screen-compare').isVisible(), true);
  });

  await step(t, 'a link to a row opens that row; nothing ran and nothing complained', async () => {
    const rowId = (await call('compare.rows', { experimentId, offset: 2, limit: 1 })).rows[0].id;
    await page.goto(`${server!.baseUrl}/#/compare/${experimentId}/${rowId}`);
    await eventually(async () => assert.match(await rowValues(), /Repeat the markup back/));
    await eventually(async () => assert.equal(await selectedRow().getAttribute('data-row-index'), '2'));
    await assertNothingRan();
    assert.deepEqual(pageProblems, []);
  });
});

test('a long experiment scrolls with only the rows in view on the page, and keys move across pages of rows', async (t) => {
  const count = 450;
  let longId = '';
  await step(t, `${count} rows × one prompt × one model run (through the API)`, async () => {
    const dataset = await call('datasets.quickAdd', {
      name: 'Long list',
      rows: Array.from({ length: count }, (_, index) => ({ question: `Question ${index + 1}: ${index % 2 === 0 ? 'even' : 'odd'} shopping` })),
    });
    const prompt = await call('prompts.create', { name: 'Long', template: { messages: [{ role: 'user', content: '{{ question }}' }] } });
    const alpha = (await call('models.addRemote', { name: 'Long model', provider: 'openai-compatible', baseUrl: fake!.baseUrl, model: 'alpha' })).id;
    const created = await call('experiments.create', {
      name: 'Long list',
      promptVersionIds: [prompt.head.id],
      models: [{ modelId: alpha, params: { maxTokens: 50 } }],
      datasetVersionId: dataset.latest.id,
      remoteConcurrency: 16,
    });
    longId = created.id;
    await call('experiments.start', { id: longId });
    await eventually(async () => assert.equal((await call('experiments.get', { id: longId })).state, 'completed'), 60_000);
    await page.goto(`${server!.baseUrl}/#/compare/${longId}`);
    await view().waitFor();
  });

  await step(t, 'only the rows in view exist; scrolling to the end brings the last one', async () => {
    await eventually(async () => assert.equal(await textOf(view().getByTestId('row-count')), `${count} rows`));
    const rendered = await listed().count();
    assert.ok(rendered > 5 && rendered < 60, `${rendered} rows in the page for ${count}`);
    await view().getByTestId('compare-rows').evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    await eventually(async () => assert.equal(await view().locator(`[data-testid="compare-row"][data-row-index="${count - 1}"]`).count(), 1));
    assert.ok((await listed().count()) < 60);
    await view().locator(`[data-testid="compare-row"][data-row-index="${count - 1}"]`).click();
    await eventually(async () => assert.match(await rowValues(), new RegExp(`Question ${count}: `)));
  });

  await step(t, 'k and j move across the boundary of a page of rows, and the list follows', async () => {
    const rowId = (await call('compare.rows', { experimentId: longId, offset: 199, limit: 1 })).rows[0].id;
    await page.goto(`${server!.baseUrl}/#/compare/${longId}/${rowId}`);
    await eventually(async () => assert.match(await rowValues(), /Question 200: /));
    await page.keyboard.press('j');
    await eventually(async () => assert.match(await rowValues(), /Question 201: /));
    await eventually(async () => assert.equal(await selectedRow().getAttribute('data-row-index'), '200'));
    await page.keyboard.press('k');
    await page.keyboard.press('k');
    await eventually(async () => assert.match(await rowValues(), /Question 199: /));
    assert.match(await textOf(view().getByTestId('row-position')), /Row 199 · 199 of 450/);
    await screenshot(page, 'compare-long-light');
    assert.deepEqual(pageProblems, []);
  });
});
