import type { Session, WebContents, WebPreferences } from 'electron';
import { isSameOrigin, originOf } from './app-origin.js';
import { safeExternalUrl } from './external-links.js';

/**
 * The one place that decides what a renderer may do. The page gets no Node, runs in Chromium's
 * sandbox and in its own JavaScript world; the preload is its only door to the backend.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  };
}

export interface NavigationPolicy {
  /** Where the renderer lives: app://arbiter, or the dev server's origin. */
  trustedOrigin: string;
  /** Opens a validated http(s) URL in the OS browser (shell.openExternal). */
  openExternal(url: string): void;
}

type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Keeps every web contents on our origin: a link or script must not turn the window (which
 * carries the preload's API) into a page from somewhere else, or open new windows.
 */
export function hardenWebContents(contents: HardenableContents, policy: NavigationPolicy): void {
  contents.on('will-navigate', (event) => {
    if (!isSameOrigin(event.url, policy.trustedOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isSameOrigin(event.url, policy.trustedOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links in rendered Markdown use target=_blank; they belong in the user's browser.
    const external = safeExternalUrl(url);
    if (external) policy.openExternal(external);
    return { action: 'deny' };
  });
}

// Monaco's Copy writes with navigator.clipboard; nothing else the app does needs a permission.
const grantedPermissions = new Set(['clipboard-sanitized-write']);

export function permissionGranted(permission: string, requestingUrl: string | undefined, trustedOrigin: string): boolean {
  return grantedPermissions.has(permission) && requestingUrl !== undefined && originOf(requestingUrl) === originOf(trustedOrigin);
}

type HardenableSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};

/** Denies permission prompts and puts our CSP on every response the session receives. */
export function hardenSession(session: HardenableSession, options: { trustedOrigin: string; contentSecurityPolicy: string }): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permissionGranted(permission, details.requestingUrl, options.trustedOrigin));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    permissionGranted(permission, requestingOrigin, options.trustedOrigin),
  );
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, options.contentSecurityPolicy) });
  });
}

/** The headers with ours as the only CSP (a server's own policy, in any letter case, is replaced). */
export function withContentSecurityPolicy(headers: Record<string, string[]> | undefined, policy: string): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}

/**
 * The policy for the Vite dev server: the same, plus inline scripts, because the React refresh
 * preamble Vite injects in development is one.
 */
export function devContentSecurityPolicy(policy: string): string {
  return policy.replace(/(^|; )script-src ([^;]*)/, (_match, lead: string, sources: string) => `${lead}script-src ${sources} 'unsafe-inline'`);
}
