import { createRemoteProvider } from '../../electron/services/providers/remote/index.js';
import type { GenerationRequest } from '../../shared/contract/generation.js';
import { startFakeOpenAi } from '../support/fake-providers/index.js';
import { median, result, type Benchmark } from './bench-result.js';

const replyWords = 64;
const reply = Array.from({ length: replyWords }, (_, i) => `word${i}`).join(' ');
const request: GenerationRequest = {
  messages: [
    { role: 'system', content: 'You are a careful assistant.' },
    { role: 'user', content: 'Write sixty-four words.' },
  ],
  params: { temperature: 0.7, maxTokens: 256, stop: [], seed: 1 },
};
const warmups = 30;
const samples = 200;

/**
 * What the app adds to a streamed remote request: the provider (OpenAI-compatible, streaming, through
 * the official openai client and our node:http fetch)
 * against the local fake server, vs a bare `fetch` of the same body with the SSE parsed by hand,
 * in the same run. The server sends all 64 chunks at once, so the ratio is the worst case (all
 * client CPU, no network or model time); the absolute overhead in ms is what a real request
 * (hundreds of ms) would notice.
 */
export const benchmark: Benchmark = {
  name: `remote overhead: one streamed OpenAI-compatible request of ${replyWords} chunks`,
  async run() {
    const server = await startFakeOpenAi({ reply: () => reply });
    try {
      const provider = createRemoteProvider({
        provider: 'openai-compatible',
        baseUrl: server.baseUrl,
        model: 'bench-model',
        prices: { inputPerMillion: 1, outputPerMillion: 2 },
        apiKey: server.apiKey,
      });
      const body = JSON.stringify({
        model: 'bench-model',
        messages: request.messages,
        temperature: request.params.temperature,
        max_tokens: request.params.maxTokens,
        seed: request.params.seed,
        stream: true,
        stream_options: { include_usage: true },
      });

      const viaApp = async () => {
        let text = '';
        const generated = await provider.generate(request, { onDelta: (delta) => (text += delta) });
        if (generated.error || generated.output !== reply || text !== reply) throw new Error(`app request failed: ${JSON.stringify(generated.error)}`);
      };
      const viaFetch = async () => {
        const response = await fetch(`${server.baseUrl}/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' },
          body,
        });
        if (!response.ok || !response.body) throw new Error(`bare request failed: ${response.status}`);
        const decoder = new TextDecoder();
        let buffer = '';
        let text = '';
        for await (const chunk of response.body) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const event = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = event.startsWith('data: ') ? event.slice(6) : '';
            if (!data || data === '[DONE]') continue;
            const parsed = JSON.parse(data) as { choices: { delta?: { content?: string } }[] };
            text += parsed.choices[0]?.delta?.content ?? '';
          }
        }
        if (text !== reply) throw new Error('bare request got different text');
      };

      for (let i = 0; i < warmups; i++) {
        await viaApp();
        await viaFetch();
      }
      // Interleaved, so drift in the machine's speed hits both alike.
      const app: number[] = [];
      const bare: number[] = [];
      for (let i = 0; i < samples; i++) {
        for (const [work, into] of i % 2 === 0 ? ([[viaApp, app], [viaFetch, bare]] as const) : ([[viaFetch, bare], [viaApp, app]] as const)) {
          const started = performance.now();
          await work();
          into.push(performance.now() - started);
        }
      }
      const appMs = median(app);
      const bareMs = median(bare);
      return [
        result({
          name: 'remote-request-overhead-ratio',
          value: appMs,
          unit: 'ms',
          baseline: bareMs,
          baselineLabel: 'bare fetch + SSE parse, same server and body',
          // Worst case: the fake server sends all 64 chunks at once, so the client's parsing
          // (SSE, JSON, the chunk shapes) is all there is to measure. Against a real server the
          // network dominates; the absolute overhead below is the figure that matters.
          target: 2.5,
          direction: 'at-most',
        }),
        result({
          name: 'remote-request-overhead-ms',
          value: appMs - bareMs,
          unit: 'ms',
          baseline: 5,
          baselineLabel: 'budget: 5 ms, 1% of a 500 ms hosted request',
          target: 1,
          direction: 'at-most',
        }),
      ];
    } finally {
      await server.close();
    }
  },
};
