import assert from 'node:assert/strict';
import { after, before, test, type TestContext } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startServer, tempDataDir, type RunningServer } from '../support/start-server.js';
import { eventually, launchChromium, screenshot, texts } from './support/browser.js';
import { appendEditorText, editorText, replaceEditorText } from './support/monaco.js';
import { ensureRendererBuilt } from './support/renderer-build.js';

// A newcomer's first session with the prompt library, against `arbiter serve` in Chromium,
// and a second session after the server restarted on the same workspace.

const systemText = 'You are a support agent for {{ product }}. Be brief and kind.';
const userTextV1 = 'Customer question: {{ question }}';
const orderLine = 'Order number: {{ order_id }}';

let dataDir: string;
let server: RunningServer | undefined;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageProblems: string[] = [];

before(async () => {
  ensureRendererBuilt(process.cwd());
  dataDir = tempDataDir('arbiter-e2e-prompts-');
  server = await startServer({ dataDir });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') pageProblems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => pageProblems.push(`uncaught: ${error.message}`));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const cards = () => page.getByTestId('message-card');
const versionRow = (number: number) => page.locator(`[data-testid="version-row"][data-version="${number}"]`);
const saveStatus = () => page.getByTestId('save-status');

async function openHistory(): Promise<void> {
  await page.getByRole('tab', { name: /History/ }).click();
}

async function versionNumbers(): Promise<number[]> {
  return (await page.getByTestId('version-row').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-version')))));
}

async function textOf(locator: Locator): Promise<string> {
  return (await texts(locator)).join('\n');
}

/** Monaco wraps long lines over several rows; compare text with whitespace runs as one space. */
const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A named step; on failure the page is saved as a screenshot next to the others. */
async function step(t: TestContext, name: string, fn: () => Promise<void> | void): Promise<void> {
  await t.test(name, async () => {
    try {
      await fn();
    } catch (error) {
      await screenshot(page, `failed-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => {});
      throw error;
    }
  });
}

test('a prompt is written, versioned, compared, restored and labelled, and survives a restart', async (t) => {
  await step(t, 'the app opens, and the prompt library is one click away', async () => {
    await page.goto(server!.url);
    await page.getByRole('navigation', { name: 'Screens' }).waitFor();
    assert.equal(new URL(page.url()).search, '', 'the token is not left in the address bar');
    // A new workspace opens on Home (its first steps); the library is in the navigation.
    await page.getByTestId('nav-prompts').click();
    await page.getByTestId('screen-prompts').waitFor();
    await page.getByTestId('prompts-empty').waitFor();
    const info = await textOf(page.getByTestId('workspace-info'));
    assert.match(info, /Headless/);
  });

  await step(t, 'a new prompt is written in Monaco with live variables and preview', async () => {
    await page.getByRole('button', { name: 'New prompt' }).click();
    await page.getByLabel('Prompt name').fill('Support reply');
    await eventually(async () => assert.equal(await cards().count(), 2));
    await replaceEditorText(page, cards().nth(0), systemText);
    await replaceEditorText(page, cards().nth(1), userTextV1);
    await eventually(async () => assert.equal(await editorText(cards().nth(0)), systemText));
    await eventually(async () => assert.equal(await editorText(cards().nth(1)), userTextV1));

    await eventually(async () => assert.deepEqual(await texts(page.getByTestId('variable').locator('label')), ['product', 'question']));
    await page.getByLabel('product', { exact: true }).fill('Arbiter');
    await page.getByLabel('question', { exact: true }).fill('How do I export my labels?');
    await eventually(async () =>
      assert.deepEqual(await texts(page.getByTestId('preview-message').locator('pre')), [
        'You are a support agent for Arbiter. Be brief and kind.',
        'Customer question: How do I export my labels?',
      ]),
    );
    await screenshot(page, 'prompts-new-light');

    await page.getByRole('button', { name: /Create prompt/ }).click();
    await page.getByTestId('prompt-workspace').waitFor();
    assert.equal(await textOf(page.getByTestId('prompt-title')), 'Support reply');
    assert.match(await textOf(page.getByTestId('save-state')), /Version 1/);
    assert.equal(await page.getByTestId('prompt-item').count(), 1);
  });

  await step(t, 'editing again and saving makes version 2; saving unchanged content makes nothing', async () => {
    await appendEditorText(page, cards().nth(1), `\n${orderLine}`);
    await eventually(async () => assert.match(await textOf(page.getByTestId('save-state')), /Unsaved changes/));
    await eventually(async () => assert.ok((await texts(page.getByTestId('variable').locator('label'))).includes('order_id')));
    await page.getByLabel('Version note').fill('Ask for the order number');
    await page.keyboard.press('ControlOrMeta+S');
    await eventually(async () => assert.match(await textOf(saveStatus()), /Saved as version 2/));
    await eventually(async () => assert.match(await textOf(page.getByTestId('save-state')), /Version 2/));
    assert.equal(await page.getByLabel('Version note').inputValue(), '');
    await screenshot(page, 'prompts-editor-light');

    await page.getByTestId('save-version').click();
    await eventually(async () => assert.match(await textOf(saveStatus()), /Nothing changed/));
  });

  await step(t, 'the history shows both versions and diffs them side by side', async () => {
    await openHistory();
    await eventually(async () => assert.deepEqual(await versionNumbers(), [2, 1]));
    assert.match(await textOf(versionRow(2)), /Ask for the order number/);
    await versionRow(1).getByTestId('version-select').check();
    await versionRow(2).getByTestId('version-select').check();
    await page.getByRole('button', { name: /Compare v1 ↔ v2/ }).click();

    const diff = page.getByTestId('diff-editor');
    await diff.locator('.monaco-diff-editor').waitFor();
    const original = diff.locator('.editor.original');
    const modified = diff.locator('.editor.modified');
    await eventually(async () => {
      const left = collapse(await editorText(original));
      const right = collapse(await editorText(modified));
      assert.match(left, /### system/);
      assert.ok(left.includes(userTextV1) && !left.includes(orderLine), `v1 side: ${left}`);
      assert.ok(right.includes(userTextV1) && right.includes(orderLine), `v2 side: ${right}`);
    });
    await eventually(async () => assert.ok((await diff.locator('.line-insert, .char-insert').count()) > 0, 'the added line is highlighted'));
    await screenshot(page, 'prompts-diff-light');
    await page.getByTestId('back-to-editor').click();
  });

  await step(t, 'restoring version 1 makes version 3 with version 1’s content', async () => {
    await versionRow(1).getByTestId('restore-version').click();
    await eventually(async () => assert.deepEqual(await versionNumbers(), [3, 2, 1]));
    await eventually(async () => assert.match(await textOf(saveStatus()), /Restored version 1 as version 3/));
    await eventually(async () => assert.equal(await editorText(cards().nth(1)), userTextV1));
    assert.equal(await editorText(cards().nth(0)), systemText);

    const head = await server!.call('prompts.get', { id: await page.getByTestId('prompt-workspace').getAttribute('data-prompt-id') });
    assert.deepEqual(head.body.value.head.template, {
      messages: [
        { role: 'system', content: systemText },
        { role: 'user', content: userTextV1 },
      ],
    });
  });

  await step(t, 'a label is added to the newest version', async () => {
    await versionRow(3).getByTestId('add-label').click();
    await versionRow(3).getByTestId('label-input').fill('production');
    await versionRow(3).getByTestId('label-input').press('Enter');
    await eventually(async () => assert.deepEqual(await texts(versionRow(3).getByTestId('label-chip')), ['production']));
    await eventually(async () => assert.ok((await texts(page.getByTestId('prompt-item').getByTestId('label-chip'))).includes('production')));
  });

  await step(t, 'an invalid template is marked inline with line and column, and cannot be saved', async () => {
    await appendEditorText(page, cards().nth(1), '\n{% if order_id %}Thanks for the order number.');
    const issue = page.getByTestId('template-issue').first();
    await issue.waitFor();
    assert.match(await textOf(issue), /^Message 2 \(user\), line \d+, column \d+: /);
    await eventually(async () => assert.ok((await cards().nth(1).locator('.squiggly-error').count()) > 0, 'Monaco shows the marker'));
    assert.equal(await page.getByTestId('save-version').isDisabled(), true);
    await page.getByRole('tab', { name: 'Preview' }).click();
    await screenshot(page, 'prompts-error-light');
  });

  await step(t, 'the dark theme applies to the app and Monaco, and is remembered', async () => {
    await page.getByTestId('theme-dark').click();
    await eventually(async () => assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark'));
    await eventually(async () => assert.ok((await page.locator('.monaco-editor.vs-dark').count()) > 0));
    await screenshot(page, 'prompts-error-dark');
    await page.getByTestId('discard-changes').click();
    await eventually(async () => assert.equal(await page.getByTestId('template-issue').count(), 0));
    await screenshot(page, 'prompts-editor-dark');
    await openHistory();
    await versionRow(1).getByTestId('version-select').check();
    await versionRow(2).getByTestId('version-select').check();
    await page.getByRole('button', { name: /Compare v1 ↔ v2/ }).click();
    await page.getByTestId('diff-editor').locator('.monaco-diff-editor').waitFor();
    await eventually(async () => assert.ok((await page.getByTestId('diff-editor').locator('.line-insert, .char-insert').count()) > 0));
    await screenshot(page, 'prompts-diff-dark');
    await page.getByTestId('back-to-editor').click();
  });

  await step(t, 'the page ran under the CSP without errors or warnings', () => {
    assert.deepEqual(pageProblems, []);
  });

  await step(t, 'after a server restart on the same workspace everything is still there', async () => {
    await server!.stop();
    server = await startServer({ dataDir });
    // The same browser, as a person would: it still holds the first server's session cookie
    // (cookies ignore ports), and the new address with its new token must still sign it in.
    await page.goto(server.url);
    assert.doesNotMatch(
      await page.locator('body').innerText(),
      /UNAUTHORIZED/,
      'the restarted server refused the ?token= it printed because the browser also sent the previous server’s cookie',
    );
    await page.getByTestId('screen-prompts').waitFor();
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
    await page.locator('[data-testid="prompt-item"][data-prompt-name="Support reply"]').click();
    await page.getByTestId('prompt-workspace').waitFor();
    assert.match(await textOf(page.getByTestId('save-state')), /Version 3/);
    await eventually(async () => assert.equal(await editorText(cards().nth(1)), userTextV1));
    await openHistory();
    await eventually(async () => assert.deepEqual(await versionNumbers(), [3, 2, 1]));
    assert.deepEqual(await texts(versionRow(3).getByTestId('label-chip')), ['production']);
    assert.match(await textOf(versionRow(2)), /Ask for the order number/);

    for (const query of ['production', 'brief and kind', 'SUPPORT']) {
      await page.getByTestId('prompt-search').fill(query);
      await eventually(async () => assert.equal(await page.getByTestId('prompt-item').count(), 1, `search “${query}”`));
    }
    await page.getByTestId('prompt-search').fill('no such prompt');
    await eventually(async () => assert.equal(await page.getByTestId('prompt-item').count(), 0));
    await screenshot(page, 'prompts-after-restart-dark');
  });
});
