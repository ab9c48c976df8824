import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { startServer, tempDataDir, type RunningServer } from '../support/start-server.js';
import { eventually, launchChromium, screenshot, texts } from './support/browser.js';
import { ensureRendererBuilt } from './support/renderer-build.js';

// A support lead brings an evaluation set into Arbiter: a CSV exported from the ticket system,
// checked in the preview, its columns mapped (one renamed, one left out, the agent's reply as the
// reference answer), then browsed; a broken export is refused with the line that is wrong; a few
// rows are typed by hand; a pasted update becomes version 2. In Chromium against `arbiter serve`.

const topics = ['billing', 'login', 'export', 'privacy', 'api'];
const rowCount = 250;

function ticketsCsv(): string {
  const lines = ['ticket_id,Customer Question,topic,agent_reply,kb_article'];
  for (let i = 1; i <= rowCount; i++) {
    const topic = topics[i % topics.length]!;
    const question = i === 1 ? '"How do I export my labels, and can I choose the format?"' : i === 2 ? '"My invoice says ""pending"" — is that a problem?"' : `Question ${i} about ${topic}`;
    const reply = i === 1 ? '"Open Export, pick TRL or JSONL, then press Download."' : i === 2 ? 'No: pending means the card has not been charged yet.' : `Reply ${i}`;
    const article = i === 1 ? '"Exports live under Ship → Export.\nEvery export writes a manifest with counts and a sha256."' : i % 3 === 0 ? '' : `KB-${100 + (i % 40)}`;
    lines.push(`T-${String(i).padStart(4, '0')},${question},${topic},${reply},${article}`);
  }
  return `${lines.join('\n')}\n`;
}

let dir: string;
let csvPath: string;
let brokenPath: string;
let server: RunningServer | undefined;
let browser: Browser;
let page: Page;
const pageProblems: string[] = [];
const refusals: string[] = [];

