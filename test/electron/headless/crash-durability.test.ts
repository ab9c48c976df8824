import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startServer } from '../../support/start-server.js';

describe('crash durability', () => {
  it('after kill -9 mid-save, every version reported saved is there and the file opens', async () => {
    const first = await startServer();
    const created = await first.call('prompts.create', { name: 'Crash test' });
    const promptId: string = created.body.value.id;

    // Saves stream in from several clients at once; the server is killed while they are in flight.
    const confirmed: number[] = [];
    let stop = false;
    const writer = async (lane: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const { body } = await first.call('prompts.saveVersion', {
            promptId,
            template: { messages: [{ role: 'user', content: `lane ${lane} save ${i} {{ text }}` }] },
          });
          if (body.ok) confirmed.push(body.value.version.number);
        } catch {
          return; // the connection died with the server
        }
      }
    };
    const lanes = [writer(1), writer(2), writer(3)];
    while (confirmed.length < 40) await new Promise((resolve) => setTimeout(resolve, 5));
    await first.kill();
    stop = true;
    await Promise.all(lanes);

    const second = await startServer({ dataDir: first.dataDir });
    try {
      const { body } = await second.call('prompts.get', { id: promptId });
      assert.equal(body.ok, true, 'the workspace opens after the crash');
      const stored = new Set<number>(body.value.versions.map((v: { number: number }) => v.number));
      const lost = confirmed.filter((number) => !stored.has(number));
      assert.deepEqual(lost, [], 'every save that was confirmed survived');
      assert.ok(stored.size >= confirmed.length + 1);
      // Numbers stay dense: no half-written version left a gap or a duplicate.
      assert.deepEqual([...stored].sort((a, b) => a - b), Array.from({ length: stored.size }, (_, i) => i + 1));
      const after = await second.call('prompts.saveVersion', { promptId, template: { messages: [{ role: 'user', content: 'after the crash' }] } });
      assert.equal(after.body.value.version.number, stored.size + 1);
    } finally {
      await second.stop();
    }
  });
});
