// What the Models screen shows before anything is loaded: GGUF headers read in pure JavaScript,
// folder scans, memory estimates. Nothing here loads a model into llama.cpp.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { localSettingsSchema } from '../../../../shared/contract/models.js';
import { estimateMemory, estimateMemoryUsage } from '../../../../electron/services/models/gguf/estimate-memory.js';
import { GgufReadError } from '../../../../electron/services/models/gguf/gguf-read-error.js';
import { fileTypeName } from '../../../../electron/services/models/gguf/gguf-quantization.js';
import { inspectGguf } from '../../../../electron/services/models/gguf/inspect-gguf.js';
import { scanForGguf } from '../../../../electron/services/models/gguf/scan-for-gguf.js';
import { TINY_B_OPTIONS, ensureTinyModels } from '../../../fixtures/gguf/tiny-llama.js';

const models = ensureTinyModels(join(tmpdir(), 'arbiter-tiny-models'), { broken: true });
const scratch = mkdtempSync(join(tmpdir(), 'arbiter-gguf-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const rejectsWith = (path: string, reason: GgufReadError['reason'], message: RegExp) =>
  assert.rejects(inspectGguf(path), (error: unknown) => {
    assert.ok(error instanceof GgufReadError, String(error));
    assert.equal(error.reason, reason);
    assert.match(error.message, message);
    return true;
  });

describe('inspectGguf', () => {
  test('tiny-b: llama, its chat template, context length, parameters, quantization, layers', async () => {
    const header = await inspectGguf(models.tinyB);
    const o = TINY_B_OPTIONS;
    const vocab = 3 + 2 + 256 + 1 + new Set(o.vocabWords.flatMap((w) => Array.from(w).map((_, i) => w.slice(0, i + 1)))).size;
    const perLayer = 2 * o.embeddingLength + 4 * o.embeddingLength ** 2 + 3 * o.embeddingLength * o.feedForwardLength;
    assert.deepEqual(header, {
      architecture: 'llama',
      modelName: 'tiny-b',
      parameterCount: 2 * vocab * o.embeddingLength + o.blockCount * perLayer + o.embeddingLength,
      quantization: 'F32',
      fileSizeBytes: statSync(models.tinyB).size,
      trainedContextLength: 512,
      hasChatTemplate: true,
      layerCount: 3,
    });
  });

  test('tiny-a has no chat template', async () => {
    const header = await inspectGguf(models.tinyA);
    assert.equal(header.hasChatTemplate, false);
    assert.equal(header.modelName, 'tiny-a');
  });

  test('the file that aborts llama.cpp is still readable as a header (the crash happens only on load)', async () => {
    const header = await inspectGguf(models.broken.missingHeadCount);
    assert.equal(header.architecture, 'llama');
  });

  test('a non-GGUF file: not a GGUF file (bad magic)', async () => {
    const text = join(scratch, 'readme.gguf');
    writeFileSync(text, 'hello, I am a text file');
    await rejectsWith(text, 'not-gguf', /not a GGUF file \(bad magic/);
    const empty = join(scratch, 'empty.gguf');
    writeFileSync(empty, '');
    await rejectsWith(empty, 'not-gguf', /not a GGUF file \(bad magic\)/);
  });

  test('a truncated file, cut in the header or in the tensor data', async () => {
    const inHeader = join(scratch, 'cut-header.gguf');
    copyFileSync(models.tinyB, inHeader);
    truncateSync(inHeader, 2_000);
    await rejectsWith(inHeader, 'truncated', /is truncated: its header alone needs \d+ bytes but the file has 2000/);
    const inData = join(scratch, 'cut-data.gguf');
    copyFileSync(models.tinyB, inData);
    truncateSync(inData, statSync(models.tinyB).size - 1);
    await rejectsWith(inData, 'truncated', /is truncated: its tensors need \d+ bytes/);
  });

  test('an unreadable path', async () => {
    await rejectsWith(join(scratch, 'missing.gguf'), 'unreadable', /Cannot read .*missing\.gguf/);
    await rejectsWith(scratch, 'unreadable', /is not a file/);
  });

  test('file type names', () => {
    assert.equal(fileTypeName(15), 'Q4_K_M');
    assert.equal(fileTypeName(0), 'F32');
    assert.equal(fileTypeName(7), 'Q8_0');
    assert.equal(fileTypeName(9999), null);
    assert.equal(fileTypeName(undefined), null);
  });
});

describe('scanForGguf', () => {
  test('finds GGUF files in nested folders, skips later split parts, survives link loops', async () => {
    const root = join(scratch, 'library');
    mkdirSync(join(root, 'a', 'deep'), { recursive: true });
    mkdirSync(join(root, 'b'), { recursive: true });
    copyFileSync(models.tinyA, join(root, 'a', 'tiny-a.gguf'));
    copyFileSync(models.tinyB, join(root, 'a', 'deep', 'Tiny-B.GGUF'));
    writeFileSync(join(root, 'b', 'notes.txt'), 'not a model');
    writeFileSync(join(root, 'b', 'big-00001-of-00002.gguf'), '');
    writeFileSync(join(root, 'b', 'big-00002-of-00002.gguf'), '');
    symlinkSync(root, join(root, 'b', 'loop'));
    const result = await scanForGguf(root);
    assert.deepEqual(result.files, [
      join(root, 'a', 'deep', 'Tiny-B.GGUF'),
      join(root, 'a', 'tiny-a.gguf'),
      join(root, 'b', 'big-00001-of-00002.gguf'),
    ]);
    assert.deepEqual(result.skipped, []);
  });

  test('a single file is returned as is; a missing path is reported, not thrown', async () => {
    assert.deepEqual(await scanForGguf(models.tinyA), { files: [models.tinyA], skipped: [] });
    const missing = join(scratch, 'nowhere');
    assert.deepEqual(await scanForGguf(missing), { files: [], skipped: [{ path: missing, reason: 'not found' }] });
  });

  test('a dangling link inside a folder is skipped with its reason', async () => {
    const root = join(scratch, 'dangling');
    mkdirSync(root);
    symlinkSync(join(scratch, 'gone.gguf'), join(root, 'gone.gguf'));
    const result = await scanForGguf(root);
    assert.deepEqual(result.files, []);
    assert.deepEqual(result.skipped, [{ path: join(root, 'gone.gguf'), reason: 'not found' }]);
  });
});

describe('estimateMemory', () => {
  test('grows with the context size, capped at the trained length; null for a non-GGUF file', async () => {
    const small = await estimateMemoryUsage(models.tinyB, localSettingsSchema.parse({ contextSize: 128, gpuLayers: 'off' }));
    const full = await estimateMemoryUsage(models.tinyB, localSettingsSchema.parse({ contextSize: 512, gpuLayers: 'off' }));
    const beyond = await estimateMemoryUsage(models.tinyB, localSettingsSchema.parse({ contextSize: 8192, gpuLayers: 'off' }));
    assert.ok(small && full && beyond);
    assert.ok(small.ramBytes > statSync(models.tinyB).size / 2, 'includes the weights');
    assert.ok(full.totalBytes > small.totalBytes);
    assert.equal(beyond.contextSize, 512);
    assert.equal(beyond.totalBytes, full.totalBytes);
    assert.equal(full.vramBytes, 0, 'no GPU without a Llama that has one');
    assert.equal(await estimateMemory(models.tinyB, localSettingsSchema.parse({ contextSize: 512 })), full.totalBytes);
    const text = join(scratch, 'estimate-me.gguf');
    writeFileSync(text, 'no');
    assert.equal(await estimateMemory(text, localSettingsSchema.parse({})), null);
  });
});
