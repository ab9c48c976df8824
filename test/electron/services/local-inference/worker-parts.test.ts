// The small pure parts of local inference: delta batching, core counting, load plans, the protocol.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { localSettingsSchema } from '../../../../shared/contract/models.js';
import { DeltaCoalescer } from '../../../../electron/services/local-inference/delta-coalescer.js';
import { loadPlan } from '../../../../electron/services/local-inference/load-plan.js';
import { countLinuxCores, physicalCoreCount } from '../../../../electron/services/local-inference/physical-cores.js';
import { hostMessageSchema, workerMessageSchema } from '../../../../electron/services/local-inference/worker-protocol.js';

describe('DeltaCoalescer', () => {
  test('sends the first text at once, then batches until the interval passes or a flush', async () => {
    const sent: string[] = [];
    const coalescer = new DeltaCoalescer((text) => sent.push(text), 20);
    coalescer.push('a');
    assert.deepEqual(sent, ['a']);
    coalescer.push('b');
    coalescer.push('');
    coalescer.push('c');
    assert.deepEqual(sent, ['a']);
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.deepEqual(sent, ['a', 'bc']);
    coalescer.push('d');
    coalescer.flush();
    coalescer.flush();
    assert.deepEqual(sent, ['a', 'bc', 'd']);
  });
});

describe('physical cores', () => {
  test('counts distinct cores, not hyper-threads', () => {
    const block = (processor: number, physical: number, core: number) => `processor\t: ${processor}\nphysical id\t: ${physical}\ncore id\t\t: ${core}\n`;
    const twoCoresFourThreads = [block(0, 0, 0), block(1, 0, 1), block(2, 0, 0), block(3, 0, 1)].join('\n');
    assert.equal(countLinuxCores(twoCoresFourThreads), 2);
    assert.equal(countLinuxCores([block(0, 0, 0), block(1, 1, 0)].join('\n')), 2, 'two sockets');
    assert.equal(countLinuxCores('processor\t: 0\n'), 0);
    assert.ok(physicalCoreCount() >= 1);
  });
});

describe('loadPlan', () => {
  test('defaults threads to the physical cores, caps the context at the trained length, maps GPU layers', () => {
    const defaults = localSettingsSchema.parse({});
    assert.deepEqual(loadPlan(defaults, { trainedContextLength: 2048 }, 6), {
      gpuLayers: 'auto',
      contextSize: 2048,
      threads: 6,
      batchSize: undefined,
      flashAttention: false,
    });
    const custom = localSettingsSchema.parse({ gpuLayers: 'off', threads: 3, contextSize: 1024 });
    assert.deepEqual(loadPlan(custom, { trainedContextLength: null }, 6), { gpuLayers: 0, contextSize: 1024, threads: 3, batchSize: undefined, flashAttention: false });
    assert.equal(loadPlan(localSettingsSchema.parse({ gpuLayers: 20 }), { trainedContextLength: null }, 1).gpuLayers, 20);
  });
});

describe('worker protocol', () => {
  test('accepts well-formed messages and rejects malformed ones', () => {
    assert.ok(hostMessageSchema.safeParse({ type: 'cancel', id: 3 }).success);
    assert.ok(!hostMessageSchema.safeParse({ type: 'cancel', id: -1 }).success);
    assert.ok(!hostMessageSchema.safeParse({ type: 'generate', id: 1, modelId: 'm', messages: [], params: {} }).success);
    assert.ok(workerMessageSchema.safeParse({ type: 'delta', id: 1, text: 'hi' }).success);
    assert.ok(workerMessageSchema.safeParse({ type: 'failure', id: 1, error: { code: 'MODEL_LOAD', message: 'x' } }).success);
    assert.ok(!workerMessageSchema.safeParse({ type: 'failure', id: 1, error: { code: 'NOPE', message: 'x' } }).success);
  });
});
