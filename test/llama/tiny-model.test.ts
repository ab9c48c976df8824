// Loads the generated tiny models with node-llama-cpp on the CPU and generates text.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  getLlama,
  LlamaChatSession,
  LlamaCompletion,
  LlamaLogLevel,
  resolveChatWrapper,
  type Llama,
  type LlamaContext,
  type LlamaModel,
} from 'node-llama-cpp';
import { TINY_A_OPTIONS, ensureTinyModels } from '../fixtures/gguf/tiny-llama.js';

const modelDir = join(tmpdir(), 'arbiter-tiny-models');
const models = ensureTinyModels(modelDir, { broken: true });

// Never build or download llama.cpp: only the prebuilt binary from npm may be used.
// One thread: the default thread count made a tiny model crawl (~4 tokens/s) on 2 cores.
const LLAMA_OPTIONS = { gpu: false, build: 'never', skipDownload: true, maxThreads: 1 } as const;

let llama: Llama;
let model: LlamaModel;
let context: LlamaContext;
const logs: string[] = [];

before(async () => {
  llama = await getLlama({ ...LLAMA_OPTIONS, logLevel: LlamaLogLevel.warn, logger: (_level, message) => void logs.push(message) });
  model = await llama.loadModel({ modelPath: models.tinyA });
  context = await model.createContext({ contextSize: 256, threads: 1 });
});

after(async () => {
  await context?.dispose();
  await model?.dispose();
  await llama?.dispose();
});

describe('tiny-a on node-llama-cpp (CPU, 1 thread)', () => {
  test('runs on the CPU from the prebuilt binary', () => {
    assert.equal(llama.gpu, false);
    assert.equal(llama.buildType, 'prebuilt');
    assert.equal(llama.maxThreads, 1);
    assert.equal(model.trainContextSize, TINY_A_OPTIONS.contextLength);
  });

  test('every vocab word tokenizes to one token and back', () => {
    for (const word of TINY_A_OPTIONS.vocabWords) {
      const tokens = model.tokenize(word);
      assert.equal(tokens.length, 1, `${word} → ${tokens.join(',')}`);
      assert.equal(model.detokenize(tokens), word);
    }
    // Unknown words fall back to ▁ plus byte tokens instead of failing.
    assert.equal(model.detokenize(model.tokenize('zebra')), 'zebra');
    assert.equal(model.tokenize('zebra').length, 1 + 'zebra'.length);
    const pair = model.tokenize('hello world');
    assert.equal(pair.length, 2);
    assert.equal(model.detokenize(pair), 'hello world');
  });

  test('generation with a fixed seed is non-empty and repeatable', async (t) => {
    const sequence = context.getSequence();
    try {
      const completion = new LlamaCompletion({ contextSequence: sequence });
      const generate = async (seed: number) => {
        await sequence.clearHistory(); // a cold start each time, not a cache hit
        return completion.generateCompletion('the cat', { maxTokens: 16, temperature: 0.8, seed });
      };
      const first = await generate(42);
      const again = await generate(42);
      const other = await generate(7);
      t.diagnostic(`seed 42: ${JSON.stringify(first)}`);
      t.diagnostic(`seed 7: ${JSON.stringify(other)}`);
      assert.ok(first.trim().length > 0);
      assert.equal(again, first);
      assert.notEqual(other, first);
      // Only whole words have non-zero output weights, so the text is made of vocab words.
      const words = new Set(TINY_A_OPTIONS.vocabWords);
      for (const word of first.trim().split(/\s+/)) assert.ok(words.has(word), `unexpected word ${word}`);
    } finally {
      sequence.dispose();
    }
  });

  test('generates quickly with 1 thread', async (t) => {
    const sequence = context.getSequence();
    try {
      const completion = new LlamaCompletion({ contextSequence: sequence });
      let tokens = 0;
      const started = performance.now();
      await completion.generateCompletion('hello', { maxTokens: 128, seed: 1, onToken: (chunk) => void (tokens += chunk.length) });
      const perSecond = tokens / ((performance.now() - started) / 1000);
      t.diagnostic(`${tokens} tokens at ${perSecond.toFixed(0)} tokens/s`);
      assert.equal(tokens, 128);
      // Far below what 1 thread gives (~1,000+/s); catches the thread-count slowdown (~4/s).
      assert.ok(perSecond > 50, `${perSecond} tokens/s`);
    } finally {
      sequence.dispose();
    }
  });
});

describe('tiny-b: chat template', () => {
  test('node-llama-cpp picks the ChatML wrapper and a chat session answers', async () => {
    const chatModel = await llama.loadModel({ modelPath: models.tinyB });
    try {
      assert.match(chatModel.fileInfo.metadata.tokenizer.chat_template ?? '', /im_start/);
      assert.equal(resolveChatWrapper(chatModel)?.wrapperName, 'ChatML');
      assert.deepEqual(chatModel.tokenize('<|im_start|>', true), [3]);
      const chatContext = await chatModel.createContext({ contextSize: 256, threads: 1 });
      const session = new LlamaChatSession({ contextSequence: chatContext.getSequence() });
      const answer = await session.prompt('hello', { maxTokens: 12, temperature: 0.8, seed: 3 });
      assert.ok(answer.trim().length > 0);
      session.dispose();
      await chatContext.dispose();
    } finally {
      await chatModel.dispose();
    }
  });
});

describe('broken models', () => {
  test('missing llama.context_length: loadModel rejects and the process goes on', async () => {
    logs.length = 0;
    await assert.rejects(llama.loadModel({ modelPath: models.broken.missingContextLength }), /Failed to load model/);
    assert.ok(logs.some((line) => line.includes('key not found in model: llama.context_length')), logs.join('\n'));
    assert.ok(model.tokenize('hello').length === 1);
  });

  test('missing llama.attention.head_count aborts the loading process, so it is loaded in a child', async (t) => {
    // A script file, not `node -e`: node-llama-cpp forks itself to test its binary, and a fork
    // inherits execArgv, so with -e the fork would rerun the eval code.
    const childDir = mkdtempSync(join(tmpdir(), 'arbiter-tiny-model-child-'));
    t.after(() => rmSync(childDir, { recursive: true, force: true }));
    const script = join(childDir, 'load-model.mjs');
    writeFileSync(
      script,
      [
        'const { getLlama } = await import(process.argv[2]);',
        'const llama = await getLlama(JSON.parse(process.argv[3]));',
        "console.log('loading');",
        'await llama.loadModel({ modelPath: process.argv[4] });',
        "console.log('loaded');",
      ].join('\n'),
    );
    const child = spawn(
      process.execPath,
      [script, import.meta.resolve('node-llama-cpp'), JSON.stringify(LLAMA_OPTIONS), models.broken.missingHeadCount],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('exit', (c, s) => resolve([c, s])),
    );
    assert.match(stdout, /loading/);
    assert.doesNotMatch(stdout, /loaded/);
    assert.ok(signal === 'SIGABRT' || (code !== null && code !== 0), `code ${code} signal ${signal}`);
    assert.match(stderr, /GGML_ASSERT/);
    // Still alive here, and the loaded model still works.
    assert.equal(model.tokenize('hello').length, 1);
  });
});
