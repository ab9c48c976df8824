import assert from 'node:assert/strict';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import type { DatasetDetail, DatasetPreview } from '../../../../shared/contract/datasets.js';
import { openTestBackend } from '../../../support/backend.js';
import { allRows, scratchDir, type TestBackend } from './support.js';

const rowCount = 100_000;

/** A realistic eval set: a question with commas and quotes, a reference answer, a retrieved passage. */
async function writeLargeCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('id,question,topic,answer,passage\n');
  for (let i = 0; i < rowCount; i++) {
    const line = `${i},"Question ${i}: how does feature ${i % 97} work, and why?",topic-${i % 13},"Answer ${i}, with a ""quote""","Passage ${i}: ${'lorem ipsum '.repeat(8)}"\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

describe('a 100,000-row CSV', () => {
  let t: TestBackend;
  let dir: string;
  let path: string;
  before(async () => {
    t = await openTestBackend();
    dir = scratchDir();
    path = join(dir, 'large.csv');
    await writeLargeCsv(path);
  });
  after(async () => {
    await t.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('previews and imports whole, in order, with unique ids (times printed, not asserted)', async () => {
    const mb = (statSync(path).size / 1024 / 1024).toFixed(1);
    let started = performance.now();
    const preview = await t.call<DatasetPreview>('datasets.preview', { source: { kind: 'file', path } });
    const previewMs = performance.now() - started;
    assert.equal(preview.rowCount, rowCount);
    assert.equal(preview.rows.length, 20);

    started = performance.now();
    const dataset = await t.call<DatasetDetail>('datasets.import', { name: 'Large', source: { kind: 'file', path }, mapping: { reference: 'answer', context: 'passage', exclude: ['id'] } });
    const importMs = performance.now() - started;
    console.log(`    ${rowCount.toLocaleString('en-US')} rows (${mb} MB CSV): preview ${previewMs.toFixed(0)} ms, import ${importMs.toFixed(0)} ms (${Math.round(rowCount / (importMs / 1000)).toLocaleString('en-US')} rows/s)`);

    assert.equal(dataset.latest.rowCount, rowCount);
    assert.deepEqual(dataset.latest.variables, ['question', 'topic']);
    const rows = await allRows(t, dataset.latest.id);
    assert.equal(rows.length, rowCount);
    assert.ok(rows.every((row, index) => row.index === index && row.variables.question === `Question ${index}: how does feature ${index % 97} work, and why?`), 'file order');
    assert.equal(rows[99_999]!.reference, 'Answer 99999, with a "quote"');
    assert.match(rows[5]!.context ?? '', /^Passage 5: lorem ipsum/);
    assert.equal(new Set(rows.map((row) => row.id)).size, rowCount, 'every id is unique');

    started = performance.now();
    const again = await t.call<DatasetDetail>('datasets.import', { datasetId: dataset.id, source: { kind: 'file', path }, mapping: { reference: 'answer', context: 'passage', exclude: ['id'] } });
    console.log(`    re-import as version 2: ${(performance.now() - started).toFixed(0)} ms`);
    assert.equal(again.latest.number, 2);
    const page = await t.call<{ rows: { id: string }[] }>('datasets.rows', { versionId: again.latest.id, offset: 99_000, limit: 1000 });
    assert.deepEqual(page.rows.map((row) => row.id), rows.slice(99_000).map((row) => row.id), 'the same ids in the new version');
  });
});
