// The generation writer on a real DuckDB file: batches, commits, and what it does with a row it cannot store.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GenerationWriter, type GenerationWrite } from '../../../../electron/services/experiments/generation-writer.js';
import { toGeneration } from '../../../../electron/services/experiments/experiment-repository.js';
import { Database } from '../../../../electron/services/storage/database.js';
import { migrate } from '../../../../electron/services/storage/migrations.js';
import { tempDataDir } from '../../../support/start-server.js';

function write(rowId: string, overrides: Partial<GenerationWrite['record']> = {}): GenerationWrite {
  const messages = [{ role: 'user' as const, content: `hello ${rowId}` }];
  return {
    cacheKey: `key-${rowId}`,
    messagesJson: JSON.stringify(messages),
    record: {
      id: randomUUID(),
      experimentId: 'e1',
      promptVersionId: 'pv',
      modelId: 'm',
      rowId,
      sampleIndex: 0,
      seed: 2 ** 31 - 1,
      messages,
      params: { temperature: 0.5, maxTokens: 16, stop: ['\n\n'], seed: 2 ** 31 - 1 },
      output: `answer “${rowId}”`,
      finishReason: 'stop',
      inputTokens: 3,
      outputTokens: 2,
      latencyMs: 12.5,
      timeToFirstTokenMs: null,
      costUsd: 0.000012,
      error: null,
      cached: false,
      attempts: 2,
      createdAt: new Date().toISOString(),
      ...overrides,
    },
  };
}

describe('generation writer', () => {
  let dir: string;
  let db: Database;

  before(async () => {
    dir = tempDataDir('arbiter-writer-');
    db = await Database.open(join(dir, 'w.duckdb'));
    await migrate(db);
  });
  after(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const stored = async (rowId: string) => (await db.all('SELECT * FROM generations WHERE row_id = $rowId', { rowId })).map(toGeneration);

  it('commits rows added together as one batch, every field as given', async () => {
    const batches: number[] = [];
    const writer = new GenerationWriter(db, { onStored: (rows) => batches.push(rows.length), onFailure: assert.fail });
    const failed = write('b', { error: { code: 'RATE_LIMITED', message: 'slow down', retryable: true, retryAfterSeconds: 2 }, finishReason: 'error', costUsd: null, timeToFirstTokenMs: 3.25 });
    const rows = [write('a'), failed, write('c', { cached: true })];
    for (const row of rows) writer.add(row);
    assert.equal(writer.backlog, 3);
    await writer.close();
    assert.deepEqual(batches, [3]);
    for (const row of rows) {
      const [back] = await stored(row.record.rowId);
      assert.deepEqual({ ...back, createdAt: new Date(back!.createdAt).toISOString() }, row.record);
    }
    assert.throws(() => writer.add(write('late')), /closed/);
  });

  it('stores model output exactly as it came, whatever characters it holds', async () => {
    const batches: number[] = [];
    const writer = new GenerationWriter(db, { onStored: (rows) => batches.push(rows.length), onFailure: assert.fail });
    const outputs = {
      quotes: `He said "no" \\ 'yes' \\u0041 {"json": [1, 2]} '); DROP TABLE generations; --`,
      lines: 'line 1\nline 2\r\n\ttabbed\u2028\u2029',
      unicode: 'emoji 👩🏽‍💻, CJK 漢字, RTL שלום, combining é',
      control: 'bell \u0007 escape \u001b[31m red \u001b[0m',
      empty: '',
      long: 'x'.repeat(200_000),
    };
    const rows = Object.entries(outputs).map(([name, output]) => write(`text-${name}`, { output }));
    for (const row of rows) writer.add(row);
    await writer.close();
    assert.deepEqual(batches, [rows.length], 'one batch');
    for (const row of rows) assert.equal((await stored(row.record.rowId))[0]?.output, row.record.output, row.record.rowId);
  });

  it('a row whose text the batch cannot carry still lands, with the rest of its batch', async () => {
    const stored0 = await db.all(`SELECT count(*) AS n FROM generations WHERE row_id LIKE 'odd-%'`);
    assert.deepEqual(stored0, [{ n: 0 }]);
    const writer = new GenerationWriter(db, { onStored: () => {}, onFailure: assert.fail });
    // A lone surrogate (a model cut off mid-emoji) and a NUL byte.
    writer.add(write('odd-surrogate', { output: 'cut \ud83d here' }));
    writer.add(write('odd-nul', { output: 'nul \u0000 byte' }));
    writer.add(write('odd-plain'));
    await writer.close();
    assert.deepEqual((await db.all(`SELECT row_id FROM generations WHERE row_id LIKE 'odd-%' ORDER BY row_id`)).map((r) => r.row_id), [
      'odd-nul',
      'odd-plain',
      'odd-surrogate',
    ]);
  });

  it('a row for a cell that is already stored is skipped; the rest of its batch goes in', async () => {
    const reported: string[] = [];
    const writer = new GenerationWriter(db, { onStored: (rows) => reported.push(...rows.map((r) => r.record.rowId)), onFailure: assert.fail });
    writer.add(write('d'));
    writer.add(write('a')); // the cell (e1, pv, m, a, 0) was stored by the test above
    writer.add(write('e'));
    await writer.close();
    assert.deepEqual(reported, ['d', 'e']);
    assert.equal((await stored('a')).length, 1);
    assert.equal((await stored('e')).length, 1);
  });

  it('producers that outrun the disk wait for room; nothing is lost', async () => {
    const writer = new GenerationWriter(db, { maxBatch: 10, onStored: () => {}, onFailure: assert.fail });
    for (let i = 0; i < 25; i++) writer.add(write(`room-${i}`));
    await writer.room();
    assert.ok(writer.backlog < 10);
    await writer.close();
    const [{ n }] = (await db.all(`SELECT count(*) AS n FROM generations WHERE row_id LIKE 'room-%'`)) as [{ n: number }];
    assert.equal(n, 25);
  });

  it('the one-INSERT-per-row baseline stores the same rows, reporting each as it lands', async () => {
    const batches: number[] = [];
    const writer = new GenerationWriter(db, { strategy: 'insert-per-row', onStored: (rows) => batches.push(rows.length), onFailure: assert.fail });
    const rows = [write('f'), write('g', { error: { code: 'SERVER', message: '500', retryable: true }, finishReason: 'error' })];
    for (const row of rows) writer.add(row);
    await writer.close();
    assert.deepEqual(batches, [1, 1]);
    const [back] = await stored('g');
    assert.deepEqual(back!.error, rows[1]!.record.error);
  });
});
