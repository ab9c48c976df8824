import { startFakeOpenAi, type FakeChatRequest, type FakeProviderServer } from './fake-providers/index.js';

type Call = <T = any>(channel: string, input?: unknown) => Promise<T>;

export interface JudgedExperimentOptions {
  /** Model names; each is a remote model on its own fake OpenAI-compatible server. Default three. */
  models?: string[];
  rows?: number;
  /** What model `name` answers to a request. Default: "<name> says: <the question>". */
  reply?: (name: string, request: FakeChatRequest) => string;
  /** Rows' reference answers. */
  reference?: boolean;
}

export interface JudgedExperiment {
  experimentId: string;
  modelIds: string[];
  promptVersionId: string;
  datasetVersionId: string;
  servers: FakeProviderServer[];
  close(): Promise<void>;
}

/**
 * A finished experiment to judge: one prompt, `rows` questions, each model a remote endpoint on a
 * real HTTP server on 127.0.0.1 with deterministic answers. Built through the contract, as the app does.
 */
export async function judgedExperiment(call: Call, options: JudgedExperimentOptions = {}): Promise<JudgedExperiment> {
  const names = options.models ?? ['alpha', 'beta', 'gamma'];
  const rows = options.rows ?? 10;
  const reply = options.reply ?? ((name: string, request: FakeChatRequest) => `${name} says: ${request.messages.at(-1)?.content ?? ''}`);
  const servers: FakeProviderServer[] = [];
  const modelIds: string[] = [];
  for (const name of names) {
    const server = await startFakeOpenAi({ apiKey: null, reply: (request) => reply(name, request) });
    servers.push(server);
    const entry = await call('models.addRemote', {
      name,
      provider: 'openai-compatible',
      baseUrl: server.baseUrl,
      model: name,
      prices: { inputPerMillion: 1, outputPerMillion: 2 },
    });
    modelIds.push(entry.id);
  }
  const dataset = await call('datasets.quickAdd', {
    name: 'Questions',
    rows: Array.from({ length: rows }, (_, i) => ({ question: `Question ${i + 1}: what is ${i + 1} + ${i + 1}?`, ...(options.reference ? { answer: String(2 * (i + 1)) } : {}) })),
    reference: options.reference ? 'answer' : null,
  });
  const datasetVersionId: string = dataset.versions.at(-1).id;
  const prompt = await call('prompts.create', { name: 'Arithmetic', template: { messages: [{ role: 'system', content: 'Answer briefly.' }, { role: 'user', content: '{{ question }}' }] } });
  const promptVersionId: string = prompt.head.id;
  const experiment = await call('experiments.create', {
    name: 'Arithmetic A/B',
    promptVersionIds: [promptVersionId],
    models: modelIds.map((modelId) => ({ modelId, params: { temperature: 0, maxTokens: 64 } })),
    datasetVersionId,
  });
  await call('experiments.start', { id: experiment.id });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const summary = await call('experiments.get', { id: experiment.id });
    if (summary.state !== 'running') {
      if (summary.state !== 'completed') throw new Error(`The experiment ended ${summary.state}: ${summary.progress.message}`);
      break;
    }
    if (Date.now() > deadline) throw new Error('The experiment did not finish in 60 s.');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    experimentId: experiment.id,
    modelIds,
    promptVersionId,
    datasetVersionId,
    servers,
    close: async () => {
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}
