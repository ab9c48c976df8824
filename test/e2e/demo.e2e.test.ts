import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { demoQuestions, findDemoQuestion, isCorrect } from '../../electron/services/demo/demo-knowledge.js';
import { startServer, tempDataDir, type RunningServer } from '../support/start-server.js';
import { eventually, launchChromium, screenshot, texts } from './support/browser.js';
import { ensureRendererBuilt } from './support/renderer-build.js';

// A newcomer's first minutes, in Chromium:
// 1. `arbiter demo` on a fresh folder builds the demo workspace and serves it; every screen of the
//    app then shows the demo's data (screens still being built render their placeholder).
// 2. `arbiter serve` on an empty workspace opens on the home screen, which lists what to do first,
//    each a click away, and whose "Open the demo workspace" builds the demo and switches to it.

let demoServer: RunningServer | undefined;
let server: RunningServer | undefined;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageProblems: string[] = [];
/** Screens that showed their "not built yet" card, reported at the end. */
const placeholders: string[] = [];

before(async () => {
  ensureRendererBuilt(process.cwd());
  browser = await launchChromium();
});

after(async () => {
  if (placeholders.length > 0) console.log(`# screens still placeholders: ${placeholders.join(', ')}`);
  await browser?.close();
  await demoServer?.stop();
  await server?.stop();
});

async function openPage(url: string): Promise<void> {
  await context?.close();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`error: ${message.text()}`);
  });
  page.on('pageerror', (error) => pageProblems.push(`uncaught: ${error.message}`));
  await page.goto(url);
  await page.getByRole('navigation', { name: 'Screens' }).waitFor();
}