before(async () => {
  ensureRendererBuilt(process.cwd());
  dir = mkdtempSync(join(tmpdir(), 'arbiter-e2e-dataset-files-'));
  csvPath = join(dir, 'support-tickets.csv');
  writeFileSync(csvPath, ticketsCsv());
  brokenPath = join(dir, 'tickets-broken.csv');
  writeFileSync(brokenPath, 'ticket_id,question,reply\nT-1,Hello?,Hi\nT-2,Where is my order?,On its way\nT-3,Refund?,Yes, within 30 days\n');
  server = await startServer({ dataDir: tempDataDir('arbiter-e2e-datasets-') });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.on('console', (message) => {
    // Chromium logs every non-2xx answer; the refusals this test provokes on purpose are checked below.
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) return;
    if (message.type() === 'error' || message.type() === 'warning') pageProblems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) refusals.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  page.on('pageerror', (error) => pageProblems.push(`uncaught: ${error.message}`));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function textOf(locator: Locator): Promise<string> {
  return (await texts(locator)).join('\n');
}

const column = (name: string) => page.locator(`[data-testid="mapping-column"][data-column="${name}"]`);
const tableRows = () => page.getByTestId('dataset-row');

async function step(t: TestContext, name: string, fn: () => Promise<void> | void): Promise<void> {
  await t.test(name, async () => {
    try {
      await fn();
    } catch (error) {
      await screenshot(page, `failed-datasets-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => {});
      throw error;
    }
  });
}

test('a dataset is imported with a preview and a mapping, browsed, typed by hand and versioned', async (t) => {
  await step(t, 'the Datasets screen opens empty and says what a dataset is', async () => {
    await page.goto(server!.url);
    await page.getByTestId('theme-light').click();
    await page.getByTestId('nav-datasets').click();
    await page.getByTestId('datasets-empty').waitFor();
    assert.match(await textOf(page.getByTestId('datasets-empty')), /Import a CSV, TSV, JSONL, JSON or Parquet file/);
    await screenshot(page, 'datasets-empty-light');
  });

  await step(t, 'a CSV path is previewed: columns with their types, the first rows, the row count', async () => {
    await page.getByTestId('import-dataset').click();
    await page.getByTestId('source-path').fill(csvPath);
    assert.equal(await page.getByTestId('source-format').locator('option:checked').textContent(), 'Auto · CSV');
    await page.getByTestId('source-path').press('Enter');
    await page.getByTestId('mapping-grid').waitFor();
    assert.equal(await textOf(page.getByTestId('preview-summary')), '250 rows · 5 columns · CSV');
    assert.equal(await page.getByTestId('preview-row').count(), 20);
    assert.equal(await page.getByTestId('dataset-name').inputValue(), 'support-tickets', 'named after the file');
    assert.deepEqual(
      await page.getByTestId('mapping-column').evaluateAll((heads) => heads.map((head) => head.getAttribute('data-column'))),
      ['ticket_id', 'Customer Question', 'topic', 'agent_reply', 'kb_article'],
    );
    // A column name that can't be a variable gets a usable one to start from.
    assert.equal(await page.getByLabel('Variable name for column Customer Question').inputValue(), 'customer_question');
    const firstRow = await texts(page.getByTestId('preview-row').first().locator('td'));
    assert.equal(firstRow[1], 'How do I export my labels, and can I choose the format?');
    assert.equal(await textOf(page.getByTestId('preview-row').nth(1).locator('td').nth(1)), 'My invoice says "pending" — is that a problem?');
  });

  await step(t, 'columns are mapped: one renamed, one excluded, the reply as reference, the article as context', async () => {
    await page.getByLabel('Variable name for column Customer Question').fill('question');
    await page.getByLabel('Use of column ticket_id').selectOption('exclude');
    await page.getByLabel('Use of column agent_reply').selectOption('reference');
    await page.getByLabel('Use of column kb_article').selectOption('context');
    await eventually(async () =>
      assert.equal(await textOf(page.getByTestId('mapping-summary')), 'Each row fills\nquestion\ntopic\n·\nreference\nfrom agent_reply\n·\ncontext\nfrom kb_article'),
    );
    // A bad variable name is said next to its column, and Import waits for it.
    await page.getByLabel('Variable name for column topic').fill('2topic');
    await eventually(async () => assert.match(await textOf(column('topic')), /Letters, digits and _/));
    assert.equal(await page.getByTestId('import-rows').isDisabled(), true);
    await page.getByLabel('Variable name for column topic').fill('topic');
    await page.getByTestId('dataset-name').fill('Support tickets');
    assert.equal(await textOf(page.getByTestId('import-rows')), 'Import 250 rows');
    await screenshot(page, 'datasets-import-preview-light');
  });

  await step(t, 'Import lands every row, and the dataset opens on its rows', async () => {
    await page.getByTestId('import-rows').click();
    await page.getByTestId('dataset-workspace').waitFor();
    assert.equal(await textOf(page.getByTestId('dataset-title')), 'Support tickets');
    const facts = await textOf(page.getByTestId('version-facts'));
    assert.match(facts, /^250 rows/);
    assert.match(facts, /question\ntopic\nreference\ncontext/);
    assert.ok(facts.includes('support-tickets.csv'), 'the source file is recorded');
    assert.equal(await page.getByTestId('version-source').getAttribute('title'), csvPath);
    assert.deepEqual(await texts(page.getByTestId('rows-table').locator('thead th')), ['#', 'question', 'topic', 'reference', 'context']);
    await eventually(async () => assert.equal(await textOf(page.getByTestId('rows-range')), 'Rows 1–100 of 250'));
    assert.equal(await tableRows().count(), 100);
    await eventually(async () => assert.equal(await page.getByTestId('dataset-item').count(), 1));
    assert.match(await textOf(page.getByTestId('dataset-item')), /Support tickets\nv1\n·\n250 rows/);
  });

  await step(t, 'rows are browsed: a row read in full, the keyboard moves the selection, pages turn', async () => {
    await tableRows().first().click();
    const detail = page.getByTestId('row-detail');
    await detail.waitFor();
    const fields = await textOf(detail);
    assert.match(fields, /^Row 1\nof 250/);
    assert.ok(fields.includes('Exports live under Ship → Export.\nEvery export writes a manifest with counts and a sha256.'), fields);
    assert.ok(fields.includes('Open Export, pick TRL or JSONL, then press Download.'));
    await screenshot(page, 'datasets-rows-light');
    await page.keyboard.press('ArrowDown');
    await eventually(async () => assert.match(await textOf(detail), /^Row 2\n/));
    assert.equal(await tableRows().nth(1).getAttribute('aria-selected'), 'true');

    await page.getByTestId('rows-next').click();
    await eventually(async () => assert.equal(await textOf(page.getByTestId('rows-range')), 'Rows 101–200 of 250'));
    assert.equal(await textOf(tableRows().first().locator('td').first()), '101');
    await page.getByTestId('rows-next').click();
    await eventually(async () => assert.equal(await textOf(page.getByTestId('rows-range')), 'Rows 201–250 of 250'));
    assert.equal(await tableRows().count(), 50);
    assert.equal(await page.getByTestId('rows-next').isDisabled(), true);
    await page.getByTestId('rows-previous').click();
    await eventually(async () => assert.equal(await textOf(page.getByTestId('rows-range')), 'Rows 101–200 of 250'));
  });

  await step(t, 'a broken export is refused in the preview with its line and problem, and nothing is imported', async () => {
    await page.getByTestId('import-dataset').click();
    await page.getByTestId('source-path').fill(brokenPath);
    await page.getByTestId('preview-source').click();
    const problem = page.getByTestId('preview-error');
    await problem.waitFor();
    assert.equal(
      await textOf(problem),
      "This can't be imported. Line 4 of tickets-broken.csv: expected 3 columns, found 4. A value with a comma in it needs double quotes around it.",
    );
    assert.equal(await page.getByTestId('import-rows').isDisabled(), true);
    await screenshot(page, 'datasets-import-error-light');

    await page.getByTestId('source-path').fill(join(dir, 'no-such-file.csv'));
    await page.getByTestId('preview-source').click();
    await eventually(async () => assert.match(await textOf(problem), /There is no file at .*no-such-file\.csv\./));
    assert.equal(await page.getByTestId('dataset-item').count(), 1);
  });

  await step(t, 'a few rows are typed by hand and become a dataset', async () => {
    await page.getByTestId('quick-add-dataset').click();
    await page.getByTestId('quick-add-panel').waitFor();
    await page.getByTestId('quick-add-name').fill('Refund policy checks');
    await page.getByLabel('Row 1, question').fill('Can I get a refund after 30 days?');
    await page.getByLabel('Row 1, answer').fill('No, refunds are possible within 30 days.');
    await page.getByLabel('Row 2, question').fill('Do you refund\nannual plans?');
    await page.getByLabel('Row 2, answer').fill('Yes, pro rata.');
    await page.getByTestId('quick-add-column').click();
    await page.getByLabel('Column 3 name').fill('tone');
    await page.getByLabel('Row 1, tone').fill('formal');
    await page.getByLabel('Row 2, tone').fill('friendly');
    assert.equal(await textOf(page.getByTestId('quick-add-create')), 'Create dataset · 2 rows');
    await screenshot(page, 'datasets-quick-add-light');
    await page.getByTestId('quick-add-create').click();

    await page.getByTestId('dataset-workspace').waitFor();
    assert.equal(await textOf(page.getByTestId('dataset-title')), 'Refund policy checks');
    assert.match(await textOf(page.getByTestId('version-facts')), /^2 rows\n·\nquestion\ntone\nreference\n·\nTyped in the app/);
    await eventually(async () => assert.equal(await tableRows().count(), 2));
    assert.deepEqual(await texts(tableRows().nth(1).locator('td')), ['2', 'Do you refund\nannual plans?', 'friendly', 'Yes, pro rata.']);
    await eventually(async () => assert.equal(await page.getByTestId('dataset-item').count(), 2));
  });

  await step(t, 'pasted rows become version 2; version 1 is kept as it was', async () => {
    await page.locator('[data-testid="dataset-item"][data-dataset-name="Refund policy checks"]').click();
    await page.getByTestId('import-version').click();
    await page.getByTestId('source-paste').click();
    await page.getByTestId('source-text').fill(
      'question\tanswer\ttone\nCan I get a refund after 30 days?\tNo, refunds are possible within 30 days.\tformal\nWhat about monthly plans?\tThe current month is refunded.\tfriendly\nAnd taxes?\tTaxes are refunded too.\tformal\n',
    );
    await eventually(async () => assert.equal(await textOf(page.getByTestId('preview-summary')), '3 rows · 3 columns · TSV'));
    // The answer column is recognised as the reference; tone stays a variable.
    assert.equal(await page.getByLabel('Use of column answer').inputValue(), 'reference');
    assert.equal(await page.getByLabel('Use of column tone').inputValue(), 'variable');
    assert.match(await textOf(page.locator('.ds-header')), /New version of Refund policy checks\nBecomes version 2/);
    await page.getByTestId('import-rows').click();

    await page.getByTestId('dataset-workspace').waitFor();
    await eventually(async () => assert.equal(await page.getByTestId('version-picker').inputValue(), '2'));
    assert.match(await textOf(page.getByTestId('version-facts')), /^3 rows.*Pasted TSV/s);
    await page.getByTestId('tab-versions').click();
    assert.deepEqual(await page.getByTestId('version-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-version'))), ['2', '1']);
    await screenshot(page, 'datasets-versions-light');

    await page.getByTestId('version-picker').selectOption('1');
    await eventually(async () => assert.equal(await tableRows().count(), 2));
    assert.equal(await textOf(tableRows().nth(1).locator('td').nth(1)), 'Do you refund\nannual plans?');
  });

  await step(t, 'a new version of a file import starts from the same path', async () => {
    await page.locator('[data-testid="dataset-item"][data-dataset-name="Support tickets"]').click();
    await page.getByTestId('import-version').click();
    await eventually(async () => assert.equal(await page.getByTestId('source-path').inputValue(), csvPath));
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('dataset-workspace').waitFor();
  });

  await step(t, 'the dark theme', async () => {
    await page.getByTestId('theme-dark').click();
    await eventually(async () => assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark'));
    await page.locator('[data-testid="dataset-item"][data-dataset-name="Support tickets"]').click();
    await eventually(async () => assert.equal(await textOf(page.getByTestId('dataset-title')), 'Support tickets'));
    await tableRows().first().click();
    await page.getByTestId('row-detail').waitFor();
    await screenshot(page, 'datasets-rows-dark');

    await page.getByTestId('import-dataset').click();
    await page.getByTestId('source-path').fill(csvPath);
    await page.getByTestId('source-path').press('Enter');
    await page.getByTestId('mapping-grid').waitFor();
    await page.getByLabel('Use of column ticket_id').selectOption('exclude');
    await screenshot(page, 'datasets-import-preview-dark');
    await page.getByTestId('source-path').fill(brokenPath);
    await page.getByTestId('preview-source').click();
    await page.getByTestId('preview-error').waitFor();
    await screenshot(page, 'datasets-import-error-dark');

    await page.getByTestId('quick-add-dataset').click();
    await page.getByLabel('Row 1, question').fill('What is the capital of France?');
    await page.getByLabel('Row 1, answer').fill('Paris');
    await screenshot(page, 'datasets-quick-add-dark');
    await page.getByTestId('theme-light').click();
  });

  await step(t, 'the page logged no errors or warnings; the only refused calls were the previews of bad files', () => {
    assert.deepEqual(pageProblems, []);
    assert.deepEqual(refusals, ['400 /api/datasets.preview', '404 /api/datasets.preview', '400 /api/datasets.preview']);
  });
});
