import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../../e2e/support/browser.js';
import { startXvfb, xvfbInstalled } from './xvfb.js';

// The virtual display the desktop app test opens its window on, checked here with a headful
// Chromium so the harness is proven even where Electron's binary is not installed.
const skip = process.platform !== 'linux' || !xvfbInstalled() ? 'needs Linux with Xvfb (apt-get install xvfb)' : !existsSync(chromiumPath) ? `needs Chromium at ${chromiumPath}` : false;

describe('Xvfb, for the desktop app test', { skip }, () => {
  it('starts a display on which a window opens, and stops it', async () => {
    const display = await startXvfb({ width: 1280, height: 800 });
    const saved = process.env.DISPLAY;
    process.env.DISPLAY = display.display;
    try {
      // Not headless: Chromium needs the X server to draw its window.
      const browser = await chromium.launch({ executablePath: chromiumPath, headless: false, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
      try {
        // No emulated viewport: the page reports the X screen's real size.
        const page = await browser.newPage({ viewport: null });
        await page.setContent('<title>on Xvfb</title><p>drawn</p>');
        assert.equal(await page.evaluate('window.screen.width'), 1280);
        assert.equal(await page.evaluate('window.screen.height'), 800);
      } finally {
        await browser.close();
      }
    } finally {
      if (saved === undefined) delete process.env.DISPLAY;
      else process.env.DISPLAY = saved;
      await display.stop();
    }
  });
});
