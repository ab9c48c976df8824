// Builds the demo workspace through the same contract the app uses: models (tiny local GGUF files
// written here, and the demo server's three remote models), two prompt versions, a dataset with
// references, experiments that have run, and a blind pairwise task set two simulated annotators
// have half labeled. Nothing is downloaded. (An LLM judge is left for the user to run from the
// Leaderboard: the demo server answers judge prompts too, and it takes seconds.)
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { QueueItem } from '../../../shared/contract/labeling.js';
import type { ModelEntry } from '../../../shared/contract/models.js';
import { databaseFileName } from '../bootstrap.js';
import type { Backend } from '../types.js';
import { decidePair, demoAnnotators } from './demo-grading.js';
import { demoQuestions, findDemoQuestion } from './demo-knowledge.js';
import { DemoFolderError, readDemoMarker, updateDemoMarker, writeDemoMarker } from './demo-marker.js';
import { demoModels } from './demo-models.js';
import { SMALL_C_OPTIONS, TINY_A_OPTIONS, TINY_B_OPTIONS, ensureTinyLlama } from './tiny-llama.js';

export interface DemoBuildOptions {
  dataDir: string;
  /** Opens a backend on a folder, as the caller's transport does (openWorkspace with its options). */
  open(dataDir: string): Promise<Backend>;
  /** Build again even when a finished demo is there. */
  fresh?: boolean;
  /** One line per step, for a progress display. */
  onStep?(text: string): void;
}

export interface DemoBuildResult {
  /** Open on the demo workspace, its server running: the caller serves it or closes it. */
  backend: Backend;
  /** False when a finished demo was already there and was only opened. */
  built: boolean;
  ms: number;
  summary: DemoSummary;
}

export interface DemoSummary {
  models: number;
  generations: number;
  taskSetItems: number;
  humanJudgments: number;
  llmJudgments: number;
}

export const demoNames = {
  prompt: 'Quiz answers',
  dataset: 'Quiz questions',
  experiment: 'Quiz: careful vs terse vs sloppy',
  localExperiment: 'A tiny local model (random weights)',
  taskSet: 'Which answer is better?',
} as const;

const promptV1 = { messages: [{ role: 'system' as const, content: 'Answer the question.' }, { role: 'user' as const, content: '{{ question }}' }] };
const promptV2 = {
  messages: [
    { role: 'system' as const, content: 'Answer the question in one sentence, and say why, so the reader can check the answer.' },
    { role: 'user' as const, content: '{{ question }}' },
  ],
};

/** How many pairwise items each simulated annotator judges (of 72; overlap 2 makes 144 votes in all). */
const judgedBy = { Ada: 40, Grace: 32 } as const;

