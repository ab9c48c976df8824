// The local-model half of the provider interface, end to end: a real worker process running
// node-llama-cpp on the generated tiny models, driven from this (the "backend") process.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getLlama, LlamaLogLevel, type Llama, type LlamaModel } from 'node-llama-cpp';
import type { GenerationRequest } from '../../../../shared/contract/generation.js';
import { localSettingsSchema, type LocalModel, type LocalSettings } from '../../../../shared/contract/models.js';
import { forkWorkerLauncher } from '../../../../electron/services/local-inference/fork-worker-launcher.js';
import { LocalInferenceHost, type LocalModelSpec } from '../../../../electron/services/local-inference/local-inference-host.js';
import { createLocalProvider } from '../../../../electron/services/local-inference/local-provider.js';
import { GgufWriter, mulberry32 } from '../../../fixtures/gguf/gguf-writer.js';
import { TINY_A_OPTIONS, ensureTinyModels } from '../../../fixtures/gguf/tiny-llama.js';

const models = ensureTinyModels(join(tmpdir(), 'arbiter-tiny-models'), { broken: true });
const scratch = mkdtempSync(join(tmpdir(), 'arbiter-local-inference-'));

// One thread: on this 2-core machine more threads make a tiny model crawl (see DESIGN.md).
const settings = (overrides: Partial<LocalSettings> = {}): LocalSettings => localSettingsSchema.parse({ gpuLayers: 'off', contextSize: 512, threads: 1, ...overrides });
const spec = (id: string, name: string, path: string, overrides: Partial<LocalSettings> = {}): LocalModelSpec => ({ id, name, path, settings: settings(overrides) });

const tinyA = spec('tiny-a', 'tiny-a', models.tinyA);
const tinyB = spec('tiny-b', 'tiny-b', models.tinyB);

const request = (content: string, params: Partial<GenerationRequest['params']> = {}): GenerationRequest => ({
  messages: [
    { role: 'system', content: 'You answer in words.' },
    { role: 'user', content },
  ],
  params: { temperature: 0.8, maxTokens: 24, stop: [], seed: 42, ...params },
});

let host: LocalInferenceHost;
// The test process also loads tiny-b (a good model, safe in-process) to count tokens independently.
let llama: Llama;
let referenceA: LlamaModel;
let referenceB: LlamaModel;

before(async () => {
  host = new LocalInferenceHost({ launcher: forkWorkerLauncher(), gpu: false });
  llama = await getLlama({ gpu: false, build: 'never', skipDownload: true, maxThreads: 1, logLevel: LlamaLogLevel.error });
  referenceA = await llama.loadModel({ modelPath: models.tinyA });
  referenceB = await llama.loadModel({ modelPath: models.tinyB });
});