async function call<T = any>(target: RunningServer, channel: string, input: unknown = {}): Promise<T> {
  const { body } = await target.call(channel, input);
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
      await screenshot(page, `failed-demo-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => {});
      throw error;
    }
  });
}

/**
 * Opens a screen at a route and checks it shows the demo's data, or, for a screen that is still
 * a "not built yet" placeholder, that it renders; then saves a screenshot.
 */
async function visit(screen: string, route: string, shows: RegExp, shot = `demo-${screen}`): Promise<void> {
  await page.evaluate(`window.location.hash = ${JSON.stringify(route)}`);
  const main = page.getByTestId(`screen-${screen}`);
  await main.waitFor();
  if (await main.getByTestId('planned-screen').isVisible()) {
    placeholders.push(screen);
  } else {
    await eventually(async () => assert.match(await textOf(main), shows), 20_000);
  }
  // Let charts and editors settle before the picture.
  await page.waitForTimeout(400);
  await screenshot(page, shot);
}

const anyQuestion = new RegExp(demoQuestions.map((q) => q.question.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));

test('`arbiter demo` builds a workspace in which every screen has real data', async (t) => {
  const dataDir = join(tempDataDir('arbiter-e2e-demo-'), 'demo');
  let experimentId = '';
  let taskSetId = '';
  let promptId = '';
  let datasetId = '';

  await step(t, 'the demo command builds the demo on a fresh folder and serves it', async () => {
    demoServer = await startServer({ command: 'demo', dataDir, startTimeoutMs: 180_000 });
    const marker = JSON.parse(readFileSync(join(dataDir, 'arbiter-demo.json'), 'utf8'));
    assert.equal(marker.state, 'ready');
    assert.ok(existsSync(join(dataDir, 'models')), 'the tiny models are written inside the demo folder');

    const status = await call(demoServer, 'workspace.status');
    assert.equal(status.kind, 'demo');
    const models = await call<{ id: string; name: string; kind: string }[]>(demoServer, 'models.list');
    assert.deepEqual(models.filter((m) => m.kind === 'remote').map((m) => m.name).sort(), ['demo-careful', 'demo-sloppy', 'demo-terse']);
    assert.equal(models.filter((m) => m.kind === 'local').length, 3);
    const experiments = await call<{ id: string; name: string; state: string }[]>(demoServer, 'experiments.list');
    assert.deepEqual(experiments.map((e) => `${e.name}: ${e.state}`).sort(), ['A tiny local model (random weights): completed', 'Quiz: careful vs terse vs sloppy: completed']);
    experimentId = experiments.find((e) => e.name.startsWith('Quiz'))!.id;
    const localExperimentId = experiments.find((e) => e.name.startsWith('A tiny'))!.id;
    const local = await call<{ generations: { output: string; error: unknown }[] }>(demoServer, 'experiments.results', { id: localExperimentId, offset: 0, limit: 100 });
    assert.equal(local.generations.length, 12, 'tiny-b × 12 questions');
    assert.ok(local.generations.every((g) => g.error === null && g.output.length > 0), 'the tiny model wrote (gibberish) text in its worker process');
    const [set] = await call<{ id: string; items: number; humanJudgments: number; llmJudgments: number; completeItems: number }[]>(demoServer, 'labeling.listTaskSets');
    assert.ok(set, 'a task set');
    taskSetId = set.id;
    assert.equal(set.items, 72);
    assert.equal(set.humanJudgments, 72, 'half of 72 items × overlap 2');
    assert.ok(set.completeItems > 0 && set.completeItems < set.items, 'half labeled: some items complete, some waiting');
    assert.equal(set.llmJudgments, 0, 'the LLM judge is left for the user to run');
    promptId = (await call<{ id: string }[]>(demoServer, 'prompts.list', {}))[0]!.id;
    datasetId = (await call<{ id: string }[]>(demoServer, 'datasets.list'))[0]!.id;

    // The quality differences are real: graded against the references, per model.
    const { generations } = await call<{ generations: { modelId: string; output: string; error: unknown; messages: { role: string; content: string }[] }[] }>(
      demoServer,
      'experiments.results',
      { id: experimentId, offset: 0, limit: 200 },
    );
    assert.equal(generations.length, 72, '2 prompt versions × 3 models × 12 questions');
    assert.ok(generations.every((g) => g.error === null), 'every cell succeeded');
    const nameOf = new Map(models.map((m) => [m.id, m.name]));
    const right = new Map<string, number>();
    for (const g of generations) {
      const question = findDemoQuestion(g.messages.at(-1)?.content ?? '');
      assert.ok(question, 'every row is a demo question');
      if (isCorrect(question, g.output)) right.set(nameOf.get(g.modelId) ?? '?', (right.get(nameOf.get(g.modelId) ?? '?') ?? 0) + 1);
    }
    assert.deepEqual(Object.fromEntries(right), { 'demo-careful': 24, 'demo-terse': 24, 'demo-sloppy': 16 });

    const board = await call<{ entries: { variant: { modelName: string }; rating: number; low: number; high: number }[] }>(demoServer, 'leaderboard.get', {
      taskSetId,
    });
    assert.equal(board.entries[0]?.variant.modelName, 'demo-careful', 'the careful model leads');
    assert.equal(board.entries.at(-1)?.variant.modelName, 'demo-sloppy', 'the sloppy model trails');
    assert.ok(board.entries.every((entry) => entry.low < entry.rating && entry.rating < entry.high), 'ratings come with intervals');
  });

  await step(t, 'the app opens on the home screen of the demo, with a tour', async () => {
    await openPage(demoServer!.url);
    await page.getByTestId('home-screen').waitFor();
    await page.getByTestId('demo-banner').waitFor();
    assert.match(await textOf(page.getByTestId('demo-banner')), /This is the demo workspace/);
    assert.equal(await page.getByTestId('demo-tour').locator('a').count(), 8);
    assert.match(await textOf(page.getByTestId('demo-tour')), /72 votes/);
    await page.waitForTimeout(300);
    await screenshot(page, 'demo-home');
  });

  await step(t, 'Models: the demo server’s three models and three tiny local ones', async () => {
    await visit('models', '#/models', /demo-careful[\s\S]*demo-terse|demo-terse[\s\S]*demo-careful/);
    const rows = await textOf(page.getByTestId('screen-models'));
    assert.match(rows, /tiny-a \(local, random weights\)/);
  });

  await step(t, 'Models: Test connection reaches the demo server Arbiter started', async () => {
    await page.locator('[data-testid="model-row"]', { hasText: 'demo-careful' }).first().click();
    await page.getByTestId('test-connection').click();
    await eventually(async () => assert.match(await textOf(page.getByTestId('connection-result')), /OK/), 20_000);
    await screenshot(page, 'demo-models-test-connection');
  });

  await step(t, 'Playground: demo models and a tiny local model (in its worker process) answer side by side', async () => {
    await page.evaluate(`window.location.hash = '#/models/playground'`);
    await page.getByTestId('playground').waitFor();
    for (const name of ['demo-careful', 'demo-sloppy', 'tiny-a (local, random weights)']) {
      await page.locator('label.picker-row', { hasText: name }).getByTestId('picker-checkbox').check();
    }
    await page.getByTestId('pg-user').fill('What is the capital of Australia?');
    await page.getByTestId('pg-run').click();
    const outputs = page.getByTestId('output-column');
    await eventually(async () => {
      assert.equal(await outputs.count(), 3);
      const all = await texts(outputs.getByTestId('output-text'));
      assert.match(all.join('\n'), /Canberra/);
      assert.ok(all.every((text) => text.length > 0), 'every column answered, the local model too');
    }, 60_000);
    // Every column finished, with its numbers.
    await page.getByTestId('pg-stop').waitFor({ state: 'hidden', timeout: 60_000 });
    assert.match(await textOf(outputs.nth(2).getByTestId('output-stats')), /finish/);
    assert.doesNotMatch(await textOf(outputs.nth(2).getByTestId('output-stats')), /…/);
    await screenshot(page, 'demo-playground');
  });

  await step(t, 'Prompts: “Quiz answers” with two versions', async () => {
    await visit('prompts', `#/prompts/${promptId}`, /Quiz answers/);
    await eventually(async () => assert.match(await textOf(page.getByTestId('screen-prompts')), /Version 2|v2/));
  });

  await step(t, 'Prompts: v1 ↔ v2 diffed by Monaco’s worker, loaded from the app’s own origin', async () => {
    // The same check the desktop test makes under app:// (test/electron/desktop/desktop-app.test.ts).
    await page.getByRole('tab', { name: /History/ }).click();
    await page.locator('[data-testid="version-row"][data-version="1"]').getByTestId('version-select').check();
    await page.locator('[data-testid="version-row"][data-version="2"]').getByTestId('version-select').check();
    await page.getByRole('button', { name: /Compare v1 ↔ v2/ }).click();
    await page.getByTestId('diff-editor').locator('.monaco-diff-editor').waitFor();
    // The diff is computed in the worker: changed lines are marked only once it answered.
    await page.getByTestId('diff-editor').locator('.line-insert, .char-insert').first().waitFor({ timeout: 30_000 });
    const workers = page.workers().map((worker) => worker.url());
    assert.ok(workers.length > 0 && workers.every((url) => url.startsWith(`${demoServer!.baseUrl}/`)), JSON.stringify(workers));
    await screenshot(page, 'demo-prompts-diff');
  });

  await step(t, 'Datasets: twelve questions with references', async () => {
    await visit('datasets', `#/datasets/${datasetId}`, /Canberra/);
  });

  await step(t, 'Experiments: the finished run, every cell filled', async () => {
    await visit('experiments', `#/experiments/${experimentId}`, /Canberra/);
    assert.match(await textOf(page.getByTestId('screen-experiments')), /Completed/);
  });

  await step(t, 'Compare: one question’s answers side by side', async () => {
    await visit('compare', `#/compare/${experimentId}`, /Canberra|1440|Au\b|Mercury/);
  });

  await step(t, 'Label: Ada’s queue, with the items still waiting', async () => {
    await visit('label', `#/label/${taskSetId}`, anyQuestion);
  });

  await step(t, 'Leaderboard: ratings with intervals and agreement', async () => {
    await visit('leaderboard', `#/leaderboard/${taskSetId}`, /demo-careful[\s\S]*demo-sloppy/);
  });

  await step(t, 'Leaderboard: an LLM judge on the demo server judges every pair in both orders', async () => {
    const panel = page.getByTestId('judge-panel');
    await panel.scrollIntoViewIfNeeded();
    await panel.getByTestId('judge-model').selectOption({ label: 'demo-careful' });
    await panel.getByTestId('judge-start').click();
    await eventually(async () => {
      const [set] = await call<{ llmJudgments: number }[]>(demoServer!, 'labeling.listTaskSets');
      // Asked twice a second: the server is busy judging.
      if (set?.llmJudgments !== 144) await new Promise((resolve) => setTimeout(resolve, 450));
      assert.equal(set?.llmJudgments, 144, 'every item judged in both orders');
    }, 90_000);
    // A fresh read of the screen (while the run goes, the board refreshes after each quiet moment).
    await page.reload();
    const report = page.locator('[data-testid="judge-report"]');
    await eventually(async () => assert.match(await textOf(report.first()), /Judge · demo-careful 72 /), 60_000);
    // Shown two equally good answers the demo judge picks the first, so its flip rate shows a position bias.
    assert.match(await textOf(report.first().getByTestId('judge-flip-rate')), /\d+%/);
    await report.first().scrollIntoViewIfNeeded();
    await screenshot(page, 'demo-leaderboard-judge');
  });

  await step(t, 'Export lists the labeled task set; Monitor charts the demo’s runs', async () => {
    await visit('export', '#/export', /Which answer is better\?/);
    await visit('monitor', '#/monitor', /demo-careful/);
  });

  await step(t, 'the page logged no errors', () => {
    assert.deepEqual(pageProblems, []);
  });
});