export async function buildDemoWorkspace(options: DemoBuildOptions): Promise<DemoBuildResult> {
  const started = performance.now();
  const { dataDir } = options;
  const step = options.onStep ?? (() => {});
  const marker = prepareFolder(dataDir, options.fresh === true);
  if (marker === 'ready') {
    step('The demo workspace is already built; opening it.');
    const backend = await options.open(dataDir);
    return { backend, built: false, ms: performance.now() - started, summary: await summarize(call(backend)) };
  }

  writeDemoMarker(dataDir, { arbiterDemo: 1, state: 'building', port: null, modelIds: [], builtAt: null });
  step('Writing three tiny GGUF models (random weights, made here)…');
  const modelDir = join(dataDir, 'models');
  for (const preset of [TINY_A_OPTIONS, TINY_B_OPTIONS, SMALL_C_OPTIONS]) ensureTinyLlama(modelDir, preset);

  const backend = await options.open(dataDir);
  try {
    const api = call(backend);
    const port = readDemoMarker(dataDir)?.port;
    if (!port) throw new Error('The demo server did not start, so the demo models have no endpoint.');
    const baseUrl = `http://127.0.0.1:${port}/v1`;

    step('Adding the models…');
    // Reading the local models' headers waits on node-llama-cpp; it runs alongside the next steps.
    const localAdded = addLocalModels(api, modelDir);
    const remote: Record<string, ModelEntry> = {};
    for (const model of demoModels) {
      remote[model.id] = await api<ModelEntry>('models.addRemote', { name: model.name, provider: 'openai-compatible', baseUrl, model: model.id, prices: model.prices });
    }
    updateDemoMarker(dataDir, { modelIds: Object.values(remote).map((entry) => entry.id) });

    step('Writing two prompt versions and a dataset…');
    const prompt = await api<{ id: string; head: { id: string; number: number } }>('prompts.create', { name: demoNames.prompt, template: promptV1 });
    const v2 = await api<{ version: { id: string; number: number } }>('prompts.saveVersion', {
      promptId: prompt.id,
      template: promptV2,
      note: 'Asks for a reason with the answer',
    });
    const v2Id = v2.version.id;
    await api('prompts.setLabel', { promptId: prompt.id, number: prompt.head.number, label: 'production' });
    await api('prompts.setLabel', { promptId: prompt.id, number: v2.version.number, label: 'candidate' });
    const dataset = await api<{ versions: { id: string }[] }>('datasets.quickAdd', {
      name: demoNames.dataset,
      rows: demoQuestions.map((q) => ({ question: q.question, answer: q.answer, topic: q.topic })),
      reference: 'answer',
    });
    const datasetVersionId = dataset.versions.at(-1)?.id;
    if (!datasetVersionId) throw new Error('The demo dataset has no version.');

    // Two experiments at once: the quiz on the demo server, and a tiny local model in the worker
    // process (starting that process and loading the model is the slow part, so it overlaps the rest).
    step('Running the experiments: the quiz (2 prompt versions × 3 models × 12 questions), and a tiny local model…');
    const localRun = localAdded.then(async (local) => {
      // One of them is enough to show a local model in an experiment; the others are in the Playground.
      const model = local.find((entry) => entry.name.startsWith(TINY_B_OPTIONS.name)) ?? local[0];
      if (!model) return;
      await runExperiment(api, backend, {
        name: demoNames.localExperiment,
        promptVersionIds: [v2Id],
        models: [{ modelId: model.id, params: { temperature: 0.8, maxTokens: 24, seed: 7 } }],
        datasetVersionId,
        seed: 42,
      });
    });
    // Awaited at the end; until then a failure must not count as unhandled.
    localRun.catch(() => {});
    const remoteParams = { temperature: 0, maxTokens: 128 };
    const experimentId = await runExperiment(api, backend, {
      name: demoNames.experiment,
      promptVersionIds: [prompt.head.id, v2Id],
      models: demoModels.map((model) => ({ modelId: remote[model.id]!.id, params: remoteParams })),
      datasetVersionId,
      seed: 42,
      remoteConcurrency: 12,
    });

    step('A blind pairwise task set, half labeled by Ada and Grace…');
    const careful = remote['demo-careful']!.id;
    const key = (promptVersionId: string, modelId: string) => `${promptVersionId}|${modelId}`;
    const taskSet = await api<{ id: string }>('labeling.createTaskSet', {
      name: demoNames.taskSet,
      experimentId,
      kind: 'pairwise',
      variantKeys: [key(v2Id, careful), key(prompt.head.id, careful), key(v2Id, remote['demo-terse']!.id), key(v2Id, remote['demo-sloppy']!.id)],
      instructions:
        'Pick the answer you would rather get. **Right beats wrong**; between two right answers, prefer the one that is easier to trust. ' +
        'Use *Tie* when they are equally good and *Both bad* when neither is right.',
      overlap: 2,
      seed: 7,
    });
    const annotatorIds: Record<string, string> = {};
    for (const annotator of demoAnnotators) annotatorIds[annotator.name] = (await api<{ id: string }>('annotators.create', { name: annotator.name })).id;
    // Ada first, then Grace, each taking what her queue hands out (overlap 2: Grace's items include Ada's).
    for (const annotator of demoAnnotators) {
      await judgeAsHuman(api, taskSet.id, annotatorIds[annotator.name]!, judgedBy[annotator.name as keyof typeof judgedBy] ?? 0, (item) => {
        const question = findDemoQuestion(item.variables.question ?? '');
        const shown = item.outputs.map((output) => output.output);
        if (!question || shown.length !== 2) return { choice: 'tie' as const };
        // The noise draws on what is judged, not on ids (which differ per build).
        const seed = `${annotator.name}:${question.question}:${[...shown].sort().join('|')}`;
        return decidePair(question, [shown[0]!, shown[1]!], annotator.taste, annotator.noise, seed);
      });
    }
    await localRun;

    // Land a newcomer on the home screen's tour, labeling as Ada.
    await api('preferences.update', { lastScreen: 'home', annotatorId: annotatorIds.Ada ?? null });
    updateDemoMarker(dataDir, { state: 'ready', builtAt: new Date().toISOString() });
    const summary = await summarize(api);
    step(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    return { backend, built: true, ms: performance.now() - started, summary };
  } catch (error) {
    await backend.close();
    throw error;
  }
}

/** Adds the tiny GGUF models, names them as what they are, and tunes them for their size. */
async function addLocalModels(api: Call, modelDir: string): Promise<ModelEntry[]> {
  const local = await api<{ added: ModelEntry[] }>('models.addLocal', { path: modelDir });
  for (const entry of local.added) {
    // Tiny models run fastest on one thread; their context is what they were "trained" with.
    const trained = entry.kind === 'local' ? entry.header?.trainedContextLength : null;
    const contextSize = Math.min(trained ?? 512, 2048);
    await api('models.update', { id: entry.id, name: `${entry.name} (local, random weights)`, settings: { threads: 1, contextSize } });
  }
  return local.added;
}

/** Creates and runs an experiment to its end; its id. */
async function runExperiment(api: Call, backend: Backend, config: Record<string, unknown>): Promise<string> {
  const experiment = await api<{ id: string }>('experiments.create', config);
  await api('experiments.start', { id: experiment.id });
  await until(
    backend,
    (event, payload) => event === 'experiment.progress' && (payload as { experimentId: string; state: string }).experimentId === experiment.id && (payload as { state: string }).state !== 'running',
    async () => {
      const summary = await api<{ state: string; progress: { message: string | null } }>('experiments.get', { id: experiment.id });
      if (summary.state === 'running') return false;
      if (summary.state !== 'completed') throw new Error(`The demo experiment “${String(config.name)}” ended ${summary.state}: ${summary.progress.message ?? ''}`);
      return true;
    },
    180_000,
  );
  return experiment.id;
}

/** 'ready' (a finished demo to open) or 'build' (empty, or a demo to build again). Refuses anything else. */
function prepareFolder(dataDir: string, fresh: boolean): 'ready' | 'build' {
  if (!existsSync(dataDir)) {
    mkdirSync(dataDir, { recursive: true });
    return 'build';
  }
  const marker = readDemoMarker(dataDir);
  if (marker?.state === 'ready' && !fresh) return 'ready';
  if (marker) {
    // Ours: a half-built demo (a crash, Ctrl+C) or a rebuild. Everything in it was made by the demo.
    for (const name of readdirSync(dataDir)) rmSync(join(dataDir, name), { recursive: true, force: true });
    return 'build';
  }
  if (existsSync(join(dataDir, databaseFileName))) {
    throw new DemoFolderError(`${dataDir} holds a workspace that is not the demo; the demo is built in a folder of its own. Pick another folder.`);
  }
  if (readdirSync(dataDir).length > 0) throw new DemoFolderError(`${dataDir} is not empty; the demo is built in an empty folder of its own. Pick another folder.`);
  return 'build';
}

type Call = <T = unknown>(channel: string, input?: unknown) => Promise<T>;

function call(backend: Backend): Call {
  return async <T>(channel: string, input: unknown = {}) => {
    const envelope = await backend.dispatch(channel, input);
    if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.message}`);
    return envelope.value as T;
  };
}

async function judgeAsHuman(
  api: Call,
  taskSetId: string,
  annotatorId: string,
  count: number,
  decide: (item: QueueItem) => ReturnType<typeof decidePair> | { choice: 'tie' },
): Promise<void> {
  let judged = 0;
  while (judged < count) {
    const page = await api<{ items: QueueItem[] }>('labeling.queue', { taskSetId, annotatorId, limit: Math.min(50, count - judged) });
    if (page.items.length === 0) return;
    for (const item of page.items) {
      const decision = decide(item);
      const shownOrder = item.outputs.map((output) => output.generationId);
      const preferredGenerationId = decision.choice === 'preferred' ? (shownOrder[decision.winner] ?? null) : null;
      await api('labeling.submit', {
        itemId: item.itemId,
        annotatorId,
        shownOrder,
        verdict: { kind: 'pairwise', choice: decision.choice, preferredGenerationId, strength: null },
        // A labeler's time on an item, made up but plausible: 5–20 s.
        durationMs: 5000 + (item.position * 7919) % 15000,
      });
      judged++;
    }
  }
}

async function summarize(api: Call): Promise<DemoSummary> {
  const models = await api<unknown[]>('models.list');
  const experiments = await api<{ id: string }[]>('experiments.list');
  let generations = 0;
  for (const experiment of experiments) generations += (await api<{ total: number }>('experiments.results', { id: experiment.id, offset: 0, limit: 1 })).total;
  const sets = await api<{ items: number; humanJudgments: number; llmJudgments: number }[]>('labeling.listTaskSets');
  return {
    models: models.length,
    generations,
    taskSetItems: sets.reduce((sum, set) => sum + set.items, 0),
    humanJudgments: sets.reduce((sum, set) => sum + set.humanJudgments, 0),
    llmJudgments: sets.reduce((sum, set) => sum + set.llmJudgments, 0),
  };
}

/** Resolves once `check` says done; checks again when an event says so, and every half second. */
async function until(backend: Backend, wakeOn: (event: string, payload: unknown) => boolean, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  let wake = () => {};
  const unsubscribe = backend.onEvent((event, payload) => {
    if (wakeOn(event, payload)) wake();
  });
  try {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`A demo step did not finish in ${timeoutMs / 1000} s.`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 500);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    unsubscribe();
  }
}
