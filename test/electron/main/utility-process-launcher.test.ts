import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import type { UtilityProcess } from 'electron';
import { utilityProcessLauncher } from '../../../electron/main/utility-process-launcher.js';

class FakeUtilityProcess extends EventEmitter {
  pid = 4242;
  stdout = new PassThrough();
  stderr = new PassThrough();
  posted: unknown[] = [];
  killed = false;
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  kill() {
    this.killed = true;
    return true;
  }
}

describe('utilityProcess launcher (desktop llama worker)', () => {
  it('forks the built worker entry and relays messages, output and exit', () => {
    const forks: { entry: string; options: unknown }[] = [];
    const child = new FakeUtilityProcess();
    const launcher = utilityProcessLauncher((entry, _args, options) => {
      forks.push({ entry, options });
      return child as unknown as UtilityProcess;
    }, '/app/dist-electron/llama-worker.js');
    const handle = launcher.start();
    assert.equal(forks[0]?.entry, '/app/dist-electron/llama-worker.js');
    assert.equal(handle.pid, 4242);

    const messages: unknown[] = [];
    const output: string[] = [];
    const exits: [number | null, string | null][] = [];
    handle.onMessage((message) => messages.push(message));
    handle.onOutput((text) => output.push(text));
    handle.onExit((code, signal) => exits.push([code, signal]));

    handle.send({ type: 'shutdown' });
    assert.deepEqual(child.posted, [{ type: 'shutdown' }]);
    child.emit('message', { type: 'ready' });
    child.stderr.write('GGML_ASSERT(x) failed\n');
    child.emit('exit', 134);
    child.emit('exit', 134);
    assert.deepEqual(messages, [{ type: 'ready' }]);
    assert.deepEqual(output, ['GGML_ASSERT(x) failed\n']);
    assert.deepEqual(exits, [[134, null]], 'exit is reported once');
    handle.send({ type: 'shutdown' });
    assert.equal(child.posted.length, 1, 'nothing is posted to a dead process');
    handle.kill();
    assert.equal(child.killed, true);
  });
});
