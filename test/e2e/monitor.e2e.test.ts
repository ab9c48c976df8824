import assert from 'node:assert/strict';
import { after, before, test, type TestContext } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { startFakeOpenAi, type FakeProviderServer } from '../support/fake-providers/index.js';
import { capitalScorers, capitalsReply, setUpCapitals, type CapitalsWorkspace } from '../support/scored-workspace.js';
import { startServer, tempDataDir, type RunningServer } from '../support/start-server.js';
import { eventually, launchChromium, screenshot, texts } from './support/browser.js';
import { ensureRendererBuilt } from './support/renderer-build.js';

// A capitals quiz run twice: prompt v1 ("Capital of X?") and v2 (chattier, and wrong for Kenya and
// Peru). Both runs are started in the app and scored as they arrive; the grid shows pass/fail
// badges and filters to failing rows; Monitor shows cost, latency and quality, compares v1 with v2
// with the regressed rows first, and drills into one. In Chromium against `arbiter serve`.

let fake: FakeProviderServer | undefined;
let server: RunningServer | undefined;
let browser: Browser;
let page: Page;
let ws: CapitalsWorkspace;
const ids: { v1: string; v2: string } = { v1: '', v2: '' };
const pageProblems: string[] = [];

before(async () => {
  ensureRendererBuilt(process.cwd());
  // A few ms a token, so latencies and time to first token are real numbers.
  fake = await startFakeOpenAi({ apiKey: null, tokenDelayMs: 4, reply: capitalsReply });
  server = await startServer({ dataDir: tempDataDir('arbiter-e2e-monitor-') });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
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
      await screenshot(page, `failed-monitor-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => {});
      throw error;
    }
  });
}

/** Runs an experiment from its screen and waits for every cell and score. */
async function runInApp(id: string, expectedScores: number): Promise<void> {
  await page.goto(`${server!.url}#/experiments/${id}`);
  const view = page.getByTestId('experiment-view');
  await view.waitFor();
  await page.getByTestId('resume-run').click();
  await eventually(async () => assert.equal(await view.getAttribute('data-state'), 'completed'), 30_000);
  await eventually(async () => assert.match(await textOf(page.getByTestId('scoring-status')), new RegExp(`scored ${expectedScores} / ${expectedScores}`)), 30_000);
}

test('two runs of a prompt change: scored in the grid, compared in Monitor, a regressed row drilled into', async (t) => {
  await step(t, 'a dataset, two prompt versions, a model and two experiments with scorers (through the API)', async () => {
    ws = await setUpCapitals(call, fake!.baseUrl);
    const common = {
      models: [{ modelId: ws.modelId, params: { maxTokens: 64 } }],
      datasetVersionId: ws.datasetVersionId,
      scorers: capitalScorers,
      // A tiny spend threshold: crossing it during the run raises an alert.
      alerts: { maxCostUsd: 0.000001 },
    };
    ids.v1 = (await call('experiments.create', { ...common, name: 'Capital quiz v1', promptVersionIds: [ws.promptV1] })).id;
    ids.v2 = (await call('experiments.create', { ...common, name: 'Capital quiz v2', promptVersionIds: [ws.promptV2] })).id;
  });

  await step(t, 'v1 runs in the app; each cell carries its pass/fail badges; the spend alert shows as a notice', async () => {
    await page.goto(server!.url);
    await page.getByTestId('theme-light').click();
    await runInApp(ids.v1, 30);
    const cells = page.getByTestId('result-cell');
    await eventually(async () => assert.equal(await cells.locator('[data-testid="score-badge"]').count(), 30));
    assert.equal(await cells.locator('[data-testid="score-badge"][data-state="pass"]').count(), 30, 'v1 names each capital alone: every check passes');
    const alert = page.getByTestId('run-alert');
    await eventually(async () => assert.match(await textOf(alert.first()), /Spend alert\. Spend reached \$[\d.]+, above the alert threshold/));
    await screenshot(page, 'monitor-grid-badges-v1');
  });

  await step(t, 'v2 runs; its cells are tinted by score and the filter narrows the grid to the rows that fail a scorer', async () => {
    await runInApp(ids.v2, 30);
    await eventually(async () => assert.ok((await page.locator('[data-testid="score-badge"][data-state="fail"]').count()) > 0));
    await screenshot(page, 'monitor-grid-badges');
    await page.getByTestId('score-filter').selectOption('fail:names-capital');
    await eventually(async () => assert.equal(await page.getByTestId('grid-row').count(), 2));
    const rows = await textOf(page.getByTestId('results-grid'));
    assert.match(rows, /Kenya/);
    assert.match(rows, /Peru/);
    assert.doesNotMatch(rows, /France/);
    assert.match(await textOf(page.getByTestId('score-filter-count')), /2 rows/);
    await screenshot(page, 'monitor-grid-filtered');
    await page.getByTestId('score-filter').selectOption('');
    await eventually(async () => assert.equal(await page.getByTestId('grid-row').count(), 6));
  });

  await step(t, 'the scorer editor lists the experiment’s scorers and tries one on the selected cell', async () => {
    await page.getByTestId('result-cell').first().click();
    await page.getByTestId('edit-scorers').click();
    const editor = page.getByTestId('scorer-editor');
    await editor.waitFor();
    assert.equal(await editor.getByTestId('scorer-card').count(), 5);
    await editor.getByTestId('scorer-card').first().getByRole('button', { name: 'Try' }).click();
    await eventually(async () => assert.match(await textOf(editor), /Passes · 1\.000 · Contains “Paris”|Fails/));
    await screenshot(page, 'monitor-scorer-editor');
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'detached' });
  });

  await step(t, 'Monitor shows cost, latency and quality at a glance, by model and by prompt version', async () => {
    await page.getByTestId('nav-monitor').click();
    const overview = page.getByTestId('monitor-overview');
    await overview.waitFor();
    await eventually(async () => assert.match(await textOf(page.getByTestId('kpi-generations')), /^Generations 12 /i));
    assert.match(await textOf(page.getByTestId('kpi-cost')), /Cost \$0\.000\d+ 60 in · 78 out/i);
    assert.match(await textOf(page.getByTestId('kpi-latency')), /Latency p50 \d+ ms p95 \d+ ms · p99 \d+ ms/i);
    await page.getByTestId('trend-passRate').locator('.recharts-line').first().waitFor();
    await page.getByTestId('group-prompt').click();
    await eventually(async () => assert.equal(await page.getByTestId('group-row').count(), 2));
    const table = await textOf(page.getByTestId('group-table'));
    assert.match(table, /Capital quiz v1 6 100\.0%/);
    assert.match(table, /Capital quiz v2 6 /);
    await screenshot(page, 'monitor-overview');
  });

  await step(t, 'compare v1 → v2: quality down, rows that got worse first', async () => {
    await page.getByTestId('monitor-tab-compare').click();
    const compare = page.getByTestId('monitor-compare');
    await compare.waitFor();
    await eventually(async () => assert.equal(await page.getByTestId('compare-candidate').inputValue(), ids.v2));
    assert.equal(await page.getByTestId('compare-baseline').inputValue(), ids.v1);
    await eventually(async () => assert.match(await textOf(page.getByTestId('compare-summary')), /6 rows answered in both: 6 got worse/));
    const passRate = page.getByTestId('compare-delta').first();
    assert.match(await textOf(passRate), /Pass rate .*−\d+\.\d pts from 100\.0%/i);
    assert.equal(await passRate.getAttribute('data-tone'), 'bad');
    // Kenya and Peru lost every check (the others kept names-capital and mentions-city): they come first.
    const first = page.getByTestId('compare-row').first();
    assert.match(await textOf(first.locator('summary')), /5 checks lost.*(Kenya|Peru)/);
    assert.match(await textOf(page.getByTestId('compare-row').nth(2).locator('summary')), /3 checks lost/);
    assert.match(await textOf(first.getByTestId('compare-candidate')), /(Mombasa|Cusco) is the capital/);
    assert.match(await textOf(first.getByTestId('compare-baseline')), /^.*(Nairobi|Lima)/);
    await screenshot(page, 'monitor-compare');
  });

  await step(t, 'drill into a regressed row: the generations failing names-capital, and one opened with its scores', async () => {
    await page.getByTestId('monitor-tab-overview').click();
    await page.getByTestId('monitor-overview').waitFor();
    await page.getByTestId('drill-status').selectOption('scored-fail');
    await page.getByTestId('drill-scorer').selectOption('names-capital');
    await eventually(async () => assert.equal(await page.getByTestId('drill-row').count(), 2));
    await page.getByTestId('drill-row').first().click();
    const detail = page.getByTestId('generation-detail');
    await detail.waitFor();
    assert.match(await textOf(detail.getByTestId('detail-output')), /(Mombasa|Cusco) is the capital of (Kenya|Peru)/);
    assert.match(await textOf(detail), /✗ names-capital .*Does not contain “(Nairobi|Lima)”/);
    await page.getByTestId('drill').scrollIntoViewIfNeeded();
    await screenshot(page, 'monitor-drill');
  });

  await step(t, 'alerts and the audit log are recorded and viewable; the audit log downloads as CSV', async () => {
    await page.getByTestId('monitor-tab-alerts').click();
    await eventually(async () => assert.equal(await page.getByTestId('alert-row').count(), 2));
    assert.match(await textOf(page.getByTestId('monitor-alerts')), /Spend alert/);
    await screenshot(page, 'monitor-alerts');
    await page.getByTestId('monitor-tab-audit').click();
    await eventually(async () => assert.ok((await page.getByTestId('audit-row').count()) >= 3));
    assert.match(await textOf(page.getByTestId('audit-table')), /prompt\.create/);
    const download = page.waitForEvent('download');
    await page.getByTestId('audit-export-csv').click();
    assert.match((await download).suggestedFilename(), /^arbiter-audit-.*\.csv$/);
    await screenshot(page, 'monitor-audit');
  });

  await step(t, 'dark theme', async () => {
    await page.getByTestId('monitor-tab-overview').click();
    await page.getByTestId('theme-dark').click();
    await eventually(async () => assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark'));
    await page.getByTestId('monitor-overview').waitFor();
    await page.getByTestId('kpi-generations').waitFor();
    await page.getByTestId('trend-passRate').locator('.recharts-line').first().waitFor();
    await screenshot(page, 'monitor-overview-dark');
    await page.getByTestId('theme-light').click();
  });

  assert.deepEqual(pageProblems, [], 'no console errors or warnings');
});
