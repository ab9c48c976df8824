import type { Locator, Page } from 'playwright-core';
import { normalize } from './browser.js';

/** Clicks into the Monaco editor inside `scope` and replaces its text by typing, as a person would. */
export async function replaceEditorText(page: Page, scope: Locator, text: string): Promise<void> {
  await clickEditor(scope);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

/** Types at the very end of the editor's text. */
export async function appendEditorText(page: Page, scope: Locator, text: string): Promise<void> {
  await clickEditor(scope);
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(text);
}

async function clickEditor(scope: Locator): Promise<void> {
  const lines = scope.locator('.monaco-editor .view-lines').first();
  await lines.waitFor();
  await lines.click();
}

/** What the editor shows, line by line (Monaco renders spaces as non-breaking ones). */
export async function editorText(scope: Locator): Promise<string> {
  const lines = await scope.locator('.view-lines .view-line').evaluateAll((nodes) =>
    nodes
      .map((node) => ({ top: parseFloat((node as unknown as { style: { top: string } }).style.top || '0'), text: node.textContent ?? '' }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text),
  );
  return lines.map((line) => normalize(line)).join('\n');
}
