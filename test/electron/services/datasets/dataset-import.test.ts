import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DatasetDetail, DatasetPreview, DatasetSummary } from '../../../../shared/contract/datasets.js';
import { openTestBackend } from '../../../support/backend.js';
import { allRows, duckdb, fixture, importFile, scratchDir, storedCounts, writeScratch, type TestBackend } from './support.js';

// The same five support questions in every format: CSV and TSV (quoted commas, a value over two
// lines, a leading zero, non-Latin text, empty cells), JSONL, a JSON array and Parquet.
const mapping = { reference: 'answer', context: 'context' };
const expectedVariables = [
  { id: '007', question: 'How do I reset my password?' },
  { id: '002', question: 'Can I export my data, and in which formats?' },
  { id: '003', question: '¿Dónde está mi factura? 請求書はどこ？' },
  { id: '004', question: 'A question\nover two lines' },
  { id: '002', question: 'Can I export my data, and in which formats?' },
];

describe('dataset import (real DuckDB, through the contract)', () => {
  let t: TestBackend;
  let dir: string;
  let parquet: string;
  before(async () => {
    t = await openTestBackend();
    dir = scratchDir();
    parquet = join(dir, 'support.parquet');
    // Written by DuckDB as a pipeline would, every value as text, so its rows hash like the others'.
    await duckdb(`COPY (SELECT * FROM read_csv('${fixture('support.csv')}', all_varchar=true)) TO '${parquet}' (FORMAT parquet)`);
  });
  after(async () => {
    await t.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('previews a file: columns with DuckDB types, the first rows, the row count; stores nothing', async () => {
    const preview = await t.call<DatasetPreview>('datasets.preview', { source: { kind: 'file', path: fixture('support.csv') }, limit: 2 });
    assert.equal(preview.format, 'csv');
    assert.deepEqual(preview.columns.map((column) => column.name), ['id', 'question', 'answer', 'context']);
    assert.equal(preview.rowCount, 5);
    assert.equal(preview.rows.length, 2);
    assert.deepEqual(preview.rows[0], {
      id: '007',
      question: 'How do I reset my password?',
      answer: 'Use “Forgot password” on the sign-in page.',
      context: 'Passwords are reset from the sign-in page.',
    });
    assert.deepEqual(await t.call('datasets.list'), []);
  });

  it('shows the types DuckDB detects in a CSV, and keeps the text as written', async () => {
    const csv = writeScratch(dir, 'typed.csv', 'n,score,day,zip\n1,0.50,2024-01-05,01234\n2,1.25,2024-02-29,10115\n');
    const preview = await t.call<DatasetPreview>('datasets.preview', { source: { kind: 'file', path: csv } });
    assert.deepEqual(preview.columns, [
      { name: 'n', type: 'BIGINT' },
      { name: 'score', type: 'DOUBLE' },
      { name: 'day', type: 'DATE' },
      { name: 'zip', type: 'VARCHAR' },
    ]);
    assert.deepEqual(preview.rows[0], { n: '1', score: '0.50', day: '2024-01-05', zip: '01234' });
  });

  it('imports CSV, TSV, JSONL, JSON and Parquet files and pasted text, all to the same rows and ids', async () => {
    const sources = [
      { kind: 'file', path: fixture('support.csv') },
      { kind: 'file', path: fixture('support.tsv') },
      { kind: 'file', path: fixture('support.jsonl') },
      { kind: 'file', path: fixture('support.json') },
      { kind: 'file', path: parquet },
      { kind: 'text', text: readFileSync(fixture('support.csv'), 'utf8'), format: 'csv' },
      { kind: 'text', text: readFileSync(fixture('support.tsv'), 'utf8'), format: 'tsv' },
      { kind: 'text', text: readFileSync(fixture('support.jsonl'), 'utf8'), format: 'jsonl' },
      { kind: 'text', text: readFileSync(fixture('support.json'), 'utf8'), format: 'json' },
    ];
    const idLists: string[][] = [];
    for (const [n, source] of sources.entries()) {
      const dataset = await t.call<DatasetDetail>('datasets.import', { name: `Support ${n}`, source, mapping });
      const version = dataset.latest;
      assert.equal(version.number, 1);
      assert.equal(version.rowCount, 5, `${JSON.stringify(source).slice(0, 60)}: row count`);
      assert.deepEqual(version.variables, ['id', 'question']);
      assert.equal(version.hasReference, true);
      assert.equal(version.hasContext, true);
      const rows = await allRows(t, version.id);
      assert.deepEqual(
        rows.map((row) => row.variables),
        expectedVariables,
        `${source.kind === 'file' ? source.path : `pasted ${source.format}`}: values exactly as written`,
      );
      assert.deepEqual(
        rows.map((row) => row.reference),
        ['Use “Forgot password” on the sign-in page.', 'Yes: CSV, JSONL and Parquet.', 'Under Billing → Invoices.', null, 'Yes: CSV, JSONL and Parquet.'],
      );
      assert.deepEqual(rows.map((row) => row.context), ['Passwords are reset from the sign-in page.', null, 'Invoices live under Billing.', null, null]);
      assert.deepEqual(rows.map((row) => row.index), [0, 1, 2, 3, 4]);
      idLists.push(rows.map((row) => row.id));
    }
    for (const ids of idLists) assert.deepEqual(ids, idLists[0], 'identical content gives identical ids, whatever the format');
    const ids = idLists[0]!;
    assert.equal(new Set(ids).size, 5, 'a repeated row still gets its own id');
    assert.notEqual(ids[1], ids[4]);
    assert.match(ids[0]!, /^[0-9a-f]{32}$/);

    const list = await t.call<DatasetSummary[]>('datasets.list');
    assert.equal(list.length, sources.length);
    assert.equal(list.find((d) => d.name === 'Support 0')?.latest.source, fixture('support.csv'));
    assert.match(list.find((d) => d.name === 'Support 5')?.latest.source ?? '', /^Pasted CSV \(\d+ bytes\)$/);
  });

  it('keeps JSON and Parquet values typed: numbers, booleans, lists and objects', async () => {
    const jsonl = writeScratch(
      dir,
      'typed.jsonl',
      ['{"n": 42, "ratio": 0.25, "ok": true, "tags": ["a", "b"], "meta": {"lang": "fr"}, "answer": 7}', '{"n": 43, "tags": [], "answer": "seven"}'].join('\n'),
    );
    const fromJson = await importFile(t, jsonl, { name: 'Typed JSONL', mapping: { reference: 'answer' } });
    const jsonRows = await allRows(t, fromJson.latest.id);
    assert.deepEqual(jsonRows[0]!.variables, { n: 42, ratio: 0.25, ok: true, tags: ['a', 'b'], meta: { lang: 'fr' } });
    assert.deepEqual(jsonRows[1]!.variables, { n: 43, ratio: null, ok: null, tags: [], meta: null }, 'a missing key is null');
    assert.deepEqual(jsonRows.map((row) => row.reference), ['7', 'seven'], 'a reference is text');

    const typedParquet = join(dir, 'typed.parquet');
    await duckdb(
      `COPY (SELECT 1::INTEGER AS n, 2.5::DOUBLE AS x, DATE '2024-03-01' AS day, ['a', 'b'] AS tags, {'k': 1} AS obj, NULL::VARCHAR AS note, 'fine' AS answer) TO '${typedParquet}' (FORMAT parquet)`,
    );
    const preview = await t.call<DatasetPreview>('datasets.preview', { source: { kind: 'file', path: typedParquet } });
    assert.deepEqual(
      preview.columns.map((column) => column.type),
      ['INTEGER', 'DOUBLE', 'DATE', 'VARCHAR[]', 'STRUCT(k INTEGER)', 'VARCHAR', 'VARCHAR'],
    );
    const fromParquet = await importFile(t, typedParquet, { name: 'Typed Parquet', mapping: { reference: 'answer' } });
    const [row] = await allRows(t, fromParquet.latest.id);
    assert.deepEqual(row!.variables, { n: 1, x: 2.5, day: '2024-03-01', tags: ['a', 'b'], obj: { k: 1 }, note: null }, 'a missing value stays missing');
    assert.equal(row!.reference, 'fine');
  });

  it('maps columns: rename, exclude, reference and context', async () => {
    const csv = writeScratch(dir, 'mapped.csv', 'Question Text,lang,expected,docs,internal id\nWhat is 2+2?,en,4,Arithmetic.,x1\nEt 3+3 ?,fr,6,,x2\n');
    const dataset = await importFile(t, csv, {
      name: 'Mapped',
      mapping: { rename: { 'Question Text': 'question', lang: 'language' }, exclude: ['internal id'], reference: 'expected', context: 'docs' },
    });
    assert.deepEqual(dataset.latest.variables, ['question', 'language']);
    const rows = await allRows(t, dataset.latest.id);
    assert.deepEqual(
      rows.map(({ variables, reference, context }) => ({ variables, reference, context })),
      [
        { variables: { question: 'What is 2+2?', language: 'en' }, reference: '4', context: 'Arithmetic.' },
        { variables: { question: 'Et 3+3 ?', language: 'fr' }, reference: '6', context: null },
      ],
    );

    const noRoles = await importFile(t, csv, { name: 'Mapped, no roles', mapping: { rename: { 'Question Text': 'question' }, exclude: ['internal id', 'docs', 'expected'] } });
    assert.deepEqual(noRoles.latest.variables, ['question', 'lang']);
    assert.equal(noRoles.latest.hasReference, false);
    assert.equal(noRoles.latest.hasContext, false);
  });

  it('refuses a mapping that does not fit the file, naming the column, and stores nothing', async () => {
    const csv = writeScratch(dir, 'refuse.csv', 'Question Text,a,b\nq,1,2\n');
    const before = (await t.call<DatasetSummary[]>('datasets.list')).length;
    const attempt = (map: Record<string, unknown>) => importFile(t, csv, { name: 'Refused', mapping: map });
    await assert.rejects(attempt({ rename: { 'Question Text': 'question' }, reference: 'answer' }), {
      code: 'INVALID_INPUT',
      message: 'The reference column “answer” is not in refuse.csv (its columns: Question Text, a, b).',
    });
    await assert.rejects(attempt({}), {
      code: 'INVALID_INPUT',
      message: 'Column “Question Text” can\'t be a template variable under that name: rename it (e.g. to question_text) or exclude it.',
    });
    await assert.rejects(attempt({ rename: { 'Question Text': 'x', a: 'x' } }), { code: 'INVALID_INPUT', message: 'Columns “Question Text” and “a” would both be the variable “x”.' });
    await assert.rejects(attempt({ exclude: ['Question Text'], reference: 'a', context: 'a' }), { code: 'INVALID_INPUT', message: /can't be both the reference and the context/ });
    await assert.rejects(attempt({ exclude: ['Question Text', 'b'], reference: 'a' }), { code: 'INVALID_INPUT', message: /keep at least one as a template variable/ });
    await assert.rejects(attempt({ rename: { 'Question Text': 'has space' } }), { code: 'INVALID_INPUT', message: /Variable names are letters, digits and _/ });
    assert.equal((await t.call<DatasetSummary[]>('datasets.list')).length, before);
  });

  it('gives stable ids: re-importing identical content gives identical ids; an edited row changes only its own', async () => {
    const header = 'question,answer\n';
    const body = ['What is DuckDB?,A database', 'Is it fast?,Yes', 'Is it fast?,Yes', 'Is it embedded?,Yes'];
    const first = await importFile(t, writeScratch(dir, 'stable-a.csv', header + body.join('\n')), { name: 'Stable A', mapping: { reference: 'answer' } });
    const again = await importFile(t, writeScratch(dir, 'stable-b.csv', header + body.join('\n') + '\n'), { name: 'Stable B', mapping: { reference: 'answer' } });
    const reordered = await importFile(t, writeScratch(dir, 'stable-c.csv', 'answer,question\n' + body.map((line) => line.split(',').reverse().join(',')).join('\n')), {
      name: 'Stable C',
      mapping: { reference: 'answer' },
    });
    const edited = [...body];
    edited[0] = 'What is DuckDB exactly?,A database';
    const changed = await importFile(t, writeScratch(dir, 'stable-d.csv', header + edited.join('\n')), { name: 'Stable D', mapping: { reference: 'answer' } });

    const ids = async (dataset: DatasetDetail) => (await allRows(t, dataset.latest.id)).map((row) => row.id);
    const a = await ids(first);
    assert.deepEqual(await ids(again), a, 'identical content, identical ids');
    assert.deepEqual(await ids(reordered), a, 'the order of columns in the file does not matter');
    const d = await ids(changed);
    assert.notEqual(d[0], a[0]);
    assert.deepEqual(d.slice(1), a.slice(1));
    assert.notEqual(a[1], a[2], 'two identical rows have different ids (occurrence 0 and 1)');
  });

  it('importing into an existing dataset adds version n+1 and leaves the old version untouched', async () => {
    const v1File = writeScratch(dir, 'versions-1.csv', 'question,answer\nOne?,1\nTwo?,2\n');
    const created = await importFile(t, v1File, { mapping: { reference: 'answer' } });
    assert.equal(created.name, 'versions-1', 'the name comes from the file name');
    const v1 = created.latest;
    const v1Rows = await allRows(t, v1.id);

    const v2File = writeScratch(dir, 'versions-2.jsonl', '{"question": "One?", "answer": "1"}\n{"question": "Three?", "answer": "3"}\n{"question": "Four?", "answer": "4"}\n');
    const updated = await importFile(t, v2File, { datasetId: created.id, mapping: { reference: 'answer' } });
    assert.equal(updated.id, created.id);
    assert.equal(updated.versionCount, 2);
    assert.deepEqual(updated.versions.map((version) => version.number), [2, 1], 'newest first');
    assert.equal(updated.latest.number, 2);
    assert.equal(updated.latest.rowCount, 3);
    assert.equal(updated.latest.source, v2File);

    assert.deepEqual(await allRows(t, v1.id), v1Rows, 'version 1 is exactly as it was');
    const v2Rows = await allRows(t, updated.latest.id);
    assert.equal(v2Rows[0]!.id, v1Rows[0]!.id, 'the unchanged row keeps its id in the new version');

    const fetched = await t.call<DatasetDetail>('datasets.get', { id: created.id });
    assert.deepEqual(fetched.versions.find((version) => version.number === 1), v1);
    await assert.rejects(importFile(t, v1File, { datasetId: 'no-such-dataset' }), { code: 'NOT_FOUND' });
  });

  it('names: a typed name must be free; a name taken from the file gets a number', async () => {
    const file = writeScratch(dir, 'names.csv', 'q\nhello\n');
    const first = await importFile(t, file);
    const second = await importFile(t, file);
    assert.equal(first.name, 'names');
    assert.equal(second.name, 'names (2)');
    await assert.rejects(importFile(t, file, { name: 'NAMES' }), { code: 'CONFLICT', message: /already exists/ });
    const pasted = await t.call<DatasetDetail>('datasets.import', { source: { kind: 'text', text: 'q\nhi\n', format: 'csv' } });
    assert.equal(pasted.name, 'Pasted rows');
  });

  it('quick-add: a few typed rows become a dataset, with the ids the same rows get from a file', async () => {
    const rows = [
      { question: 'What is the capital of France?', answer: 'Paris' },
      { question: 'What is 12 × 12?', answer: '144' },
    ];
    const quick = await t.call<DatasetDetail>('datasets.quickAdd', { name: 'Quick facts', rows, reference: 'answer' });
    assert.equal(quick.latest.source, 'Typed in the app');
    assert.deepEqual(quick.latest.variables, ['question']);
    const quickRows = await allRows(t, quick.latest.id);
    assert.deepEqual(quickRows.map((row) => [row.variables, row.reference]), rows.map((row) => [{ question: row.question }, row.answer]));

    const csv = writeScratch(dir, 'quick.csv', 'question,answer\nWhat is the capital of France?,Paris\nWhat is 12 × 12?,144\n');
    const fromFile = await importFile(t, csv, { name: 'Quick facts from a file', mapping: { reference: 'answer' } });
    assert.deepEqual((await allRows(t, fromFile.latest.id)).map((row) => row.id), quickRows.map((row) => row.id));

    await assert.rejects(t.call('datasets.quickAdd', { name: 'Quick facts', rows }), { code: 'CONFLICT' });
    await assert.rejects(t.call('datasets.quickAdd', { name: 'Bad column', rows: [{ 'my question': 'x' }] }), {
      code: 'INVALID_INPUT',
      message: /Column “my question” can't be a template variable .* my_question/,
    });
    await assert.rejects(t.call('datasets.quickAdd', { name: 'No rows', rows: [] }), { code: 'INVALID_INPUT' });
  });

  it('pages through a version’s rows', async () => {
    const lines = Array.from({ length: 250 }, (_, i) => `Question ${i + 1}`);
    const dataset = await importFile(t, writeScratch(dir, 'paged.csv', `question\n${lines.join('\n')}\n`), { name: 'Paged' });
    const page = await t.call<{ rows: { index: number; variables: { question: string } }[]; total: number }>('datasets.rows', {
      versionId: dataset.latest.id,
      offset: 100,
      limit: 50,
    });
    assert.equal(page.total, 250);
    assert.deepEqual(page.rows.map((row) => row.index), Array.from({ length: 50 }, (_, i) => 100 + i));
    assert.equal(page.rows[0]!.variables.question, 'Question 101');
    const last = await t.call<{ rows: unknown[] }>('datasets.rows', { versionId: dataset.latest.id, offset: 240, limit: 50 });
    assert.equal(last.rows.length, 10);
    await assert.rejects(t.call('datasets.rows', { versionId: 'missing' }), { code: 'NOT_FOUND' });
  });

  it('reads paths as people paste them, and file names DuckDB would take for a pattern', async () => {
    const odd = writeScratch(dir, 'draft*?.csv', 'q\nodd name\n');
    writeScratch(dir, 'draft-v2.csv', 'q\ndecoy that the pattern draft*?.csv matches\n');
    const dataset = await importFile(t, odd, { name: 'Odd name' });
    assert.equal(dataset.latest.rowCount, 1, 'only this file, not every file the pattern matches');
    assert.deepEqual((await allRows(t, dataset.latest.id))[0]!.variables, { q: 'odd name' });

    const quoted = await t.call<DatasetPreview>('datasets.preview', { source: { kind: 'file', path: `  "${fixture('support.csv')}"  ` } });
    assert.equal(quoted.rowCount, 5);
    const url = await t.call<DatasetPreview>('datasets.preview', { source: { kind: 'file', path: `file://${fixture('support.jsonl')}` } });
    assert.equal(url.format, 'jsonl');
    const bom = writeScratch(dir, 'bom.jsonl', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"q": "with a byte order mark"}\n')]));
    assert.deepEqual((await t.call<DatasetPreview>('datasets.preview', { source: { kind: 'file', path: bom } })).rows, [{ q: 'with a byte order mark' }]);
    const bomCsv = writeScratch(dir, 'bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('q\nexcel wrote this\n')]));
    assert.deepEqual((await t.call<DatasetPreview>('datasets.preview', { source: { kind: 'file', path: bomCsv } })).columns.map((c) => c.name), ['q']);
  });

  it('writes an audit entry per import and leaves no stray rows', async () => {
    const datasets = await t.call<DatasetSummary[]>('datasets.list');
    const versions = (await Promise.all(datasets.map((d) => t.call<DatasetDetail>('datasets.get', { id: d.id })))).flatMap((d) => d.versions);
    const rowTotal = versions.reduce((sum, version) => sum + version.rowCount, 0);
    await t.close();
    const counts = await storedCounts(t.dataDir);
    assert.equal(counts.datasets, datasets.length);
    assert.equal(counts.versions, versions.length);
    assert.equal(counts.rows, rowTotal, 'every stored row belongs to a version');
    assert.equal(counts.audit, versions.length);
    t = await openTestBackend(t.dataDir);
  });
});
