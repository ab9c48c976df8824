/**
 * The URL to hand to the OS browser, or undefined. Only plain http(s) links: `file:`, custom
 * schemes and `javascript:` can launch local programs through the OS, and `user:pass@host`
 * hides the real host from the reader of the link.
 */
export function safeExternalUrl(raw: string): string | undefined {
  if (typeof raw !== 'string' || raw.length > 2048) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username !== '' || url.password !== '' || url.hostname === '') return undefined;
  return url.href;
}
