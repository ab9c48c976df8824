import type { Provider } from '../provider.js';

export interface ConnectionCheck {
  ok: boolean;
  /** Round trip of the tiny request; null when it failed. */
  latencyMs: number | null;
  /** What to show the user: the latency and reply, or the provider's error in words. */
  message: string;
}

/** Sends the smallest useful request (at most 5 output tokens) and reports what happened. */
export async function testConnection(provider: Provider, options: { signal?: AbortSignal } = {}): Promise<ConnectionCheck> {
  const started = performance.now();
  const result = await provider.generate(
    { messages: [{ role: 'user', content: 'Reply with the single word OK.' }], params: { temperature: 0, maxTokens: 5, stop: [] } },
    { signal: options.signal },
  );
  const latencyMs = Math.round(performance.now() - started);
  if (result.error) return { ok: false, latencyMs: null, message: result.error.message };
  const reply = result.output.trim().replace(/\s+/g, ' ').slice(0, 60);
  const said = reply ? `; the model replied “${reply}”` : '; the model sent no text (reasoning models may need more tokens), but the endpoint works';
  return { ok: true, latencyMs, message: `Connected in ${latencyMs} ms${said}.` };
}
