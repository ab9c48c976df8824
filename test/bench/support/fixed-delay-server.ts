import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixedDelayServer {
  /** An OpenAI-compatible base URL (`…/v1`). */
  baseUrl: string;
  /** Chat requests answered since the last reset. */
  answered(): number;
  reset(): void;
  close(): Promise<void>;
}

/**
 * An OpenAI-compatible chat endpoint that answers every request after exactly `delayMs`, as JSON
 * or, when asked to stream, as one content event, the finish, usage and [DONE]. Leaner than the
 * test suite's fake providers (no recording, no fault injection), so that at 16 requests in
 * flight its own cost stays out of a throughput measurement; the benchmark's probe checks that.
 */
export async function startFixedDelayServer(options: { delayMs: number; reply: string }): Promise<FixedDelayServer> {
  let answered = 0;
  const created = 1_700_000_000;
  const usage = { prompt_tokens: 4, completion_tokens: options.reply.split(/\s+/).length, total_tokens: 4 + options.reply.split(/\s+/).length };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `No route for ${req.method} ${req.url}`, type: 'invalid_request_error' } }));
        return;
      }
      let body: { model?: string; stream?: boolean; stream_options?: { include_usage?: boolean } };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'The request body is not valid JSON.', type: 'invalid_request_error' } }));
        return;
      }
      const model = body.model ?? 'bench-model';
      setTimeout(() => {
        answered++;
        if (res.destroyed) return;
        if (!body.stream) {
          const json = JSON.stringify({
            id: `chatcmpl-${answered}`,
            object: 'chat.completion',
            created,
            model,
            choices: [{ index: 0, message: { role: 'assistant', content: options.reply }, finish_reason: 'stop', logprobs: null }],
            usage,
          });
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
          res.end(json);
          return;
        }
        const event = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;
        const chunk = (delta: object, finish: string | null) => ({
          id: `chatcmpl-${answered}`,
          object: 'chat.completion.chunk',
          created,
          model,
          choices: [{ index: 0, delta, finish_reason: finish }],
        });
        let text = event(chunk({ role: 'assistant', content: options.reply }, null)) + event(chunk({}, 'stop'));
        if (body.stream_options?.include_usage) text += event({ id: `chatcmpl-${answered}`, object: 'chat.completion.chunk', created, model, choices: [], usage });
        text += 'data: [DONE]\n\n';
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.end(text);
      }, options.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    answered: () => answered,
    reset: () => {
      answered = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
