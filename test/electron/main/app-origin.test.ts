import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appEntryUrl, appOrigin, isSameOrigin, originOf, rendererLocation } from '../../../electron/main/app-origin.js';

describe('app origin', () => {
  it('computes origins for app:// too (which Node reports as "null")', () => {
    assert.equal(new URL(appEntryUrl).origin, 'null');
    assert.equal(originOf(appEntryUrl), 'app://arbiter');
    assert.equal(originOf('http://localhost:5173/src/main.tsx'), 'http://localhost:5173');
    assert.equal(originOf('about:blank'), undefined);
    assert.equal(originOf('garbage'), undefined);
    assert.ok(isSameOrigin('app://arbiter/assets/x.js', appOrigin));
    assert.ok(!isSameOrigin('app://arbiter.evil/x', appOrigin));
    assert.ok(!isSameOrigin('app://arbiter:8080/x', appOrigin));
  });

  it('loads app:// unless a local dev server is named', () => {
    assert.deepEqual(rendererLocation({}), { url: appEntryUrl, origin: appOrigin, dev: false });
    assert.deepEqual(rendererLocation({ ARBITER_DEV_SERVER_URL: 'http://127.0.0.1:5173' }), {
      url: 'http://127.0.0.1:5173/',
      origin: 'http://127.0.0.1:5173',
      dev: true,
    });
    assert.throws(() => rendererLocation({ ARBITER_DEV_SERVER_URL: 'https://example.com' }), /127\.0\.0\.1 or localhost/);
    assert.throws(() => rendererLocation({ ARBITER_DEV_SERVER_URL: 'file:///tmp/index.html' }), /127\.0\.0\.1 or localhost/);
    assert.throws(() => rendererLocation({ ARBITER_DEV_SERVER_URL: 'localhost:5173' }), /http\(s\)/);
  });
});
