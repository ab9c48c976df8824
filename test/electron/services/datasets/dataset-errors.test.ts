import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { DatasetDetail, DatasetFormat } from '../../../../shared/contract/datasets.js';
import { openTestBackend } from '../../../support/backend.js';
import { duckdb, fixture, scratchDir, storedCounts, writeScratch, type StoredCounts, type TestBackend } from './support.js';

// Every way a file can be wrong that we have seen people hit. Each case must fail the same way in
// the preview, as a new dataset and as a new version of an existing one, and store nothing.

interface Case {
  title: string;
  /** A file to write (name + bytes), or pasted text. */
  file?: { name: string; content: string | Buffer };
  text?: { content: string; format: DatasetFormat };
  /** A path as given (missing files, folders). */
  path?: (dir: string) => string;
  format?: DatasetFormat;
  code?: 'INVALID_INPUT' | 'NOT_FOUND';
  message: string | RegExp | ((dir: string) => string);
}

const utf16 = (text: string, bom = true) => Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]);
const saveAsUtf8 = 'Save it as UTF-8 (in Excel: “CSV UTF-8”; in most editors: Save with encoding → UTF-8) and import it again.';
const notUtf8 = (where: string) =>
  `${where} is not UTF-8 text (the file is probably Latin-1 or Windows-1252). Save it as UTF-8 (in Excel: “CSV UTF-8”) and import it again.`;

