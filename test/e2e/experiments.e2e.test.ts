import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { ensureTinyModels } from '../fixtures/gguf/tiny-llama.js';
import { startFakeOpenAi, type FakeProviderServer } from '../support/fake-providers/index.js';
import { startServer, tempDataDir, type RunningServer } from '../support/start-server.js';
import { eventually, launchChromium, screenshot, texts } from './support/browser.js';
import { ensureRendererBuilt } from './support/renderer-build.js';

// A domain expert A/B tests two versions of a prompt on two models: a local GGUF file and a
// self-hosted OpenAI-compatible server (a real HTTP server on 127.0.0.1 that streams slowly enough
// to watch). They import the rows on the Datasets screen, add both models on the Models screen,
// build the experiment on the Experiments screen, run it, watch the grid fill, cancel, resume and
// read the finished grid. In Chromium against `arbiter serve`.

const countries = [
  ['France', 'Paris'],
  ['Japan', 'Tokyo'],
  ['Kenya', 'Nairobi'],
  ['Peru', 'Lima'],
  ['Canada', 'Ottawa'],
] as const;
const rowCount = countries.length;
const cells = 2 * 2 * rowCount;

// Each answer streams word by word: 12 words at 80 ms, about a second per generation.
const answer = (country: string) => {
  const capital = countries.find(([name]) => name === country)?.[1] ?? 'unknown';
  return `The capital of ${country} is ${capital}, its largest administrative centre and seat of government.`;
};

let dir: string;
let csvPath: string;
let tinyModel: string;
let fake: FakeProviderServer | undefined;
let server: RunningServer | undefined;
let browser: Browser;
let page: Page;
let experimentId = '';
const pageProblems: string[] = [];

