import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appOrigin } from '../../../electron/main/app-origin.js';
import { safeExternalUrl } from '../../../electron/main/external-links.js';
import {
  devContentSecurityPolicy,
  hardenSession,
  hardenWebContents,
  permissionGranted,
  secureWebPreferences,
  withContentSecurityPolicy,
} from '../../../electron/main/window-security.js';
import { contentSecurityPolicy } from '../../../electron/services/security/content-security-policy.js';

type Listener = (event: { url: string; preventDefault(): void }) => void;

/** A stand-in for WebContents that records the hooks hardenWebContents installs. */
function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on: (name: string, listener: Listener) => {
      listeners.set(name, listener);
      return contents;
    },
    setWindowOpenHandler: (handler: typeof openHandler) => void (openHandler = handler),
  };
  /** Fires an event the way Electron does; true when the listener prevented it. */
  const fire = (name: string, url: string) => {
    let prevented = false;
    const listener = listeners.get(name);
    assert.ok(listener, `no ${name} listener`);
    listener({ url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('window security', () => {
  it('the window options keep the page sandboxed, isolated and without Node', () => {
    const options = secureWebPreferences('/app/dist-electron/preload.cjs');
    assert.equal(options.sandbox, true);
    assert.equal(options.contextIsolation, true);
    assert.equal(options.nodeIntegration, false);
    assert.equal(options.nodeIntegrationInWorker, false);
    assert.equal(options.nodeIntegrationInSubFrames, false);
    assert.equal(options.webSecurity, true);
    assert.equal(options.webviewTag, false);
    assert.equal(options.allowRunningInsecureContent, false);
    assert.equal(options.preload, '/app/dist-electron/preload.cjs');
  });

  it('navigation to another origin is prevented; our own origin is allowed', () => {
    const { contents, fire } = fakeContents();
    hardenWebContents(contents as never, { trustedOrigin: appOrigin, openExternal: () => assert.fail('navigation must not open anything') });
    assert.equal(fire('will-navigate', 'https://evil.example/'), true);
    assert.equal(fire('will-navigate', 'file:///etc/passwd'), true);
    assert.equal(fire('will-navigate', 'app://other/index.html'), true);
    assert.equal(fire('will-navigate', 'not a url'), true);
    assert.equal(fire('will-redirect', 'https://evil.example/'), true);
    assert.equal(fire('will-navigate', `${appOrigin}/index.html#/prompts`), false);
    assert.equal(fire('will-attach-webview', `${appOrigin}/index.html`), true);
  });

  it('the dev server origin is trusted only in dev mode', () => {
    const { contents, fire } = fakeContents();
    hardenWebContents(contents as never, { trustedOrigin: 'http://localhost:5173', openExternal: () => {} });
    assert.equal(fire('will-navigate', 'http://localhost:5173/'), false);
    assert.equal(fire('will-navigate', 'http://localhost:5174/'), true);
    assert.equal(fire('will-navigate', `${appOrigin}/index.html`), true);
  });

  it('new windows are always denied; only plain http(s) links go to the OS browser', () => {
    const opened: string[] = [];
    const { contents, open } = fakeContents();
    hardenWebContents(contents as never, { trustedOrigin: appOrigin, openExternal: (url) => opened.push(url) });
    for (const url of ['https://example.com/docs?q=1', 'http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', `${appOrigin}/index.html`, 'https://user:pw@example.com/']) {
      assert.deepEqual(open(url), { action: 'deny' }, url);
    }
    assert.deepEqual(opened, ['https://example.com/docs?q=1', 'http://example.com/']);
  });

  it('validates external URLs', () => {
    assert.equal(safeExternalUrl('https://example.com'), 'https://example.com/');
    assert.equal(safeExternalUrl('HTTPS://Example.COM/a b'), 'https://example.com/a%20b');
    assert.equal(safeExternalUrl('mailto:a@example.com'), undefined);
    assert.equal(safeExternalUrl('https://'), undefined);
    assert.equal(safeExternalUrl(`https://example.com/${'a'.repeat(3000)}`), undefined);
  });

  it('denies permission requests and checks (the clipboard write Monaco needs, from our page only)', () => {
    let requestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void) | undefined;
    let checkHandler: ((contents: unknown, permission: string, origin: string) => boolean) | undefined;
    let headersHandler: ((details: { responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void) | undefined;
    hardenSession(
      {
        setPermissionRequestHandler: (handler: typeof requestHandler) => void (requestHandler = handler),
        setPermissionCheckHandler: (handler: typeof checkHandler) => void (checkHandler = handler),
        webRequest: { onHeadersReceived: (handler: typeof headersHandler) => void (headersHandler = handler) },
      } as never,
      { trustedOrigin: appOrigin, contentSecurityPolicy },
    );
    const request = (permission: string, requestingUrl: string) => {
      let answer: boolean | undefined;
      requestHandler!(null, permission, (granted) => (answer = granted), { requestingUrl });
      return answer;
    };
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen']) {
      assert.equal(request(permission, `${appOrigin}/index.html`), false, permission);
      assert.equal(checkHandler!(null, permission, appOrigin), false, permission);
    }
    assert.equal(request('clipboard-sanitized-write', `${appOrigin}/index.html`), true);
    assert.equal(request('clipboard-sanitized-write', 'https://evil.example/'), false);
    assert.equal(permissionGranted('clipboard-sanitized-write', undefined, appOrigin), false);

    let headers: Record<string, string[]> | undefined;
    headersHandler!({ responseHeaders: { 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] } }, (response) => (headers = response.responseHeaders));
    assert.deepEqual(headers, { 'Content-Type': ['text/html'], 'Content-Security-Policy': [contentSecurityPolicy] });
  });

  it('the CSP is strict, and the dev variant only adds inline scripts for Vite', () => {
    assert.match(contentSecurityPolicy, /script-src 'self'(;|$)/);
    assert.match(contentSecurityPolicy, /object-src 'none'/);
    assert.doesNotMatch(contentSecurityPolicy, /unsafe-eval/);
    const dev = devContentSecurityPolicy(contentSecurityPolicy);
    assert.match(dev, /script-src 'self' 'unsafe-inline'(;|$)/);
    assert.equal(dev.replace("script-src 'self' 'unsafe-inline'", "script-src 'self'"), contentSecurityPolicy);
    assert.deepEqual(withContentSecurityPolicy(undefined, 'x'), { 'Content-Security-Policy': ['x'] });
  });
});