const cases: Case[] = [
  // CSV and TSV
  {
    title: 'CSV: a row with too many values',
    file: { name: 'too-many.csv', content: 'id,question,answer\n1,a,b\n2,c,d\n3,e,f\n4,g,h\n5,i,j\n6,k,l,m,n\n7,o,p\n' },
    message: 'Line 7 of too-many.csv: expected 3 columns, found 5. A value with a comma in it needs double quotes around it.',
  },
  {
    title: 'CSV: a row with too few values',
    file: { name: 'too-few.csv', content: 'id,question,answer\n1,a,b\n2,c\n3,e,f\n' },
    message: 'Line 3 of too-few.csv: expected 3 columns, found 2.',
  },
  {
    title: 'CSV: a quote that is never closed',
    file: { name: 'unclosed.csv', content: 'question,answer\n"What is this,42\nok,1\n' },
    message: 'Line 2 of unclosed.csv: a quoted value is never closed, or has a " inside it that is not doubled ("")',
  },
  {
    title: 'CSV: a quote inside a quoted value that is not doubled',
    file: { name: 'stray-quote.csv', content: 'question,answer\n"fine",1\n"a "quoted" word",2\n' },
    message: 'Line 3 of stray-quote.csv: a quoted value is never closed, or has a " inside it that is not doubled ("")',
  },
  {
    title: 'TSV: a row with a tab too many',
    file: { name: 'rows.tsv', content: 'question\tanswer\nA?\ta\nB?\tb\textra\n' },
    message: 'Line 3 of rows.tsv: expected 2 columns, found 3. A value with a tab in it needs double quotes around it.',
  },
  {
    title: 'pasted CSV with a bad line',
    text: { content: 'question,answer\nA?,a\nB?,b,oops\n', format: 'csv' },
    message: 'Line 3 of the pasted text: expected 2 columns, found 3. A value with a comma in it needs double quotes around it.',
  },
  // Encodings
  { title: 'UTF-16 with a byte order mark', file: { name: 'utf16.csv', content: utf16('name,city\nJosé,Málaga\n') }, message: `utf16.csv is UTF-16 text; Arbiter reads UTF-8. ${saveAsUtf8}` },
  {
    title: 'UTF-16 without a byte order mark',
    file: { name: 'utf16-nobom.csv', content: utf16('name,city\nJosé,Málaga\n', false) },
    message: `utf16-nobom.csv looks like UTF-16 text (every other byte is zero); Arbiter reads UTF-8. ${saveAsUtf8}`,
  },
  { title: 'UTF-16 JSONL', file: { name: 'utf16.jsonl', content: utf16('{"q": "é"}\n') }, message: `utf16.jsonl is UTF-16 text; Arbiter reads UTF-8. ${saveAsUtf8}` },
  {
    title: 'Latin-1 CSV',
    file: { name: 'latin1.csv', content: Buffer.from('name,city\nBob,Paris\nJosé,Málaga\nAnn,Oslo\n', 'latin1') },
    message: notUtf8('Line 3 of latin1.csv'),
  },
  {
    title: 'Latin-1 in the header of a CSV',
    file: { name: 'latin1-header.csv', content: Buffer.from('prénom,ville\nBob,Paris\n', 'latin1') },
    message: /^Line 1 of latin1-header.csv is not UTF-8 text/,
  },
  {
    title: 'Latin-1 JSONL',
    file: { name: 'latin1.jsonl', content: Buffer.from('{"city": "Paris"}\n{"city": "Málaga"}\n', 'latin1') },
    message: notUtf8('Line 2 of latin1.jsonl'),
  },
  // Empty
  { title: 'an empty file', file: { name: 'empty.csv', content: '' }, message: 'empty.csv is empty: the file has no rows.' },
  { title: 'a CSV with a header and no rows', file: { name: 'header-only.csv', content: 'question,answer\n' }, message: 'header-only.csv has no rows.' },
  { title: 'a JSONL file of blank lines', file: { name: 'blank.jsonl', content: '\n\n  \n' }, message: 'blank.jsonl has no rows.' },
  { title: 'an empty JSON array', file: { name: 'empty.json', content: '[]\n' }, message: 'empty.json has no rows.' },
  { title: 'pasted whitespace', text: { content: '  \n\n', format: 'csv' }, message: 'The pasted text is empty: there are no rows.' },
  // JSONL and JSON
  {
    title: 'JSONL: a broken line after a blank one',
    file: { name: 'broken.jsonl', content: '{"q": "a"}\n\n{"q": "b"}\n{"q": "c" "d"}\n{"q": "e"}\n' },
    message: /^Line 4 of broken.jsonl is not valid JSON: unexpected character \(at byte \d+\)$/,
  },
  {
    title: 'JSONL: a line cut short at the end',
    file: { name: 'cut.jsonl', content: '{"q": "a"}\n{"q": "b' },
    message: /^Line 2 of cut.jsonl is not valid JSON: /,
  },
  {
    title: 'JSONL: a line that is not an object',
    file: { name: 'array-line.jsonl', content: '{"q": "a"}\n\n["q", "b"]\n' },
    message: 'Line 3 of array-line.jsonl is an array, not an object. Every line holds one JSON object, e.g. {"question": "…", "answer": "…"}.',
  },
  {
    title: 'JSONL: a non-object line far down (past the type sample)',
    file: { name: 'late.jsonl', content: `${'{"q": "a"}\n'.repeat(3000)}42\n` },
    message: 'Line 3001 of late.jsonl is a number, not an object. Every line holds one JSON object, e.g. {"question": "…", "answer": "…"}.',
  },
  {
    title: 'pasted JSONL with a broken line',
    text: { content: '{"q": "a"}\n{"q": }\n', format: 'jsonl' },
    message: /^Line 2 of the pasted text is not valid JSON: /,
  },
  {
    title: 'JSON: one object instead of an array',
    file: { name: 'object.json', content: '{"q": "a"}' },
    message: 'object.json is not a JSON array: it starts with “{”. A JSON dataset is one array of objects ([{…}, {…}]); for one object per line choose JSONL.',
  },
  {
    title: 'JSON: a broken record in the array',
    file: { name: 'broken.json', content: '[{"q": "a"},\n {"q": "b"]\n' },
    message: /^Record 2 of broken.json is not valid JSON: unexpected character \(at byte \d+\)$/,
  },
  {
    title: 'JSON: an array of numbers',
    file: { name: 'numbers.json', content: '[1, 2, 3]' },
    message: 'Record 1 of numbers.json is a number, not an object. The array holds one JSON object per row, e.g. [{"question": "…"}, {"question": "…"}].',
  },
  // Parquet and files that are something else
  {
    title: 'Parquet: a CSV file with a .parquet name',
    file: { name: 'fake.parquet', content: 'question,answer\nA?,a\n' },
    message: 'fake.parquet is not a Parquet file: it does not start with Parquet\'s “PAR1” marker. It looks like text (CSV?).',
  },
  {
    title: 'Parquet: a file cut short',
    // Filled in `before` from a real Parquet file with its end cut off.
    file: { name: 'cut.parquet', content: Buffer.alloc(0) },
    message: 'cut.parquet is not a complete Parquet file: its end is missing (was the copy cut short?).',
  },
  {
    title: 'a Parquet file read as CSV',
    file: { name: 'really-parquet.csv', content: Buffer.alloc(0) },
    message: 'really-parquet.csv is a Parquet file, not CSV: choose Parquet as the format.',
  },
  {
    title: 'an Excel workbook named .csv',
    file: { name: 'book.csv', content: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 1)]) },
    message: 'book.csv is a zip archive (an Excel workbook?), not CSV text. Export the sheet as CSV first.',
  },
  {
    title: 'a gzip-compressed file',
    file: { name: 'rows.csv', content: gzipSync('question\nA?\n') },
    message: 'rows.csv is compressed (gzip or zstd): unpack it first, then import the CSV file inside.',
  },
  {
    title: 'a binary file',
    file: { name: 'binary.jsonl', content: Buffer.from([0x7b, 0x00, 0x01, 0x02, 0x7d, 0x0a, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a]) },
    message: 'binary.jsonl contains zero bytes: it looks like a binary file, not JSONL text.',
  },
  // Paths
  { title: 'a missing file', path: (dir) => join(dir, 'missing.csv'), code: 'NOT_FOUND', message: (dir) => `There is no file at ${join(dir, 'missing.csv')}.` },
  { title: 'a folder', path: (dir) => join(dir, 'a-folder.csv'), message: (dir) => `${join(dir, 'a-folder.csv')} is a folder; choose a file in it.` },
  {
    title: 'a name that does not say the format',
    file: { name: 'notes.txt', content: 'question\nA?\n' },
    message: "Can't tell the format of notes.txt from its name: choose CSV, TSV, JSONL, JSON or Parquet.",
  },
];

