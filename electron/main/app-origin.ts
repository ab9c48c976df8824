/** The renderer's home: a privileged custom scheme, so it gets a real origin that file:// never has. */
export const appScheme = 'app';
export const appHost = 'arbiter';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

/**
 * `scheme://host[:port]` of a URL, or undefined. Computed by hand because Node's URL reports
 * `"null"` as the origin of any non-special scheme such as app://, while Chromium (where the
 * scheme is registered as standard) reports `app://arbiter`.
 */
export function originOf(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.host === '') return undefined;
  return `${parsed.protocol}//${parsed.host}`.toLowerCase();
}

export function isSameOrigin(url: string, origin: string): boolean {
  return originOf(url) === origin.toLowerCase();
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Where the renderer comes from: the built files over app://, or in development the Vite dev
 * server named by ARBITER_DEV_SERVER_URL. The dev server must be on this machine, because the
 * page it serves gets the whole API through the preload.
 */
export function rendererLocation(env: NodeJS.ProcessEnv): { url: string; origin: string; dev: boolean } {
  const devUrl = env.ARBITER_DEV_SERVER_URL?.trim();
  if (!devUrl) return { url: appEntryUrl, origin: appOrigin, dev: false };
  let parsed: URL;
  try {
    parsed = new URL(devUrl);
  } catch {
    throw new Error(`ARBITER_DEV_SERVER_URL is not a URL: “${devUrl}”.`);
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !loopbackHosts.has(parsed.hostname)) {
    throw new Error(`ARBITER_DEV_SERVER_URL must be an http(s) address on 127.0.0.1 or localhost, not “${devUrl}”.`);
  }
  return { url: parsed.href, origin: `${parsed.protocol}//${parsed.host}`, dev: true };
}