before(async () => {
  ensureRendererBuilt(process.cwd());
  dir = mkdtempSync(join(tmpdir(), 'arbiter-e2e-experiment-files-'));
  csvPath = join(dir, 'capitals.csv');
  writeFileSync(csvPath, `country,capital\n${countries.map(([country, capital]) => `${country},${capital}`).join('\n')}\n`);
  tinyModel = ensureTinyModels(join(tmpdir(), 'arbiter-tiny-models')).tinyA;
  fake = await startFakeOpenAi({
    apiKey: null,
    tokenDelayMs: 80,
    reply: (request) => answer(/capital of (\w+)/i.exec(request.messages.at(-1)?.content ?? '')?.[1] ?? ''),
  });
  server = await startServer({ dataDir: tempDataDir('arbiter-e2e-experiments-') });
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
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call<T = any>(channel: string, input: unknown = {}): Promise<T> {
  const { body } = await server!.call(channel, input);
  if (!body.ok) throw new Error(`${channel}: ${body.error.code} ${body.error.message}`);
  return body.value as T;
}

async function textOf(locator: Locator): Promise<string> {
  return (await texts(locator)).join('\n');
}

/** Text on one line, as a person reads a row of facts. */
async function lineOf(locator: Locator): Promise<string> {
  return (await textOf(locator)).replace(/\s+/g, ' ');
}

async function step(t: TestContext, name: string, fn: () => Promise<void> | void): Promise<void> {
  await t.test(name, async () => {
    try {
      await fn();
    } catch (error) {
      await screenshot(page, `failed-experiments-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => {});
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

const view = () => page.getByTestId('experiment-view');
const filledCells = () => view().locator('[data-testid="result-cell"]:not([data-state="empty"])');
const state = () => textOf(view().getByTestId('experiment-state'));

test('an experiment of two prompt versions × two models is built, run, cancelled, resumed and finished', async (t) => {
  await step(t, 'the rows are imported on the Datasets screen', async () => {
    await page.goto(server!.url);
    await page.getByTestId('theme-light').click();
    await page.getByTestId('nav-datasets').click();
    await page.getByTestId('import-dataset').click();
    await page.getByTestId('source-path').fill(csvPath);
    await page.getByTestId('source-path').press('Enter');
    await page.getByTestId('mapping-grid').waitFor();
    await page.getByLabel('Use of column capital').selectOption('reference');
    await page.getByTestId('dataset-name').fill('Capitals');
    await page.getByTestId('import-rows').click();
    await page.getByTestId('dataset-workspace').waitFor();
    assert.match(await textOf(page.getByTestId('version-facts')), new RegExp(`^${rowCount} rows`));
  });

  await step(t, 'a prompt is saved three times (through the API: the Prompts screen has its own end-to-end test)', async () => {
    const user = (text: string) => ({
      messages: [
        { role: 'system', content: 'You are a geography tutor. Answer in one sentence.' },
        { role: 'user', content: text },
      ],
    });
    const created = await call('prompts.create', { name: 'Capital cities', template: user('What is the capital of {{ country }}?') });
    await call('prompts.saveVersion', { promptId: created.id, template: user('Name the capital of {{ country }}, then say one thing about it.'), note: 'asks for a fact' });
    await call('prompts.saveVersion', { promptId: created.id, template: user('Explain the capital of {{ country }} to {{ audience }}.'), note: 'per audience' });
    await call('prompts.setLabel', { promptId: created.id, number: 1, label: 'production' });
  });

  await step(t, 'a tiny GGUF model and an OpenAI-compatible endpoint are added on the Models screen', async () => {
    await page.getByTestId('nav-models').click();
    await page.getByTestId('add-model').click();
    await page.getByTestId('local-path').fill(tinyModel);
    await page.getByTestId('add-local-submit').click();
    await eventually(async () => assert.equal(await page.getByTestId('scan-added').count(), 1));

    await page.getByTestId('add-model').click();
    await page.getByTestId('add-kind-remote').click();
    await page.getByTestId('provider-select').selectOption('vllm');
    await page.getByTestId('remote-base-url').fill(fake!.baseUrl);
    await page.getByTestId('remote-model').fill('geo-7b');
    await page.getByTestId('remote-name').fill('Geo 7B (vLLM)');
    await page.getByLabel('Input price, $ per 1M tokens').fill('0.5');
    await page.getByLabel('Output price, $ per 1M tokens').fill('1.5');
    await page.getByTestId('add-remote-submit').click();
    await eventually(async () => assert.equal(await page.getByTestId('model-row').count(), 2));
  });

  await step(t, 'the builder lists what to pick and refuses, in words, a prompt that needs a variable the dataset lacks', async () => {
    await page.getByTestId('nav-experiments').click();
    await page.getByTestId('experiments-empty').waitFor();
    await page.getByTestId('empty-new-experiment').click();
    await page.getByTestId('experiment-builder').waitFor();
    assert.deepEqual(await texts(page.getByTestId('builder-missing').locator('li')), ['Pick at least one prompt version.', 'Pick at least one model.', 'Pick a dataset.']);
    assert.equal(await page.getByTestId('create-run').isDisabled(), true);

    const version = (number: number) => page.locator(`[data-testid="pick-version"][data-prompt-name="Capital cities"][data-version="${number}"]`);
    await version(3).click();
    await page.locator('[data-testid="pick-model"][data-model-name="Geo 7B (vLLM)"]').check();
    await page.getByTestId('dataset-select').selectOption({ label: `Capitals · ${rowCount} rows` });
    const problem = page.getByTestId('estimate-problem');
    await eventually(async () => assert.match(await textOf(problem), /Capital cities.*v3.*needs \{\{ audience \}\}.*Capitals/));
    assert.equal(await page.getByTestId('create-run').isDisabled(), true);
    assert.match(await textOf(page.locator('[data-testid="needed-variable"][data-missing]')), /audience/);
    await screenshot(page, 'experiments-builder-problem-light');
    await version(3).click();
  });

  await step(t, 'two prompt versions × two models, each with its parameters: the matrix and its estimate update live', async () => {
    const version = (number: number) => page.locator(`[data-testid="pick-version"][data-prompt-name="Capital cities"][data-version="${number}"]`);
    await version(1).click();
    await version(2).click();
    await page.locator('[data-testid="pick-model"][data-model-name="tiny-a"]').check();
    const row = (name: string) => page.locator(`[data-testid="model-option"][data-model-name="${name}"]`);
    await row('tiny-a').getByTestId('param-maxTokens').fill('12');
    await row('tiny-a').getByTestId('param-temperature').fill('0');
    await row('Geo 7B (vLLM)').getByTestId('param-maxTokens').fill('48');
    await row('Geo 7B (vLLM)').getByTestId('param-topP').fill('0.9');
    // A mistyped value is said next to the model, and Run waits for it.
    await row('tiny-a').getByTestId('param-temperature').fill('3');
    await eventually(async () => assert.match(await textOf(page.getByTestId('estimate-panel')), /Fix the values marked in red/));
    assert.equal(await page.getByTestId('create-run').isDisabled(), true);
    await row('tiny-a').getByTestId('param-temperature').fill('0');
    await page.getByTestId('setting-remoteConcurrency').fill('2');
    await page.getByTestId('setting-maxCostUsd').fill('1');
    await page.getByTestId('experiment-name').fill('Capitals: v1 vs v2 on tiny-a and Geo 7B');

    assert.equal(await lineOf(page.getByTestId('matrix-formula')), `2 prompt versions × 2 models × ${rowCount} rows × 1 sample`);
    await eventually(async () => {
      assert.equal(await textOf(page.getByTestId('estimate-cells')), String(cells));
      assert.equal(await textOf(page.getByTestId('estimate-generations')), String(cells));
      assert.match(await textOf(page.getByTestId('estimate-tokens')), /^[\d,]+$/);
      assert.equal(await page.getByTestId('create-run').isDisabled(), false);
    });
    // The local model has no prices, so the total cost is unknown, and the panel says why.
    assert.equal(await textOf(page.getByTestId('estimate-cost')), 'unknown');
    assert.match(await textOf(page.getByTestId('estimate-panel')), /No prices for tiny-a/);
    assert.equal(await textOf(page.getByTestId('create-run')), `Run ${cells} generations\nCtrl+Enter`);
    await screenshots('experiments-builder');
  });

  await step(t, 'Run: the grid fills cell by cell while the progress bar, ETA, tokens/s and spend move', async () => {
    await page.getByTestId('create-run').click();
    await view().waitFor();
    experimentId = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
    assert.ok(experimentId, 'the URL names the experiment');
    assert.equal(await textOf(view().getByTestId('experiment-title')), 'Capitals: v1 vs v2 on tiny-a and Geo 7B');
    assert.deepEqual(await texts(view().getByTestId('column-group')), ['Capital cities v1\nproduction', 'Capital cities v2']);
    // Columns follow the order the models were picked in.
    assert.deepEqual(await texts(view().getByTestId('column-model')), ['Geo 7B (vLLM)', 'tiny-a', 'Geo 7B (vLLM)', 'tiny-a']);
    assert.equal(await view().getByTestId('grid-row').count(), rowCount);

    // Some cells arrive while the run is still going.
    await eventually(async () => {
      assert.equal(await state(), 'Running');
      assert.ok((await filledCells().count()) >= 3, 'a few cells have arrived');
    }, 30_000);
    const filled = await filledCells().count();
    assert.ok(filled < cells, `the run is not finished yet (${filled} of ${cells})`);
    assert.match(await lineOf(view().getByTestId('progress-done')), new RegExp(`^\\d+ of ${cells} · \\d+%$`));
    assert.match(await lineOf(view().getByTestId('progress-spend')), /\$.* \/ \$1\.00 spent/);
    assert.match(await lineOf(view().getByTestId('progress-eta')), /^ETA /);
    const remoteCell = view().locator('[data-testid="result-cell"][data-col="0"]:not([data-state="empty"])').first();
    await remoteCell.waitFor();
    assert.match(await textOf(remoteCell.getByTestId('cell-output')), /^The capital of \w+ is \w+/);
    assert.match(await textOf(remoteCell), /\d+ tok/);
    await screenshots('experiments-running');
  });

  await step(t, 'Cancel stops the run; the finished cells stay', async () => {
    // How fast it stops is the runner's tests' business (tests here never assert on wall time).
    await view().getByTestId('cancel-run').click();
    await eventually(async () => assert.equal(await state(), 'Cancelled'));
    const { total } = await call<{ total: number }>('experiments.results', { id: experimentId, limit: 100 });
    assert.ok(total > 0 && total < cells, `some generations are stored (${total} of ${cells})`);
    await eventually(async () => assert.equal(await filledCells().count(), total));
    assert.equal(await textOf(view().getByTestId('cells-filled')), `${total} of ${cells} cells filled`);
    assert.match(await textOf(view().getByTestId('state-notice')), new RegExp(`Cancelled\\. ${total} of ${cells} generations have a result; Resume runs the ${cells - total} others\\.`));
    assert.equal(await view().getByTestId('cancel-run').count(), 0);
    // The list says the same.
    const item = page.locator(`[data-testid="experiment-item"][data-experiment-name="Capitals: v1 vs v2 on tiny-a and Geo 7B"]`);
    await eventually(async () => assert.match(await textOf(item), new RegExp(`Cancelled\\n${total}/${cells}`)));
    await screenshots('experiments-cancelled');
  });

  await step(t, 'Resume fills only the missing cells, and the grid ends complete', async () => {
    const before = await call<{ generations: { id: string }[] }>('experiments.results', { id: experimentId, limit: 100 });
    await view().getByTestId('resume-run').click();
    await eventually(async () => assert.equal(await state(), 'Completed'), 40_000);
    await eventually(async () => assert.equal(await filledCells().count(), cells));
    assert.equal(await textOf(view().getByTestId('cells-filled')), `${cells} of ${cells} cells filled`);
    assert.equal(await view().locator('[data-testid="result-cell"][data-state="failed"]').count(), 0);
    assert.match(await lineOf(view().getByTestId('progress-done')), new RegExp(`^${cells} of ${cells} · 100%$`));
    assert.match(await lineOf(view().getByTestId('progress-succeeded')), new RegExp(`${cells} succeeded`));
    // Nothing that was stored before the resume was generated again.
    const afterResume = await call<{ total: number; generations: { id: string }[] }>('experiments.results', { id: experimentId, limit: 100 });
    assert.equal(afterResume.total, cells);
    const ids = new Set(afterResume.generations.map((generation) => generation.id));
    assert.ok(before.generations.every((generation) => ids.has(generation.id)), 'the cells from before the cancel are the same generations');
    await screenshots('experiments-finished');
  });

  await step(t, 'a cell opens in full with its numbers, and the keyboard moves through the grid', async () => {
    const grid = view().getByTestId('results-grid');
    await view().locator('[data-testid="result-cell"][data-row="0"][data-col="0"]').click();
    const detail = page.getByTestId('cell-detail');
    await detail.waitFor();
    assert.match(await textOf(detail), /^Capital cities v1 × Geo 7B \(vLLM\)\nRow 1/);
    assert.equal(await textOf(detail.getByTestId('detail-output')), answer('France'));
    assert.match(await textOf(detail), /Tokens\n\d+ in · \d+ out/);
    await grid.press('ArrowDown');
    await eventually(async () => assert.equal(await textOf(detail.getByTestId('detail-output')), answer('Japan')));
    await grid.press('ArrowRight');
    assert.match(await textOf(detail), /^Capital cities v1 × tiny-a\nRow 2/);
    await screenshots('experiments-cell-detail');
    await grid.press('Escape');
    await eventually(async () => assert.equal(await page.getByTestId('cell-detail').count(), 0));
  });

  await step(t, 'the page logged no errors', () => {
    assert.deepEqual(pageProblems, []);
  });
});