after(async () => {
  await host?.close();
  await referenceA?.dispose();
  await referenceB?.dispose();
  await llama?.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

describe('generation through the worker', () => {
  test('same seed and parameters give the same text; another model gives other text', async () => {
    const first = await host.generate(tinyA, request('hello world'));
    const again = await host.generate(tinyA, request('hello world'));
    const otherModel = await host.generate(tinyB, request('hello world'));
    const otherSeed = await host.generate(tinyA, request('hello world', { seed: 7 }));
    for (const result of [first, again, otherModel, otherSeed]) assert.equal(result.error, null, result.error?.message);
    assert.ok(first.output.trim().length > 0);
    assert.equal(again.output, first.output);
    assert.notEqual(otherModel.output, first.output);
    assert.notEqual(otherSeed.output, first.output);
    assert.equal(first.finishReason, 'length');
    assert.equal(first.outputTokens, 24);
    assert.ok(first.latencyMs > 0 && first.timeToFirstTokenMs !== null && first.timeToFirstTokenMs <= first.latencyMs);
    assert.ok((first.tokensPerSecond ?? 0) > 0);
    assert.equal(first.costUsd, null);
  });

  test('deltas stream the output, coalesced into fewer messages than tokens', async () => {
    const deltas: string[] = [];
    const result = await host.generate(tinyA, request('the cat', { maxTokens: 300, seed: 3 }), { onDelta: (text) => deltas.push(text) });
    assert.equal(result.error, null);
    assert.equal(deltas.join(''), result.output);
    assert.ok(deltas.length >= 1 && deltas.length < result.outputTokens, `${deltas.length} messages for ${result.outputTokens} tokens`);
  });

  test('token counts match node-llama-cpp’s tokenizer', async (t) => {
    const messages = [
      { role: 'system' as const, content: 'be nice' },
      { role: 'user' as const, content: 'hello world, tell me about the river and the stone' },
    ];
    const result = await host.generate(tinyB, { messages, params: { temperature: 0.8, maxTokens: 20, stop: [], seed: 5 } });
    assert.equal(result.error, null);
    // tiny-b's own ChatML template, rendered by hand: BOS + the special-token-aware tokenization.
    const formatted =
      '<|im_start|>system\nbe nice<|im_end|>\n<|im_start|>user\nhello world, tell me about the river and the stone<|im_end|>\n<|im_start|>assistant\n';
    const expectedInput = 1 + referenceB.tokenize(formatted, true).length;
    t.diagnostic(`input ${result.inputTokens} (expected ${expectedInput}), output ${result.outputTokens}: ${JSON.stringify(result.output)}`);
    assert.equal(result.inputTokens, expectedInput);
    assert.equal(result.outputTokens, 20);
    assert.equal(referenceB.tokenize(result.output).length, result.outputTokens);
    assert.equal(await host.tokenize(tinyB, 'hello world river'), referenceB.tokenize('hello world river').length);
  });

  test('aborting after the first delta stops within a few tokens', async (t) => {
    const controller = new AbortController();
    let textAtAbort = '';
    const result = await host.generate(tinyA, request('hello', { maxTokens: 450, seed: 11 }), {
      signal: controller.signal,
      onDelta: (text) => {
        textAtAbort += text;
        controller.abort();
      },
    });
    const tokensAtAbort = referenceA.tokenize(textAtAbort).length;
    t.diagnostic(`${tokensAtAbort} tokens seen at abort, ${result.outputTokens} generated`);
    assert.equal(result.finishReason, 'cancelled');
    assert.equal(result.error?.code, 'CANCELLED');
    assert.ok(result.outputTokens - tokensAtAbort <= 8, `${result.outputTokens - tokensAtAbort} tokens after the abort`);
    // An abort before the request even starts costs nothing.
    const early = await host.generate(tinyA, request('hello'), { signal: AbortSignal.abort() });
    assert.equal(early.finishReason, 'cancelled');
    assert.equal(early.outputTokens, 0);
  });

  test('a generation silent past its idle timeout stops with a retryable TIMEOUT; one that streams is not cut', async () => {
    await host.load(tinyA); // the timeout counts from the request, not from a model load
    const stalled = await host.generate(tinyA, request('hello', { maxTokens: 450, seed: 5 }), { idleTimeoutMs: 0 });
    assert.equal(stalled.finishReason, 'error');
    assert.equal(stalled.error?.code, 'TIMEOUT');
    assert.equal(stalled.error?.retryable, true);
    assert.ok(stalled.outputTokens < 450, `${stalled.outputTokens} tokens`);
    const streaming = await host.generate(tinyA, request('hello', { maxTokens: 40, seed: 5 }), { idleTimeoutMs: 5_000 });
    assert.equal(streaming.error, null);
    assert.equal(streaming.outputTokens > 0, true);
  });

  test('stop sequences end the output before them', async () => {
    const free = await host.generate(tinyA, request('the sun', { maxTokens: 40, seed: 9 }));
    const words = free.output.trim().split(/\s+/);
    const stopWord = words[3];
    assert.ok(stopWord);
    const stopped = await host.generate(tinyA, request('the sun', { maxTokens: 40, seed: 9, stop: [` ${stopWord}`] }));
    assert.equal(stopped.finishReason, 'stop-sequence');
    assert.ok(!stopped.output.includes(` ${stopWord}`));
    assert.ok(free.output.startsWith(stopped.output));
  });

  test('a prompt longer than the context is refused, not silently cut', async () => {
    const long = Array.from({ length: 600 }, () => 'hello').join(' ');
    const result = await host.generate(tinyA, request(long));
    assert.equal(result.error?.code, 'BAD_REQUEST');
    assert.match(result.error?.message ?? '', /context/);
  });

  test('a chat template override replaces the model’s own', async () => {
    const template = "{% for m in messages %}[{{ m['role'] }}] {{ m['content'] }}\n{% endfor %}{% if add_generation_prompt %}[assistant] {% endif %}";
    const overridden = spec('tiny-b-override', 'tiny-b (override)', models.tinyB, { chatTemplateOverride: template });
    const info = await host.load(overridden);
    assert.equal(info.chatWrapper, 'JinjaTemplate');
    const own = await host.load(tinyB);
    assert.equal(own.chatWrapper, 'ChatML');
    const plain = await host.load(tinyA);
    assert.equal(plain.chatWrapper, 'General', 'a model without a template gets the plain general format');
    const result = await host.generate(overridden, request('hello world'));
    assert.equal(result.error, null);
    assert.notEqual(result.inputTokens, (await host.generate(tinyB, request('hello world'))).inputTokens);
  });

  test('a LoRA adapter changes the output; one for another model is a clear load error', async () => {
    const adapter = writeTinyLora(join(scratch, 'tiny-a-lora.gguf'));
    const base = await host.generate(tinyA, request('hello', { seed: 21 }));
    const tuned = await host.generate(spec('tiny-a-lora', 'tiny-a + LoRA', models.tinyA, { lora: { path: adapter, scale: 1 } }), request('hello', { seed: 21 }));
    assert.equal(tuned.error, null, tuned.error?.message);
    assert.notEqual(tuned.output, base.output);
    const wrongBase = await host.generate(spec('tiny-b-lora', 'tiny-b + LoRA', models.tinyB, { lora: { path: adapter, scale: 1 } }), request('hello'));
    assert.equal(wrongBase.error?.code, 'MODEL_LOAD');
    assert.match(wrongBase.error?.message ?? '', /Could not load “tiny-b \+ LoRA”: .*LoRA adapter .*incorrect shape/);
  });

  test('the provider adds cost from the entry’s prices', async () => {
    const entry: LocalModel = {
      id: 'tiny-a-priced',
      name: 'tiny-a',
      kind: 'local',
      path: models.tinyA,
      header: null,
      settings: settings(),
      estimatedMemoryBytes: null,
      prices: { inputPerMillion: 1, outputPerMillion: 2 },
      status: { state: 'idle', message: null },
      createdAt: new Date().toISOString(),
    };
    const provider = createLocalProvider(host, entry);
    assert.match(provider.id, /^local:/);
    const result = await provider.generate(request('hello'));
    assert.equal(result.error, null);
    assert.equal(result.costUsd, (result.inputTokens * 1 + result.outputTokens * 2) / 1_000_000);
  });

  test('runtimeInfo shows the CPU backend and the loaded models', async () => {
    const info = await host.runtimeInfo();
    assert.equal(info.backend, 'cpu');
    assert.equal(info.workerRunning, true);
    assert.equal(info.gpuName, null);
    assert.ok(info.physicalCores >= 1);
    assert.ok(info.ramTotalBytes > 0 && info.ramFreeBytes > 0);
    const loaded = info.loaded.map((model) => model.modelId);
    assert.ok(loaded.includes('tiny-a') && loaded.includes('tiny-b'), loaded.join(', '));
    assert.equal(host.status('tiny-a').state, 'loaded');
  });
});

describe('broken files', () => {
  test('a non-GGUF file and a file missing a key fail to load with a clear error; the worker lives on', async (t) => {
    const notGguf = join(scratch, 'notes.gguf');
    writeFileSync(notGguf, 'these are not model weights\n'.repeat(100));
    await host.runtimeInfo(); // a worker is running
    const pid = host.workerPid;
    assert.ok(pid);
    const result = await host.generate(spec('not-gguf', 'notes', notGguf), request('hello'));
    assert.equal(result.error?.code, 'MODEL_LOAD');
    assert.match(result.error?.message ?? '', /Could not load “notes”: .*not a GGUF file \(bad magic/);
    const noContext = await host.generate(spec('no-context', 'no context length', models.broken.missingContextLength), request('hello'));
    t.diagnostic(result.error?.message ?? '');
    t.diagnostic(noContext.error?.message ?? '');
    assert.equal(noContext.error?.code, 'MODEL_LOAD');
    assert.match(noContext.error?.message ?? '', /context_length/);
    assert.equal(host.status('no-context').state, 'error');
    assert.equal(host.workerPid, pid, 'a catchable load error does not restart the worker');
  });

  test('a truncated GGUF fails with a clear error', async (t) => {
    const truncated = join(scratch, 'truncated.gguf');
    copyFileSync(models.tinyB, truncated);
    const { truncateSync, statSync } = await import('node:fs');
    truncateSync(truncated, Math.floor(statSync(models.tinyB).size * 0.6));
    const result = await host.generate(spec('truncated', 'truncated', truncated), request('hello'));
    t.diagnostic(result.error?.message ?? '');
    assert.equal(result.error?.code, 'MODEL_LOAD');
    assert.match(result.error?.message ?? '', /is truncated: its tensors need \d+ bytes but the file has \d+/);
  });

  test('a GGUF that aborts llama.cpp kills only the worker, which restarts for the next request', async (t) => {
    await host.generate(tinyA, request('hello')); // a worker is running with a model loaded
    const oldPid = host.workerPid;
    assert.ok(oldPid);
    const broken = spec('tiny-broken', 'tiny-broken', models.broken.missingHeadCount);
    const result = await host.generate(broken, request('hello'));
    t.diagnostic(result.error?.message ?? '');
    assert.equal(result.error?.code, 'WORKER_CRASHED');
    assert.equal(result.error?.retryable, false);
    assert.match(result.error?.message ?? '', /^The local model process stopped \((SIGABRT|exit code \d+)\) while loading “tiny-broken”/);
    assert.match(result.error?.message ?? '', /GGML_ASSERT/);
    assert.equal(host.status('tiny-broken').state, 'error');
    assert.throws(() => process.kill(oldPid, 0), 'the old worker is gone');
    // This process is alive (it is running this line) and the next request on a good model works.
    const next = await host.generate(tinyA, request('hello world'));
    assert.equal(next.error, null, next.error?.message);
    assert.ok(next.output.length > 0);
    assert.notEqual(host.workerPid, oldPid);
    // The broken model is not retried behind the user's back: it would kill the worker again.
    const pid = host.workerPid;
    const again = await host.generate(broken, request('hello'));
    assert.equal(again.error?.code, 'MODEL_LOAD');
    assert.match(again.error?.message ?? '', /Load it by hand/);
    assert.equal(host.workerPid, pid);
  });

  test('generations in flight when the worker dies end with WORKER_CRASHED, not a hang', async () => {
    let crashing: Promise<unknown> | undefined;
    const brokenAgain = spec('tiny-broken-2', 'tiny-broken', models.broken.missingHeadCount);
    // A long generation; as soon as it streams, a load that aborts llama.cpp starts beside it.
    const inFlight = await host.generate(tinyA, request('hello', { maxTokens: 450, seed: 5 }), {
      onDelta: () => void (crashing ??= host.generate(brokenAgain, request('hello'))),
    });
    await crashing;
    assert.equal(inFlight.error?.code, 'WORKER_CRASHED');
    assert.match(inFlight.error?.message ?? '', /while loading “tiny-broken”/);
    assert.equal(host.status('tiny-a').state, 'idle', 'tiny-a is not blamed; it just needs loading again');
    assert.equal((await host.generate(tinyA, request('hello'))).error, null);
  });
});

describe('memory', () => {
  test('the least recently used model is unloaded when the budget is exceeded', async () => {
    // The worker's estimates (model + context for these settings): the budget fits one, not both.
    const estimateA = (await host.estimate(tinyA))?.ramBytes ?? 0;
    const estimateB = (await host.estimate(tinyB))?.ramBytes ?? 0;
    assert.ok(estimateA > 0 && estimateB > 0);
    const budgeted = new LocalInferenceHost({ launcher: forkWorkerLauncher(), gpu: false, memoryBudget: { ramBytes: Math.max(estimateA, estimateB) * 1.5 } });
    try {
      await budgeted.generate(tinyA, request('hello', { maxTokens: 4 }));
      assert.deepEqual(loadedIds(await budgeted.runtimeInfo()), ['tiny-a']);
      await budgeted.generate(tinyB, request('hello', { maxTokens: 4 }));
      assert.deepEqual(loadedIds(await budgeted.runtimeInfo()), ['tiny-b'], 'tiny-a made room for tiny-b');
      assert.equal(budgeted.status('tiny-a').state, 'idle');
      const back = await budgeted.generate(tinyA, request('hello', { maxTokens: 4 }));
      assert.equal(back.error, null);
      assert.deepEqual(loadedIds(await budgeted.runtimeInfo()), ['tiny-a']);
    } finally {
      await budgeted.close();
    }
  });
});

/** A rank-8 LoRA on tiny-a's attention queries, in llama.cpp's adapter format. */
function writeTinyLora(path: string): string {
  const writer = new GgufWriter();
  writer.set('general.architecture', { type: 'string', value: 'llama' });
  writer.set('general.type', { type: 'string', value: 'adapter' });
  writer.set('adapter.type', { type: 'string', value: 'lora' });
  writer.set('adapter.lora.alpha', { type: 'float32', value: 8 });
  const rand = mulberry32(99);
  const fill = (out: Float32Array) => {
    for (let i = 0; i < out.length; i++) out[i] = (rand() * 2 - 1) * 0.5;
  };
  const rank = 8;
  const width = TINY_A_OPTIONS.embeddingLength;
  for (let block = 0; block < TINY_A_OPTIONS.blockCount; block++) {
    writer.addTensor({ name: `blk.${block}.attn_q.weight.lora_a`, dims: [width, rank], fill });
    writer.addTensor({ name: `blk.${block}.attn_q.weight.lora_b`, dims: [rank, width], fill });
  }
  writer.writeFile(path);
  return path;
}

function loadedIds(info: { loaded: { modelId: string }[] }): string[] {
  return info.loaded.map((model) => model.modelId);
}
