import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlowFileServer {
  /** `http://127.0.0.1:<port>`; every file is served at `/<name>`. */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/**
 * Files over HTTP on 127.0.0.1 with range requests (what model downloaders use to resume),
 * trickled out at about `bytesPerSecond`, so a person (or a screenshot) sees a download move.
 */
export async function startSlowFileServer(files: Record<string, string>, bytesPerSecond: number): Promise<SlowFileServer> {
  const bodies = new Map(Object.entries(files).map(([name, path]) => [`/${name}`, readFileSync(path)]));
  const tickMs = 50;
  const perTick = Math.max(1, Math.round((bytesPerSecond * tickMs) / 1000));
  const server = createServer((req, res) => {
    const payload = bodies.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!payload) return res.writeHead(req.url === '/' ? 200 : 404).end();
    const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const end = range?.[2] ? Math.min(Number(range[2]), payload.length - 1) : payload.length - 1;
    const body = payload.subarray(start, end + 1);
    const headers = { 'content-length': String(body.length), 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream' };
    if (range) res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${payload.length}` });
    else res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    let offset = 0;
    const timer = setInterval(() => {
      if (offset >= body.length) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write(body.subarray(offset, offset + perTick));
      offset += perTick;
    }, tickMs);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
