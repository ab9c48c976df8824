import type { IncomingMessage } from 'node:http';

/**
 * Refuses requests whose Host is not this server (DNS rebinding) and cross-origin writes
 * (another local page posting to us with the cookie attached).
 */
export function hostAllowed(request: IncomingMessage, allowedHosts: ReadonlySet<string>): boolean {
  const host = request.headers.host?.toLowerCase();
  return host !== undefined && allowedHosts.has(host);
}

export function originAllowed(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true; // not a browser cross-origin request (CLI, tests, same-origin GET)
  return origin === `http://${request.headers.host}`;
}

export function allowedHostsFor(host: string, port: number): Set<string> {
  const names = new Set([host, '127.0.0.1', 'localhost', '[::1]']);
  if (host.includes(':') && !host.startsWith('[')) names.add(`[${host}]`);
  return new Set([...names].map((name) => `${name}:${port}`.toLowerCase()));
}

export async function readBody(request: IncomingMessage, limitBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limitBytes) throw new Error(`The request body is larger than ${limitBytes} bytes.`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
