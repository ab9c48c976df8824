import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Cookies are shared by every port of a host, so each server names its own. */
export function tokenCookieName(port: number): string {
  return `arbiter_token_${port}`;
}

export function createAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Every token the request presents: `Authorization: Bearer`, `?token=` (the printed URL) and the
 * session cookie. Any one that matches is enough, so a stale cookie from an earlier server on
 * the same port never shadows the fresh URL a person just opened.
 */
export function presentedTokens(request: IncomingMessage, url: URL, port: number): string[] {
  const tokens: string[] = [];
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) tokens.push(header.slice('Bearer '.length).trim());
  const query = url.searchParams.get('token');
  if (query) tokens.push(query);
  const cookie = readCookie(request.headers.cookie, tokenCookieName(port));
  if (cookie) tokens.push(cookie);
  return tokens;
}

export function anyTokenMatches(expected: string, presented: readonly string[]): boolean {
  const a = Buffer.from(expected);
  return presented.some((token) => {
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  });
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}
