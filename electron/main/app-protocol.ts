import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { CustomScheme } from 'electron';
import { appHost, appScheme } from './app-origin.js';
import { mimeTypeFor } from './mime-types.js';

/**
 * Must be registered before `app` is ready. `standard` gives app:// a real origin (so the CSP's
 * 'self', localStorage and module workers work), `secure` makes it a secure context, and
 * `supportFetchAPI` lets the page fetch its own assets. `corsEnabled` is what Chromium checks
 * before loading module scripts and workers from a non-http scheme; `codeCache` speeds up restarts.
 */
export const privilegedAppScheme: CustomScheme = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
};

export interface AppProtocolOptions {
  /** The built renderer (vite's outDir). */
  rootDir: string;
  contentSecurityPolicy: string;
}

/** Only what `protocol.handle` passes that we read, so tests can call the handler without Electron. */
export type AppRequest = Pick<Request, 'url' | 'method'>;

/** Serves the built renderer over app://arbiter/, never anything outside `rootDir`. */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: AppRequest) => Promise<Response> {
  const root = resolve(options.rootDir);
  const baseHeaders = {
    'Content-Security-Policy': options.contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
  const plain = (status: number, text: string) =>
    new Response(text, { status, headers: { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8' } });

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed.');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(400, 'Bad URL.');
    }
    if (url.protocol !== `${appScheme}:` || url.host.toLowerCase() !== appHost) return plain(404, 'Not found.');
    let file = resolveInside(root, url.pathname);
    if (!file) return plain(403, 'Forbidden.');
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      const headers = { ...baseHeaders, 'Content-Type': mimeTypeFor(file), 'Content-Length': String(body.byteLength) };
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return plain(404, 'Not found.');
      return plain(500, 'Could not read the file.');
    }
  };
}

/**
 * The file a URL path names inside `root`, or undefined when it would leave it. The URL parser
 * already folds literal `../`, but percent-encoded ones (`%2e%2e%2f`, `..%5c` on Windows) only
 * appear after decoding, so the check runs on the decoded, resolved path.
 */
export function resolveInside(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const target = resolve(root, `.${sep}${decoded}`);
  const rel = relative(root, target);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return target;
}