describe('malformed dataset files: the error names the line and the problem, nothing is stored', () => {
  let t: TestBackend;
  let dir: string;
  let existing: DatasetDetail;
  let countsBefore: StoredCounts;

  before(async () => {
    dir = scratchDir();
    mkdirSync(join(dir, 'a-folder.csv'));
    const parquet = join(dir, 'whole.parquet');
    await duckdb(`COPY (SELECT * FROM read_csv('${fixture('support.csv')}')) TO '${parquet}' (FORMAT parquet)`);
    const bytes = readFileSync(parquet);
    cases.find((c) => c.file?.name === 'cut.parquet')!.file!.content = bytes.subarray(0, bytes.length - 40);
    cases.find((c) => c.file?.name === 'really-parquet.csv')!.file!.content = bytes;

    t = await openTestBackend();
    existing = await t.call<DatasetDetail>('datasets.import', { name: 'Existing', source: { kind: 'file', path: fixture('support.csv') }, mapping: { reference: 'answer' } });
    await t.close();
    countsBefore = await storedCounts(t.dataDir);
    t = await openTestBackend(t.dataDir);
  });
  after(async () => {
    await t.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const c of cases) {
    it(c.title, async () => {
      const source = c.text
        ? { kind: 'text', text: c.text.content, format: c.text.format }
        : { kind: 'file', path: c.path ? c.path(dir) : writeScratch(dir, c.file!.name, c.file!.content), ...(c.format ? { format: c.format } : {}) };
      const expected = { code: c.code ?? 'INVALID_INPUT', message: typeof c.message === 'function' ? c.message(dir) : c.message };
      await assert.rejects(t.call('datasets.preview', { source }), expected, 'preview');
      await assert.rejects(t.call('datasets.import', { name: `Attempt: ${c.title}`, source }), expected, 'import as a new dataset');
      await assert.rejects(t.call('datasets.import', { datasetId: existing.id, source }), expected, 'import as a new version');
      const after = await t.call<DatasetDetail>('datasets.get', { id: existing.id });
      assert.equal(after.versionCount, 1);
    });
  }

  it('a file that fails after thousands of rows were read leaves no trace either', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `${i},question ${i}`);
    rows[35_000] = '35000,"an unclosed quote';
    const path = writeScratch(dir, 'late-failure.csv', `id,question\n${rows.join('\n')}\n`);
    await assert.rejects(t.call('datasets.import', { datasetId: existing.id, source: { kind: 'file', path } }), {
      code: 'INVALID_INPUT',
      message: 'Line 35002 of late-failure.csv: a quoted value is never closed, or has a " inside it that is not doubled ("")',
    });
  });

  it('nothing was stored by any of them: the same datasets, versions, rows and audit entries as before', async () => {
    await t.close();
    assert.deepEqual(await storedCounts(t.dataDir), countsBefore);
    t = await openTestBackend(t.dataDir);
    const list = await t.call<DatasetDetail[]>('datasets.list');
    assert.deepEqual(list.map((d) => d.name), ['Existing']);
  });
});
