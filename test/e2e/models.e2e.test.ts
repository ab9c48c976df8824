import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { ensureTinyLlama, ensureTinyModels, TINY_A_OPTIONS } from '../fixtures/gguf/tiny-llama.js';
import { startFakeOpenAi, type FakeProviderServer } from '../support/fake-providers/index.js';
import { startServer, tempDataDir, type RunningServer } from '../support/start-server.js';
import { eventually, launchChromium, screenshot, texts } from './support/browser.js';
import { editorText, replaceEditorText } from './support/monaco.js';
import { ensureRendererBuilt } from './support/renderer-build.js';
import { startSlowFileServer, type SlowFileServer } from './support/slow-file-server.js';

// A user brings two local GGUF models and a self-hosted OpenAI-compatible endpoint into Arbiter,
// checks them, and asks all three the same question in the Playground, in Chromium against
// `arbiter serve`. The endpoint is a real HTTP server on 127.0.0.1 speaking OpenAI's wire format.

// The endpoint wants a key, which headless mode reads from the environment; the page never sees it.
const endpointKeyName = 'SELFHOSTED_API_KEY';
const endpointKey = 'sk-e2e-7c1d9a4f2b6e8d3c5a0f';
const chatTemplate = '{% for message in messages %}{{ message.role }}: {{ message.content }}\n{% endfor %}assistant:';
const endpointReply =
  'Blind pairwise judgments are easier for people than absolute scores: a rater only says which of two answers is better, and a Bradley-Terry model turns many such votes into a ranking with confidence intervals.';

let server: RunningServer | undefined;
let fake: FakeProviderServer | undefined;
let files: SlowFileServer | undefined;
let browser: Browser;
let page: Page;
let modelDir: string;
let crashingModel: string;
const pageProblems: string[] = [];
const failedCalls: string[] = [];

before(async () => {
  ensureRendererBuilt(process.cwd());
  // A folder as a user has one: two models, a file that only looks like one, and a cut-off copy.
  const tiny = ensureTinyModels(join(tmpdir(), 'arbiter-tiny-models'), { broken: true });
  // Its header reads fine, but llama.cpp aborts the whole process that loads it (GGML_ASSERT).
  crashingModel = tiny.broken.missingHeadCount;
  modelDir = join(tempDataDir('arbiter-e2e-model-folder-'), 'gguf');
  mkdirSync(join(modelDir, 'nested'), { recursive: true });
  copyFileSync(tiny.tinyA, join(modelDir, 'tiny-a.gguf'));
  copyFileSync(tiny.tinyB, join(modelDir, 'nested', 'tiny-b.gguf'));
  writeFileSync(join(modelDir, 'readme.gguf'), 'This is a text file with the wrong extension.\n');
  writeFileSync(join(modelDir, 'truncated.gguf'), readFileSync(tiny.tinyA).subarray(0, 4096));

  // A model to download, trickled out slowly enough to watch the progress bar move.
  const downloadable = ensureTinyLlama(join(tmpdir(), 'arbiter-tiny-models'), { ...TINY_A_OPTIONS, seed: 7, name: 'tiny-downloaded' });
  files = await startSlowFileServer({ 'tiny-downloaded.gguf': downloadable, 'tiny-cancelled.gguf': downloadable }, 160 * 1024);
  fake = await startFakeOpenAi({ apiKey: endpointKey, tokenDelayMs: 25, reply: () => endpointReply });
  server = await startServer({ dataDir: tempDataDir('arbiter-e2e-models-'), env: { [endpointKeyName]: endpointKey } });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.on('console', (message) => {
    // Chromium logs every answer of 400 or more; the calls that failed are checked by name below.
    if (/^Failed to load resource: the server responded with a status of/.test(message.text())) return;
    if (message.type() === 'error' || message.type() === 'warning') pageProblems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) failedCalls.push(`${new URL(response.url()).pathname} ${response.status()}`);
  });
  page.on('pageerror', (error) => pageProblems.push(`uncaught: ${error.message}`));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await fake?.close();
  await files?.close();
});

