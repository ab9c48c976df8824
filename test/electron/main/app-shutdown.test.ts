import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { closeBeforeQuit } from '../../../electron/main/app-shutdown.js';
import { silentLogger } from '../../../electron/services/logger.js';

/** An app that quits the way Electron does: will-quit first, which a listener may hold back. */
function fakeApp() {
  const app = Object.assign(new EventEmitter(), {
    exits: [] as number[],
    exit: (code = 0) => void app.exits.push(code),
    quit: () => {
      let prevented = false;
      app.emit('will-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) app.exit(0);
    },
  });
  return app;
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe('shutdown', () => {
  it('holds the quit until cleanup has finished, once, however often quit is asked for', async () => {
    const app = fakeApp();
    let cleanups = 0;
    let finish: () => void = () => {};
    closeBeforeQuit(app as never, () => {
      cleanups++;
      return new Promise<void>((resolve) => (finish = resolve));
    }, silentLogger);
    app.quit();
    app.quit();
    await tick();
    assert.deepEqual(app.exits, [], 'still closing');
    finish();
    await tick();
    assert.equal(cleanups, 1);
    assert.deepEqual(app.exits, [0]);
  });

  it('quits anyway when cleanup fails or hangs', async () => {
    const failing = fakeApp();
    closeBeforeQuit(failing as never, () => Promise.reject(new Error('disk gone')), silentLogger);
    failing.quit();
    await tick();
    assert.deepEqual(failing.exits, [0]);

    const hanging = fakeApp();
    closeBeforeQuit(hanging as never, () => new Promise<void>(() => {}), silentLogger, 30);
    hanging.quit();
    await tick(80);
    assert.deepEqual(hanging.exits, [0]);
  });
});
