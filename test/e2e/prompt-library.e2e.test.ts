import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, tempDataDir, type RunningServer } from '../support/start-server.js';
import { eventually, launchChromium, screenshot, texts } from './support/browser.js';
import { appendEditorText, replaceEditorText } from './support/monaco.js';
import { ensureRendererBuilt } from './support/renderer-build.js';

// Library housekeeping in the browser: rename, duplicate, archive, refusals in words, and a
// second window that follows changes through the event stream.

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

before(async () => {
  ensureRendererBuilt(process.cwd());
  server = await startServer({ dataDir: tempDataDir('arbiter-e2e-library-') });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  await page.goto(server.url);
  // A new workspace opens on Home; the library is in the navigation.
  await page.getByTestId('nav-prompts').click();
  await page.getByTestId('screen-prompts').waitFor();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const listNames = () => texts(page.getByTestId('prompt-item').locator('.side-list-item-title'));

async function createPrompt(name: string, system: string): Promise<void> {
  await page.getByRole('button', { name: 'New prompt' }).click();
  await page.getByLabel('Prompt name').fill(name);
  await replaceEditorText(page, page.getByTestId('message-card').nth(0), system);
  await page.getByRole('button', { name: /Create prompt/ }).click();
}

test('prompts are renamed, duplicated, archived and brought back; refusals are explained', async () => {
  await createPrompt('Triage', 'Sort the ticket into billing, bugs or other.');
  await page.getByTestId('prompt-workspace').waitFor();

  // A second prompt with the same name is refused in words, and what was typed stays.
  await createPrompt('Triage', 'Another attempt.');
  await eventually(async () => assert.match(await page.getByTestId('save-status').innerText(), /Not created: .*already exists/));
  assert.equal(await page.getByLabel('Prompt name').inputValue(), 'Triage');
  await page.getByLabel('Prompt name').fill('Triage (strict)');
  await page.getByRole('button', { name: /Create prompt/ }).click();
  await page.locator('[data-testid="prompt-workspace"]').waitFor();
  await eventually(async () => assert.deepEqual((await listNames()).sort(), ['Triage', 'Triage (strict)']));

  // Rename in place.
  await page.getByTestId('prompt-title').click();
  await page.getByTestId('prompt-name-input').fill('Strict triage');
  await page.getByTestId('prompt-name-input').press('Enter');
  await eventually(async () => assert.ok((await listNames()).includes('Strict triage')));

  // Duplicate opens the copy.
  await page.getByTestId('duplicate-prompt').click();
  await eventually(async () => assert.equal((await listNames()).length, 3));
  const copyTitle = await page.getByTestId('prompt-title').innerText();
  assert.notEqual(copyTitle, 'Strict triage');

  // Archive hides it from the list, "Show archived" brings it back, Unarchive restores it.
  await page.getByTestId('archive-prompt').click();
  await eventually(async () => assert.equal((await listNames()).length, 2));
  await page.getByText('This prompt is archived').waitFor();
  await page.getByTestId('show-archived').check();
  await eventually(async () => assert.equal((await listNames()).length, 3));
  await screenshot(page, 'prompts-archived-light');
  await page.getByTestId('archive-prompt').click();
  await page.getByTestId('show-archived').uncheck();
  await eventually(async () => assert.equal((await listNames()).length, 3));
});

test('a second window follows saves made in the first', async () => {
  await page.locator('[data-testid="prompt-item"][data-prompt-name="Triage"]').click();
  await eventually(async () => assert.equal(await page.getByTestId('prompt-title').innerText(), 'Triage'));
  const other = await context.newPage();
  await other.goto(`${server.baseUrl}/${new URL(page.url()).hash}`);
  await other.getByTestId('prompt-workspace').waitFor();
  const otherItem = other.locator('[data-testid="prompt-item"][data-prompt-name="Triage"]');
  await eventually(async () => assert.match(await otherItem.innerText(), /v1/));

  await appendEditorText(page, page.getByTestId('message-card').nth(0), ' Reply in one word.');
  // Save only once the app's draft (which the live preview renders) has every typed character:
  // on a busy machine React can be a frame behind Monaco.
  await eventually(async () => assert.match((await texts(page.getByTestId('preview-message').locator('pre'))).join('\n'), /Reply in one word\.$/m));
  await page.keyboard.press('ControlOrMeta+S');
  await eventually(async () => assert.match(await page.getByTestId('save-status').innerText(), /Saved as version 2/));

  await eventually(async () => assert.match(await otherItem.innerText(), /v2/));
  await eventually(async () => assert.match(await other.getByTestId('save-state').innerText(), /Version 2/));
  await other.close();
});