const row = (name: string) => page.locator(`[data-testid="model-row"][data-model-name="${name}"]`);
const detail = () => page.getByTestId('model-detail');
const columns = () => page.getByTestId('output-column');

// Every assert.ok here carries a message: without one, a failing assert makes Node re-parse this
// file to quote the expression, which inside an `eventually` loop can take minutes.
async function textOf(locator: Locator): Promise<string> {
  return (await texts(locator)).join('\n');
}

async function step(t: TestContext, name: string, fn: () => Promise<void> | void): Promise<void> {
  await t.test(name, async () => {
    try {
      await fn();
    } catch (error) {
      await screenshot(page, `failed-models-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => {});
      throw error;
    }
  });
}

test('local GGUF models and an OpenAI-compatible endpoint are added, tested and compared in the Playground', async (t) => {
  await step(t, 'the Models screen opens empty, with the runtime in view', async () => {
    await page.goto(server!.url);
    await page.getByTestId('theme-light').click();
    await page.getByTestId('nav-models').click();
    await page.getByTestId('models-empty').waitFor();
    // The first runtime question starts the local inference process, which looks for a GPU.
    await eventually(async () => assert.match(await textOf(page.getByTestId('runtime-backend')), /^(CPU|CUDA|Vulkan|Metal)$/), 30_000);
    assert.match(await textOf(page.getByTestId('runtime-strip')), /RAM\n[\d.]+ [KMGT]?B free \/ [\d.]+ [KMGT]?B/);
  });

  await step(t, 'a folder is scanned: both models are added, the two broken files are skipped with reasons', async () => {
    await page.getByTestId('add-model').click();
    await page.getByTestId('local-path').fill(modelDir);
    await page.getByTestId('add-local-submit').click();
    await page.getByTestId('scan-result').waitFor();
    assert.equal(await page.getByTestId('scan-added').count(), 2);
    const skipped = await texts(page.getByTestId('scan-skipped'));
    assert.equal(skipped.length, 2, skipped.join('\n'));
    assert.ok(skipped.some((line) => line.startsWith('readme.gguf') && /GGUF/i.test(line)), skipped.join('\n'));
    assert.ok(skipped.some((line) => line.startsWith('truncated.gguf') && /truncated|cut off|incomplete|ends/i.test(line)), skipped.join('\n'));
    await eventually(async () => assert.equal(await page.getByTestId('model-row').count(), 2));
    await screenshot(page, 'models-add-local-light');

    // The same file again, by its own path: a duplicate, said in words.
    await page.getByTestId('local-path').fill(join(modelDir, 'tiny-a.gguf'));
    await page.getByTestId('add-local-submit').click();
    await eventually(async () => assert.match(await textOf(page.getByTestId('scan-skipped')), /Already in the model list/));
    assert.equal(await page.getByTestId('scan-added').count(), 0);
    await page.getByTestId('local-path').fill(modelDir);
    await page.getByTestId('add-local-submit').click();
    await eventually(async () => assert.equal(await page.getByTestId('scan-skipped').count(), 4));
  });

  await step(t, 'each local model shows what its GGUF header says before loading', async () => {
    const names = await page.getByTestId('model-row').evaluateAll((rows) => rows.map((node) => node.getAttribute('data-model-name')));
    assert.deepEqual(names.sort(), ['tiny-a', 'tiny-b']);
    for (const name of ['tiny-a', 'tiny-b']) {
      const facts = await textOf(row(name).getByTestId('model-facts'));
      assert.match(facts, /^llama · [\d.]+[KM] · \S+ · [\d.]+ (KB|MB)$/, facts);
      assert.match(await textOf(row(name)), /ctx 512/);
      assert.match(await textOf(row(name).getByTestId('model-status')), /Idle/);
    }
    assert.match(await textOf(row('tiny-b')), /chat template/);
    assert.match(await textOf(row('tiny-a')), /no chat template/);

    // Arrow keys walk the list, as in a file browser.
    await row('tiny-a').click();
    await page.keyboard.press('ArrowDown');
    await eventually(async () => assert.match(await textOf(page.getByTestId('model-title')), /tiny-b/));
    assert.equal(await row('tiny-b').getAttribute('aria-current'), 'page');
    const facts = Object.fromEntries(
      await page.getByTestId('fact').evaluateAll((nodes) => nodes.map((node) => [node.getAttribute('data-label'), node.querySelector('dd')?.textContent ?? ''])),
    );
    assert.equal(facts['Architecture'], 'llama');
    assert.equal(facts['Trained context'], '512 tokens');
    assert.equal(facts['Chat template'], 'In the file');
    assert.equal(facts['Layers'], '3');
    assert.match(await textOf(page.getByTestId('memory-estimate')), /~[\d.]+ (KB|MB)/);
  });

  await step(t, 'load settings are edited and applied, and the memory estimate follows them', async () => {
    await row('tiny-a').click();
    await eventually(async () => assert.match(await textOf(page.getByTestId('model-title')), /tiny-a/));
    const settings = page.getByTestId('load-settings');
    const estimateBefore = await textOf(page.getByTestId('memory-estimate'));
    await settings.getByLabel('Context size').fill('256');
    await settings.getByLabel('Threads').fill('1');
    await settings.getByTestId('override-template').check();
    await replaceEditorText(page, settings, chatTemplate);
    // Monaco paints typed text on its next frame; on a busy machine that can trail the keystrokes.
    await eventually(async () => assert.equal(await editorText(settings), chatTemplate));
    await screenshot(page, 'models-settings-light');
    await settings.getByTestId('apply-settings').click();
    await eventually(async () => assert.match(await textOf(settings), /Saved\. The new settings apply at the next load/));
    await eventually(async () => assert.notEqual(await textOf(page.getByTestId('memory-estimate')), estimateBefore));
    const saved = (await server!.call('models.list')).body.value.find((model: { name: string }) => model.name === 'tiny-a');
    assert.deepEqual(
      { contextSize: saved.settings.contextSize, threads: saved.settings.threads, chatTemplateOverride: saved.settings.chatTemplateOverride },
      { contextSize: 256, threads: 1, chatTemplateOverride: chatTemplate },
    );
  });

  await step(t, 'an optional setting emptied in the form goes back to its default', async () => {
    await row('tiny-b').click();
    await eventually(async () => assert.match(await textOf(page.getByTestId('model-title')), /tiny-b/));
    const settings = page.getByTestId('load-settings');
    const savedSettings = async () => (await server!.call('models.list')).body.value.find((model: { name: string }) => model.name === 'tiny-b').settings;
    await settings.getByLabel('Batch size').fill('64');
    await settings.getByTestId('apply-settings').click();
    await eventually(async () => assert.equal((await savedSettings()).batchSize, 64));
    await settings.getByLabel('Batch size').fill('');
    await settings.getByTestId('apply-settings').click();
    await eventually(async () => assert.equal('batchSize' in (await savedSettings()), false));
    assert.equal(await settings.getByLabel('Batch size').inputValue(), '');
  });

  await step(t, 'a local model loads, and the runtime strip says it is loaded', async () => {
    await row('tiny-a').click();
    await eventually(async () => assert.match(await textOf(page.getByTestId('model-title')), /tiny-a/));
    await detail().getByTestId('load-model').click();
    await eventually(async () => assert.match(await textOf(detail().getByTestId('model-status')), /Loaded/), 30_000);
    await eventually(async () => assert.match(await textOf(page.getByTestId('runtime-loaded')), /tiny-a/));
    await eventually(async () => assert.match(await textOf(row('tiny-a').getByTestId('model-status')), /Loaded/));
    await screenshot(page, 'models-local-light');
  });

  await step(t, 'a GGUF that crashes llama.cpp fails to load with the reason in words, and the app carries on', async () => {
    await page.getByTestId('add-model').click();
    await page.getByTestId('local-path').fill(crashingModel);
    await page.getByTestId('add-local-submit').click();
    await page.getByTestId('scan-added').getByRole('button').click();
    await eventually(async () => assert.match(await textOf(page.getByTestId('model-title')), /tiny-broken-no-head-count/));
    await detail().getByTestId('load-model').click();
    await eventually(async () => assert.match(await textOf(detail().getByTestId('model-status')), /Error/), 30_000);
    assert.match(await textOf(detail().getByTestId('model-error')), /failed to load.*stopped.*GGML_ASSERT/s);
    assert.match(await textOf(row('tiny-broken-no-head-count').getByTestId('model-row-error')), /GGML_ASSERT/);
    await screenshot(page, 'models-load-error-light');

    await detail().getByTestId('remove-model').click();
    await detail().getByTestId('confirm-remove').click();
    await eventually(async () => assert.equal(await row('tiny-broken-no-head-count').count(), 0));
    await row('tiny-b').click();
    await detail().getByTestId('load-model').click();
    await eventually(async () => assert.match(await textOf(detail().getByTestId('model-status')), /Loaded/), 30_000);
  });

  await step(t, 'an OpenAI-compatible endpoint on 127.0.0.1 is added and its connection tested', async () => {
    await page.getByTestId('add-model').click();
    await page.getByTestId('add-kind-remote').click();
    await page.getByTestId('provider-select').selectOption('vllm');
    assert.equal(await page.getByTestId('remote-base-url').inputValue(), 'http://127.0.0.1:8000/v1');
    await page.getByTestId('remote-base-url').fill(fake!.baseUrl);
    await page.getByTestId('remote-model').fill('fake-gpt');
    await page.getByTestId('remote-name').fill('Self-hosted GPT');
    await page.getByTestId('remote-key-name').fill(endpointKeyName);
    await page.getByTestId('add-remote-submit').click();
    await eventually(async () => assert.match(await textOf(page.getByTestId('model-title')), /Self-hosted GPT/));
    assert.match(await textOf(row('Self-hosted GPT').getByTestId('model-facts')), /OpenAI-compatible · fake-gpt/);
    assert.match(await textOf(row('Self-hosted GPT').getByTestId('model-row-key')), /SELFHOSTED_API_KEY\s+sk-…5a0f/);
    await eventually(async () => assert.match(await textOf(detail().getByTestId('key-status')), /SELFHOSTED_API_KEY is set sk-…5a0f/));
    assert.ok(!(await page.content()).includes(endpointKey), 'the key itself never reaches the page');

    await detail().getByTestId('test-connection').click();
    await page.getByTestId('connection-result').waitFor({ timeout: 20_000 });
    assert.match(await textOf(page.getByTestId('connection-latency')), /^[\d,]+ ms$/);
    assert.match(await textOf(page.getByTestId('connection-result')), /Connected in \d+ ms/);
    assert.match(await textOf(row('Self-hosted GPT').getByTestId('model-status')), /^\d+ ms$/);
    await screenshot(page, 'models-remote-light');
  });

  await step(t, 'the Playground runs all three models side by side and they stream', async () => {
    await page.getByTestId('models-tab-playground').click();
    const picker = page.getByTestId('model-picker');
    for (const name of ['tiny-a', 'tiny-b', 'Self-hosted GPT']) await picker.locator(`[data-model-name="${name}"]`).check();
    await page.getByTestId('pg-user').fill('Why are pairwise judgments easier than scores?');
    await page.getByTestId('pg-max-tokens').fill('60');
    await page.getByTestId('pg-seed').fill('42');
    await page.getByTestId('pg-user').press('ControlOrMeta+Enter');

    await eventually(async () => assert.equal(await columns().count(), 3));
    // The endpoint sends a word every 25 ms, so its column is seen mid-stream.
    const endpoint = columns().nth(2);
    await eventually(async () => {
      assert.equal(await endpoint.getAttribute('data-state'), 'streaming');
      assert.ok((await textOf(endpoint.getByTestId('output-text'))).length > 0, 'the endpoint’s column has text');
    }, 20_000);
    await screenshot(page, 'playground-streaming-light');

    await eventually(async () => assert.match(await textOf(page.getByTestId('pg-run-status')), /^Done/), 60_000);
    for (let index = 0; index < 3; index++) {
      const column = columns().nth(index);
      assert.equal(await column.getAttribute('data-state'), 'done', await textOf(column));
      assert.ok((await textOf(column.getByTestId('output-text'))).split(/\s+/).length >= 3, `column ${index + 1} has text`);
      assert.match(await textOf(column.getByTestId('stat-rate')), /^tok\/s\n[\d,.]+$/);
      assert.match(await textOf(column.getByTestId('stat-ttft')), /^TTFT\n[\d.]+ m?s$/);
      assert.match(await textOf(column.getByTestId('stat-latency')), /^latency\n[\d.]+ m?s$/);
      assert.match(await textOf(column.getByTestId('stat-tokens')), /^tokens in → out\n\d+ → \d+$/);
      assert.match(await textOf(column.getByTestId('stat-finish')), /^finish\n(stop|max tokens)$/);
    }
    assert.equal(await textOf(endpoint.getByTestId('output-text')), endpointReply);
    await screenshot(page, 'playground-light');
  });

  await step(t, 'Stop ends a run mid-stream', async () => {
    fake!.configure({ tokenDelayMs: 150 });
    await page.getByTestId('pg-run').click();
    const endpoint = columns().nth(2);
    await eventually(async () => assert.ok((await textOf(endpoint.getByTestId('output-text'))).length > 0, 'the endpoint’s column has text'), 20_000);
    await page.getByTestId('pg-stop').click();
    await eventually(async () => assert.match(await textOf(page.getByTestId('pg-run-status')), /^Done/), 20_000);
    assert.equal(await endpoint.getAttribute('data-state'), 'cancelled');
    assert.match(await textOf(endpoint.getByTestId('stat-finish')), /stopped/);
    assert.ok((await textOf(endpoint.getByTestId('output-text'))).length < endpointReply.length, 'the reply was cut short');
    fake!.configure({ tokenDelayMs: 25 });
  });

  await step(t, 'a provider error shows in words in that model’s column, the others carry on', async () => {
    fake!.failNext({ kind: 'status', status: 429, retryAfter: '20', message: 'Rate limit reached for fake-gpt: 3 requests per minute.' });
    await page.getByTestId('pg-user').press('ControlOrMeta+Enter');
    await eventually(async () => assert.match(await textOf(page.getByTestId('pg-run-status')), /^Done/), 30_000);
    const endpoint = columns().nth(2);
    assert.equal(await endpoint.getAttribute('data-state'), 'error');
    const error = await textOf(endpoint.getByTestId('output-error'));
    assert.match(error, /Rate limited/);
    assert.match(error, /3 requests per minute/);
    assert.equal(await columns().nth(0).getAttribute('data-state'), 'done');
    await screenshot(page, 'playground-error-light');
  });

  await step(t, 'API keys: the headless server says keys come from environment variables', async () => {
    await page.getByTestId('models-tab-keys').click();
    await page.getByTestId('headless-keys-note').waitFor();
    assert.ok((await page.getByTestId('key-row').count()) >= 3, 'the well-known key names are listed');
    const endpointKeyRow = page.locator(`[data-testid="key-row"][data-key-name="${endpointKeyName}"]`);
    assert.match(await textOf(endpointKeyRow), /sk-…5a0f/);
    assert.match(await textOf(endpointKeyRow), /Self-hosted GPT/);
    assert.equal(await page.locator('[data-testid="api-keys"] input[type="password"]').count(), 0, 'no key field in headless mode');
  });

  await step(t, 'a download shows its progress, can be cancelled, and a finished one joins the list', async () => {
    await page.getByTestId('models-tab-library').click();
    await page.getByTestId('add-model').click();
    await page.getByTestId('add-kind-download').click();
    const downloadRow = (file: string) => page.getByTestId('download-row').filter({ hasText: file });
    const percent = async (file: string) => Number((await downloadRow(file).getByRole('progressbar').getAttribute('aria-valuenow', { timeout: 2000 })) ?? 0);

    await page.getByTestId('download-source').fill(`${files!.baseUrl}/tiny-downloaded.gguf`);
    await page.getByTestId('download-start').click();
    await eventually(async () => assert.ok((await percent('tiny-downloaded')) > 0, 'the progress bar moved'), 20_000);
    await screenshot(page, 'models-download-progress-light');
    await eventually(async () => assert.equal(await downloadRow('tiny-downloaded').getAttribute('data-state'), 'done'), 30_000);
    await eventually(async () => assert.equal(await row('tiny-downloaded').count(), 1));

    await page.getByTestId('download-source').fill(`${files!.baseUrl}/tiny-cancelled.gguf`);
    await page.getByTestId('download-start').click();
    await eventually(async () => assert.ok((await percent('tiny-cancelled')) > 0, 'the progress bar moved'), 20_000);
    await downloadRow('tiny-cancelled').getByTestId('download-cancel').click();
    await eventually(async () => assert.equal(await downloadRow('tiny-cancelled').getAttribute('data-state'), 'cancelled'), 10_000);
    assert.match(await textOf(downloadRow('tiny-cancelled')), /resumes/);
  });

  await step(t, 'a download from an unreachable address fails with the reason in words', async () => {
    await page.getByTestId('download-source').fill('http://127.0.0.1:9/models/missing-Q4_K_M.gguf');
    await page.getByTestId('download-start').click();
    const download = page.getByTestId('download-row').filter({ hasText: '127.0.0.1:9/' });
    await eventually(async () => assert.equal(await download.getAttribute('data-state'), 'failed'), 20_000);
    assert.ok((await textOf(download.locator('.download-message'))).length > 10, 'the failure says why');
    await screenshot(page, 'models-download-light');
  });

  await step(t, 'the dark theme', async () => {
    await page.getByTestId('theme-dark').click();
    await eventually(async () => assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark'));
    await screenshot(page, 'models-download-dark');
    await row('tiny-a').click();
    await detail().waitFor();
    await screenshot(page, 'models-local-dark');
    await row('Self-hosted GPT').click();
    await eventually(async () => assert.match(await textOf(page.getByTestId('model-title')), /Self-hosted GPT/));
    await screenshot(page, 'models-remote-dark');
    await page.getByTestId('models-tab-playground').click();
    await screenshot(page, 'playground-dark');
    await page.getByTestId('models-tab-keys').click();
    await screenshot(page, 'models-keys-dark');
  });

  await step(t, 'on a laptop-sized window', async () => {
    await page.setViewportSize({ width: 1180, height: 760 });
    await page.getByTestId('models-tab-playground').click();
    await screenshot(page, 'playground-laptop-dark');
    await page.getByTestId('theme-light').click();
    await page.getByTestId('models-tab-library').click();
    await row('tiny-b').click();
    await eventually(async () => assert.match(await textOf(page.getByTestId('model-title')), /tiny-b/));
    await screenshot(page, 'models-local-laptop-light');
  });

  await step(t, 'the page ran without errors or warnings; the only failed call was loading the crashing model', () => {
    assert.deepEqual(pageProblems, []);
    assert.deepEqual(failedCalls, ['/api/models.load 400']);
  });
});
