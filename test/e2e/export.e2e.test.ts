import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import type { FakeChatRequest } from '../support/fake-providers/index.js';
import { judgedExperiment, type JudgedExperiment } from '../support/judged-experiment.js';
import { startServer, tempDataDir, type RunningServer } from '../support/start-server.js';
import { eventually, launchChromium, screenshot, texts } from './support/browser.js';
import { ensureRendererBuilt } from './support/renderer-build.js';

// A domain expert labels a few pairs blind on the Label screen, then turns them into training
// data on the Export screen: picks the task set, watches the preview of the first rows, exports
// TRL conversational and OpenAI preference fine-tuning files, and the files hold what the
// preview showed. Then an annotation bundle goes out and comes back in (twice: nothing doubles),
// and a damaged one is refused. In Chromium against `arbiter serve`.

const rows = 5;
const reply = (name: string, request: FakeChatRequest) => {
  const question = request.messages.at(-1)?.content ?? '';
  const n = Number(/Question (\d+)/.exec(question)?.[1] ?? 0);
  return name === 'alpha' ? `The answer is ${2 * n}.` : `Let me think. ${n} and ${n} together make ${2 * n}, so it is ${2 * n}. Write to help@example.com if unsure.`;
};
const isAlpha = (text: string) => text.startsWith('The answer is');
/** On a shared machine a write can take seconds. */
const backend = 30_000;

let experiment: JudgedExperiment | undefined;
let server: RunningServer | undefined;
let browser: Browser;
let page: Page;
let out: string;
let taskSetId = '';
const pageProblems: string[] = [];

