import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAppProtocolHandler, privilegedAppScheme, resolveInside } from '../../../electron/main/app-protocol.js';
import { contentSecurityPolicy } from '../../../electron/services/security/content-security-policy.js';

describe('app:// protocol', () => {
  let base: string;
  let root: string;
  let handle: ReturnType<typeof createAppProtocolHandler>;
  const get = (url: string, method = 'GET') => handle({ url, method });

  before(() => {
    // A secret beside the renderer folder: what a traversal would try to read.
    base = mkdtempSync(join(tmpdir(), 'arbiter-protocol-'));
    root = join(base, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Arbiter</title>');
    writeFileSync(join(root, 'assets', 'index-abc.js'), 'export const x = 1;');
    writeFileSync(join(root, 'assets', 'style.css'), 'body{}');
    writeFileSync(join(root, 'assets', 'font.woff2'), 'w');
    writeFileSync(join(root, 'assets', 'editor.worker.js'), 'self.onmessage = () => {};');
    writeFileSync(join(base, 'secret.txt'), 'the workspace key');
    handle = createAppProtocolHandler({ rootDir: root, contentSecurityPolicy });
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('is registered as standard, secure and fetch-capable', () => {
    assert.equal(privilegedAppScheme.scheme, 'app');
    assert.equal(privilegedAppScheme.privileges?.standard, true);
    assert.equal(privilegedAppScheme.privileges?.secure, true);
    assert.equal(privilegedAppScheme.privileges?.supportFetchAPI, true);
    assert.notEqual(privilegedAppScheme.privileges?.bypassCSP, true);
  });

  it('serves the renderer with the right MIME types and the CSP header', async () => {
    const cases: [string, string][] = [
      ['app://arbiter/index.html', 'text/html; charset=utf-8'],
      ['app://arbiter/', 'text/html; charset=utf-8'],
      ['app://arbiter/assets/index-abc.js', 'text/javascript; charset=utf-8'],
      ['app://arbiter/assets/editor.worker.js?worker_file&type=module', 'text/javascript; charset=utf-8'],
      ['app://arbiter/assets/style.css', 'text/css; charset=utf-8'],
      ['app://arbiter/assets/font.woff2', 'font/woff2'],
    ];
    for (const [url, type] of cases) {
      const response = await get(url);
      assert.equal(response.status, 200, url);
      assert.equal(response.headers.get('content-type'), type, url);
      assert.equal(response.headers.get('content-security-policy'), contentSecurityPolicy, url);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', url);
    }
    assert.equal(await (await get('app://arbiter/index.html')).text(), '<!doctype html><title>Arbiter</title>');
    const head = await get('app://arbiter/index.html', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });

  it('refuses ../ traversal in every spelling', async () => {
    for (const url of [
      'app://arbiter/%2e%2e/secret.txt',
      'app://arbiter/..%2fsecret.txt',
      'app://arbiter/assets/..%2f..%2fsecret.txt',
      'app://arbiter/%2E%2E%2Fsecret.txt',
      'app://arbiter/..%5csecret.txt',
      'app://arbiter/%252e%252e/secret.txt',
      'app://arbiter/%00/index.html',
      'app://arbiter/%E0%A4%A',
    ]) {
      const response = await get(url);
      assert.ok(response.status === 403 || response.status === 404 || response.status === 400, `${url}: ${response.status}`);
      assert.doesNotMatch(await response.text(), /workspace key/, url);
    }
    // Literal ../ never even reaches the handler's file system: the URL parser folds it first.
    assert.equal((await get('app://arbiter/../secret.txt')).status, 404);
    assert.equal(resolveInside(root, '/../secret.txt'), undefined);
    assert.equal(resolveInside(root, '/%2e%2e/secret.txt'), undefined);
    assert.equal(resolveInside(root, '/assets/../index.html'), join(root, 'index.html'));
  });

  it('answers 404 for missing files and other hosts, 405 for writes', async () => {
    assert.equal((await get('app://arbiter/missing.js')).status, 404);
    assert.equal((await get('app://other/index.html')).status, 404);
    assert.equal((await get('app://arbiter/index.html', 'POST')).status, 405);
  });
});
