// Local generation speed through the app (provider → host → worker process → IPC, chat template
// and all) as a ratio to the barest node-llama-cpp loop in this process: the same model, prompt,
// sampling, 1 thread and token count, measured in the same run, turns interleaved.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GeneralChatWrapper, getLlama, LlamaLogLevel } from 'node-llama-cpp';
import type { GenerationRequest } from '../../shared/contract/generation.js';
import { localSettingsSchema, type LocalModel } from '../../shared/contract/models.js';
import { forkWorkerLauncher } from '../../electron/services/local-inference/fork-worker-launcher.js';
import { LocalInferenceHost } from '../../electron/services/local-inference/local-inference-host.js';
import { createLocalProvider } from '../../electron/services/local-inference/local-provider.js';
import { ensureTinyModels } from '../fixtures/gguf/tiny-llama.js';
import { median, result, type Benchmark } from './bench-result.js';

const TOKENS = 400;
const ROUNDS = 7;
const CONTEXT = 512;
const sampling = { temperature: 0.8, topK: 40, topP: 0.95, seed: 1234 } as const;

export const benchmark: Benchmark = {
  name: `local generation: app (worker + IPC) vs bare node-llama-cpp loop, tiny-a, ${ROUNDS} × ${TOKENS} tokens`,
  async run() {
    const { tinyA } = ensureTinyModels(join(tmpdir(), 'arbiter-tiny-models'));
    const request: GenerationRequest = {
      messages: [{ role: 'user', content: 'hello world' }],
      params: { ...sampling, maxTokens: TOKENS, stop: [] },
    };

    // The app: a model entry behind the provider interface, its worker started the way headless mode does.
    const host = new LocalInferenceHost({ launcher: forkWorkerLauncher(), gpu: false });
    const entry: LocalModel = {
      id: 'bench-tiny-a',
      name: 'tiny-a',
      kind: 'local',
      path: tinyA,
      header: null,
      settings: localSettingsSchema.parse({ gpuLayers: 'off', contextSize: CONTEXT, threads: 1 }),
      estimatedMemoryBytes: null,
      prices: { inputPerMillion: null, outputPerMillion: null },
      status: { state: 'idle', message: null },
      createdAt: new Date().toISOString(),
    };
    const provider = createLocalProvider(host, entry);

    // The baseline: node-llama-cpp in this process, tokens straight out of sequence.evaluate.
    const llama = await getLlama({ gpu: false, build: 'never', skipDownload: true, maxThreads: 1, logLevel: LlamaLogLevel.error });
    const model = await llama.loadModel({ modelPath: tinyA, gpuLayers: 0 });
    const context = await model.createContext({ contextSize: CONTEXT, threads: 1 });
    const sequence = context.getSequence();
    // tiny-a has no chat template, so the app formats with the general wrapper: the same prompt tokens.
    const prompt = new GeneralChatWrapper()
      .generateContextState({ chatHistory: [{ type: 'user', text: 'hello world' }, { type: 'model', response: [] }] })
      .contextText.tokenize(model.tokenizer);

    const app = async (): Promise<number> => {
      const started = performance.now();
      const generated = await provider.generate(request, { onDelta: () => {} });
      if (generated.error) throw new Error(`local generation failed: ${generated.error.message}`);
      return generated.outputTokens / ((performance.now() - started) / 1000);
    };
    const bare = async (): Promise<number> => {
      await sequence.clearHistory();
      const started = performance.now();
      let tokens = 0;
      for await (const token of sequence.evaluate(prompt, sampling)) {
        if (model.isEogToken(token) || ++tokens >= TOKENS) break;
      }
      return tokens / ((performance.now() - started) / 1000);
    };

    try {
      await app(); // loads the model and warms both paths up
      await bare();
      const appSpeeds: number[] = [];
      const bareSpeeds: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate who goes first, so a slow spell on a shared machine hits both sides alike.
        if (round % 2 === 0) {
          appSpeeds.push(await app());
          bareSpeeds.push(await bare());
        } else {
          bareSpeeds.push(await bare());
          appSpeeds.push(await app());
        }
      }
      return [
        result({
          name: 'local-generation-tokens-per-second',
          value: median(appSpeeds),
          unit: 'tokens/s',
          baseline: median(bareSpeeds),
          baselineLabel: 'bare in-process node-llama-cpp loop, same model, prompt, sampling, 1 thread',
          target: 0.95,
          direction: 'at-least',
        }),
      ];
    } finally {
      sequence.dispose();
      await context.dispose();
      await model.dispose();
      await llama.dispose();
      await host.close();
    }
  },
};