test('an empty workspace opens on Home: the first steps in order, and a button that opens the demo', async (t) => {
  const root = tempDataDir('arbiter-e2e-home-');
  const demoDir = join(root, 'demo');
  server = await startServer({ dataDir: join(root, 'workspace'), extraArgs: ['--demo-dir', demoDir] });
  pageProblems.length = 0;

  await step(t, 'Home says what to do first, in order, each a click away', async () => {
    await openPage(server!.url);
    await page.getByTestId('home-screen').waitFor();
    assert.equal(await page.getByTestId('home-screen').getAttribute('data-workspace'), 'empty');
    const steps = page.locator('.home-step');
    assert.deepEqual(
      (await texts(steps.locator('h3'))).map((text) => text.trim()),
      ['Add a model', 'Write a prompt', 'Import a dataset', 'Run an experiment'],
    );
    assert.equal(await page.getByTestId('home-step-models').getAttribute('data-state'), 'next');
    await page.getByTestId('open-demo').waitFor();
    await screenshot(page, 'home-empty');
  });

  await step(t, 'each step is one click from its form', async () => {
    const forms: [string, string][] = [
      ['models', 'add-panel'],
      ['prompts', 'new-prompt-composer'],
      ['datasets', 'import-panel'],
      ['experiments', 'experiment-builder'],
    ];
    for (const [key, form] of forms) {
      await page.getByTestId('nav-home').click();
      await page.getByTestId(`home-action-${key}`).click();
      await page.getByTestId(form).waitFor();
    }
    await page.getByTestId('nav-home').click();
  });

  await step(t, 'a step is ticked once it is done', async () => {
    await call(server!, 'prompts.create', { name: 'My first prompt' });
    await eventually(async () => assert.equal(await page.getByTestId('home-step-prompts').getAttribute('data-state'), 'done'));
    assert.match(await textOf(page.getByTestId('home-step-prompts')), /1 prompt\b/);
    await screenshot(page, 'home-one-step-done');
  });

  await step(t, '“Open the demo workspace” builds the demo in its own folder and switches to it', async () => {
    await page.getByTestId('open-demo').click();
    await eventually(async () => assert.match(await textOf(page.getByTestId('open-demo')), /Building the demo/), 5_000);
    await page.getByTestId('demo-banner').waitFor({ timeout: 180_000 });
    assert.match(await textOf(page.getByTestId('workspace-info')), /demo/);
    const status = await call(server!, 'workspace.status');
    assert.equal(status.kind, 'demo');
    assert.equal(status.dataDir, demoDir);
    assert.ok(existsSync(join(demoDir, 'arbiter-demo.json')));
    await screenshot(page, 'home-demo-opened');
  });

  await step(t, '“Open your workspace” goes back, with what was made there', async () => {
    await page.getByTestId('open-own-workspace').click();
    await page.getByTestId('home-steps').waitFor({ timeout: 30_000 });
    await eventually(async () => assert.equal(await page.getByTestId('home-step-prompts').getAttribute('data-state'), 'done'));
    assert.equal((await call(server!, 'workspace.status')).kind, 'regular');
    await screenshot(page, 'home-back');
  });

  await step(t, 'opening the demo again is instant: it is built already', async () => {
    assert.match(await textOf(page.getByTestId('home-demo')), /built already/);
    await page.getByTestId('open-demo').click();
    await page.getByTestId('demo-banner').waitFor({ timeout: 30_000 });
  });

  await step(t, 'the page logged no errors', () => {
    assert.deepEqual(pageProblems, []);
  });
});