before(async () => {
  ensureRendererBuilt(process.cwd());
  out = mkdtempSync(join(tmpdir(), 'arbiter-e2e-export-out-'));
  server = await startServer({ dataDir: tempDataDir('arbiter-e2e-export-') });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.on('console', (message) => {
    // Refusals this test asks for (a taken folder, a foreign bundle) are 4xx answers, which Chromium logs.
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) return;
    if (message.type() === 'error' || message.type() === 'warning') pageProblems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => pageProblems.push(`uncaught: ${error.message}`));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await experiment?.close();
  rmSync(out, { recursive: true, force: true });
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
      await screenshot(page, `failed-export-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => {});
      throw error;
    }
  });
}

async function screenshots(name: string): Promise<void> {
  // The options column from its top, whatever was clicked last.
  await page.locator('.ex-options').evaluate((element) => element.scrollTo(0, 0));
  await screenshot(page, `${name}-light`);
  await page.getByTestId('theme-dark').click();
  await eventually(async () => assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark'));
  await screenshot(page, `${name}-dark`);
  await page.getByTestId('theme-light').click();
  await eventually(async () => assert.equal(await page.locator('html').getAttribute('data-theme'), 'light'));
}

function jsonl(path: string): any[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

test('label a few pairs, export them as TRL and OpenAI preference data, and carry a bundle', async (t) => {
  await step(t, 'an experiment of two models ran, and a pairwise task set was made (through the API)', async () => {
    experiment = await judgedExperiment(call, { models: ['alpha', 'beta'], rows, reply });
    const set = await call('labeling.createTaskSet', { name: 'Alpha vs Beta', experimentId: experiment.experimentId, kind: 'pairwise' });
    taskSetId = set.id;
    assert.equal(set.items, rows);
  });

  await step(t, 'Ada labels every pair blind on the Label screen, preferring the short answer', async () => {
    await page.goto(server!.url);
    await page.getByTestId('theme-light').click();
    await page.getByTestId('nav-label').click();
    await page.getByTestId('annotator-picker').click();
    const menu = page.getByTestId('annotator-menu');
    await menu.waitFor();
    if (await menu.getByTestId('new-annotator').count()) await menu.getByTestId('new-annotator').click();
    await menu.getByTestId('new-annotator-name').fill('Ada');
    await menu.getByTestId('new-annotator-name').press('Enter');
    await eventually(async () => assert.equal(await textOf(page.getByTestId('current-annotator')), 'Ada'));
    await page.locator('.lb-set', { hasText: 'Alpha vs Beta' }).first().click();
    const item = page.getByTestId('label-item');
    let previous = '';
    for (let n = 0; n < rows; n++) {
      const id = await eventually(async () => {
        const current = (await item.getAttribute('data-item-id')) ?? '';
        assert.ok(current && current !== previous);
        return current;
      }, backend);
      previous = id;
      const outputs = await item.getByTestId('output-text').allInnerTexts();
      await page.keyboard.press(isAlpha(outputs[0]!) ? 'Digit1' : 'Digit2');
      await page.keyboard.press('Enter');
    }
    await page.getByTestId('label-finished').waitFor({ timeout: backend });
    await eventually(async () => assert.equal((await call('export.sources')).taskSets[0].humanJudgments, rows), backend);
  });

  await step(t, 'the Export screen previews the first rows as they will be written', async () => {
    await page.getByTestId('nav-export').click();
    await page.getByTestId('export-pick').waitFor();
    await page.locator('[data-testid="export-task-set"][data-name="Alpha vs Beta"] input').check();
    const lines = page.getByTestId('preview-line');
    await eventually(async () => assert.equal(await lines.count(), 5), backend);
    const first = JSON.parse(await lines.first().innerText());
    assert.deepEqual(Object.keys(first), ['prompt', 'chosen', 'rejected']);
    assert.deepEqual(first.prompt.map((message: any) => message.role), ['system', 'user']);
    assert.ok(isAlpha(first.chosen[0].content), 'Ada preferred the short answer');
    assert.match(await textOf(page.getByTestId('export-counts')), /^5 rows 5 train · 5 prompts 0 test · no split 5 judgments · 5 items$/);
    // PII masking shows in the preview at once.
    await page.getByTestId('export-mask-emails').check();
    await eventually(async () => assert.match(await lines.first().innerText(), /\[EMAIL\]/), backend);
    assert.equal(await page.getByTestId('export-write').innerText(), 'Export 5 rows');
    await screenshots('export-preview');
  });

  await step(t, 'TRL conversational is written to a folder; the file holds the previewed rows', async () => {
    const previewed = await page.getByTestId('preview-line').allInnerTexts();
    const folder = join(out, 'trl');
    await page.getByTestId('export-folder').fill(folder);
    await page.getByTestId('export-write').click();
    const result = page.getByTestId('export-result');
    await result.waitFor({ timeout: backend });
    assert.equal(await textOf(page.getByTestId('export-result-folder')), folder);
    assert.deepEqual(await page.getByTestId('export-result-file').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-path'))), ['data/train.jsonl', 'README.md']);
    const file = readFileSync(join(folder, 'data', 'train.jsonl'), 'utf8');
    assert.deepEqual(file.split('\n').slice(0, 5), previewed);
    const rowsWritten = jsonl(join(folder, 'data', 'train.jsonl'));
    assert.equal(rowsWritten.length, rows);
    const row = rowsWritten[0];
    assert.equal(row.chosen[0].role, 'assistant');
    assert.match(row.chosen[0].content, /^The answer is \d+\.$/);
    assert.match(row.rejected[0].content, /\[EMAIL\] if unsure\.$/);
    assert.match(row.prompt[1].content, /^Question \d+: what is/);
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
    assert.equal(manifest.format, 'trl-conversational');
    assert.equal(manifest.filters.mask.emails, true);
    assert.match(readFileSync(join(folder, 'README.md'), 'utf8'), /^---\n[\s\S]*configs:\n- config_name: default\n {2}data_files:\n {2}- split: train\n {4}path: data\/train\.jsonl\n/);
    await screenshots('export-result');
  });

  await step(t, 'OpenAI preference fine-tuning, with metadata and a test split', async () => {
    await page.getByTestId('export-format-openai-dpo').click();
    await page.getByTestId('export-metadata').check();
    await page.getByTestId('export-test-percent').fill('40');
    await eventually(async () => assert.match(await textOf(page.getByTestId('export-counts')), /^5 rows 3 train · 3 prompts 2 test · 2 prompts/), backend);
    const first = JSON.parse(await page.getByTestId('preview-line').first().innerText());
    assert.deepEqual(Object.keys(first).slice(0, 3), ['input', 'preferred_output', 'non_preferred_output']);
    const folder = join(out, 'openai');
    await page.getByTestId('export-folder').fill(folder);
    await page.getByTestId('export-write').click();
    await eventually(async () => assert.equal(await textOf(page.getByTestId('export-result-folder')), folder), backend);
    const train = jsonl(join(folder, 'data', 'train.jsonl'));
    const test = jsonl(join(folder, 'data', 'test.jsonl'));
    assert.deepEqual([train.length, test.length], [3, 2]);
    const row = train[0];
    assert.deepEqual(row.input.messages.map((message: any) => message.role), ['system', 'user']);
    assert.equal(row.preferred_output.length, 1);
    assert.equal(row.preferred_output[0].role, 'assistant');
    assert.match(row.preferred_output[0].content, /^The answer is/);
    assert.equal(row.chosen_model, 'alpha');
    assert.deepEqual(row.annotators, ['Ada']);
    const trainPrompts = new Set(train.map((r) => r.input.messages[1].content));
    assert.ok(test.every((r) => !trainPrompts.has(r.input.messages[1].content)), 'no prompt in both splits');
    // Exporting the same again into a taken folder is refused in words.
    await page.getByTestId('export-write').click();
    await eventually(async () => assert.match(await textOf(page.getByTestId('export-write-error')), /already holds files/), backend);
  });

  await step(t, 'bundles: Ada’s judgments go out, a damaged bundle is refused, the good one imports without doubling', async () => {
    await page.getByTestId('export-tab-bundles').click();
    await page.getByTestId('bundle-annotator').selectOption({ label: `Ada · ${rows} judgments` });
    const bundle = join(out, 'bundle-ada');
    await page.getByTestId('bundle-folder').fill(bundle);
    await page.getByTestId('bundle-write').click();
    await eventually(async () => assert.match(await textOf(page.getByTestId('bundle-result')), new RegExp(`^${rows} judgments of Ada`)), backend);
    await page.getByTestId('bundle-import-path').fill(join(out, 'trl'));
    await page.getByTestId('bundle-import').click();
    await eventually(async () => assert.match(await textOf(page.getByTestId('bundle-import-error')), /a training-data export, not an annotation bundle\. Nothing in the workspace changed\./), backend);
    await page.getByTestId('bundle-import-path').fill(bundle);
    await page.getByTestId('bundle-import').click();
    await eventually(async () => assert.match(await textOf(page.getByTestId('import-result')), new RegExp(`^0 of ${rows} judgments added ${rows} already here`)), backend);
    await eventually(async () => assert.equal(await page.getByTestId('export-history').locator('tr').count(), 4), backend);
    await screenshots('export-bundles');
  });

  await step(t, 'the page logged no errors', () => {
    assert.deepEqual(pageProblems, []);
  });
});
