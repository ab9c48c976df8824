import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ExportService } from '../../../../electron/services/export/export-service.js';
import { databaseFileName } from '../../../../electron/services/bootstrap.js';
import { Database } from '../../../../electron/services/storage/database.js';
import { exportOptionsSchema, type ExportManifest, type ExportOptionsInput } from '../../../../shared/contract/export.js';
import { tempDataDir } from '../../../support/start-server.js';
import { fakeHome, localModelPath, secretValue, seedLabeledWorkspace } from './sql-fixture.js';
import { folderDigest, frontMatter, pairsOf, readCsv, readJsonl, readParquet } from './support.js';

// Each format written from a labeled workspace (tables as the labeling service leaves them, see
// sql-fixture.ts) and read back the way its consumer reads it.

let dataDir: string;
let db: Database;
let service: ExportService;
let out: string;
let counter = 0;

before(async () => {
  dataDir = tempDataDir('arbiter-export-formats-');
  await seedLabeledWorkspace(dataDir);
  db = await Database.open(join(dataDir, databaseFileName));
  service = new ExportService(db, {
    workspaceDir: dataDir,
    appVersion: '9.9.9',
    homeDir: fakeHome,
    secrets: { list: () => [], get: (name) => (name === 'EXPORT_TEST_KEY' ? secretValue : undefined) },
  });
  out = join(dataDir, 'out');
});

after(async () => {
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const allSets = ['ts-pair', 'ts-rank', 'ts-rubric'];

async function write(input: Partial<ExportOptionsInput> & Pick<ExportOptionsInput, 'format'>, folder = join(out, `export-${++counter}`)) {
  const options = exportOptionsSchema.parse({ taskSetIds: allSets, ...input });
  const result = await service.write(options, folder, false);
  const ext = options.fileType;
  const file = (split: string) => join(result.folder, 'data', `${split}.${ext}`);
  const rows = async (split = 'train') => {
    if (!existsSync(file(split))) return [];
    if (ext === 'jsonl') return readJsonl(file(split));
    if (ext === 'parquet') return readParquet(file(split));
    return readCsv(file(split));
  };
  return { ...result, rows, file };
}

const messageKeys = (messages: any[]) => messages.map((message) => Object.keys(message).join(','));

describe('export formats, read back as their consumers read them', () => {
  it('TRL conversational (explicit prompt): prompt messages, one assistant message chosen and one rejected', async () => {
    const { rows, manifest } = await write({ format: 'trl-conversational' });
    const data = await rows();
    assert.ok(data.length > 0);
    for (const row of data) {
      assert.deepEqual(Object.keys(row), ['prompt', 'chosen', 'rejected']);
      assert.deepEqual(row.prompt.map((m: any) => m.role), ['system', 'user']);
      assert.ok(messageKeys(row.prompt).every((keys: string) => keys === 'role,content'));
      assert.equal(row.chosen.length, 1);
      assert.equal(row.rejected.length, 1);
      assert.deepEqual(Object.keys(row.chosen[0]), ['role', 'content']);
      assert.equal(row.chosen[0].role, 'assistant');
      assert.equal(row.rejected[0].role, 'assistant');
      assert.notEqual(row.chosen[0].content, row.rejected[0].content);
    }
    // Row 0: remote preferred 2 votes to 1. Row 4: Ana changed her mind to local and Ben's vote was retracted.
    const row0 = data.find((row) => row.prompt[1].content.startsWith('Where is my parcel') && row.rejected[0].content.startsWith('It was lost'));
    assert.ok(row0?.chosen[0].content.startsWith('Your parcel is on its way'));
    const row4 = data.find((row) => row.chosen[0].content === 'Answer 4 from local.');
    assert.equal(row4?.rejected[0].content, 'Answer 4 from remote.');
    assert.equal(manifest.counts.rows, data.length);
    assert.deepEqual(manifest.columns, ['prompt', 'chosen', 'rejected']);
  });

  it('TRL standard: prompt, chosen and rejected are plain strings', async () => {
    const data = await (await write({ format: 'trl-standard' })).rows();
    for (const row of data) {
      assert.deepEqual(Object.keys(row), ['prompt', 'chosen', 'rejected']);
      for (const key of ['prompt', 'chosen', 'rejected']) assert.equal(typeof row[key], 'string');
      assert.match(row.prompt, /^You are a support agent\.\n\n/);
    }
  });

  it('TRL implicit prompt: chosen and rejected are whole conversations that end with the assistant', async () => {
    const data = await (await write({ format: 'trl-implicit' })).rows();
    for (const row of data) {
      assert.deepEqual(Object.keys(row), ['chosen', 'rejected']);
      assert.deepEqual(row.chosen.map((m: any) => m.role), ['system', 'user', 'assistant']);
      assert.deepEqual(row.rejected.map((m: any) => m.role), ['system', 'user', 'assistant']);
    }
    // The implicit form keeps pairs across prompt versions: each side carries its own prompt.
    assert.ok(data.some((row) => row.chosen[0].content !== row.rejected[0].content));
  });

  it('OpenAI preference fine-tuning: input.messages, preferred_output and non_preferred_output (the last assistant message)', async () => {
    const data = await (await write({ format: 'openai-dpo' })).rows();
    for (const row of data) {
      assert.deepEqual(Object.keys(row), ['input', 'preferred_output', 'non_preferred_output']);
      assert.deepEqual(Object.keys(row.input), ['messages']);
      assert.equal(row.input.messages.at(-1).role, 'user');
      assert.deepEqual(row.preferred_output.map((m: any) => m.role), ['assistant']);
      assert.deepEqual(row.non_preferred_output.map((m: any) => m.role), ['assistant']);
    }
  });

  it('Anthropic HH: transcripts with the system text, then "\\n\\nHuman: " and "\\n\\nAssistant: " turns', async () => {
    const data = await (await write({ format: 'anthropic-hh' })).rows();
    for (const row of data) {
      assert.deepEqual(Object.keys(row), ['chosen', 'rejected']);
      for (const side of [row.chosen, row.rejected]) assert.match(side, /^You are a (terse )?support agent\.\n\nHuman: [^\n]+\n\nAssistant: [^\n]+$/);
    }
    const first = data.find((row) => row.chosen.includes('Do you ship to Peru?'));
    assert.equal(first?.chosen, 'You are a support agent.\n\nHuman: Do you ship to Peru?\n\nAssistant: Answer 4 from local.');
  });

  it('K-way rankings grouped: one row per ranking, completions by rank from 0, ties sharing a rank', async () => {
    const { rows, manifest } = await write({ format: 'ranking-grouped', metadata: true });
    const data = await rows();
    assert.equal(data.length, 3);
    for (const row of data) {
      assert.deepEqual(Object.keys(row).slice(0, 2), ['prompt', 'completions']);
      assert.equal(row.completions.length, 3);
      for (const completion of row.completions) {
        assert.deepEqual(Object.keys(completion), ['rank', 'completion']);
        assert.deepEqual(completion.completion.map((m: any) => m.role), ['assistant']);
      }
      assert.equal(row.completions[0].rank, 0);
    }
    const byItem = Object.fromEntries(data.map((row) => [row.item_id, row]));
    // Ana and Ben agree on ri-0: remote, third, local.
    assert.deepEqual(byItem['ri-0'].completions.map((c: any) => [c.rank, c.completion[0].content.slice(0, 12)]), [
      [0, 'Your parcel '],
      [1, 'Answer 0 fro'],
      [2, 'It was lost.'],
    ]);
    // ri-1: Ana local > remote, Ben remote > local: the mean ranks tie, both rank 0; third is last (rank 2).
    assert.deepEqual(byItem['ri-1'].completions.map((c: any) => c.rank), [0, 0, 2]);
    assert.equal(byItem['ri-1'].agreement, 4 / 6);
    assert.equal(manifest.counts.skipped.wrongTaskKind > 0, true, 'pairwise and rubric judgments are not rankings');
  });

  it('K-way rankings as pairs: C(K,2) pairs per ranking sharing a group_id, whose weights sum to 1', async () => {
    const data = await (await write({ format: 'ranking-pairs', dropTies: false, dedupe: false, resolve: 'per-annotator' })).rows();
    const groups = new Map<string, any[]>();
    for (const row of data) groups.set(row.group_id, [...(groups.get(row.group_id) ?? []), row]);
    // Five rankings (Ana and Ben on ri-0 and ri-1, Ana on ri-2), each of K = 3 outputs.
    assert.equal(groups.size, 5);
    for (const [, rows] of groups) {
      assert.equal(rows.length, pairsOf(3));
      assert.ok(Math.abs(rows.reduce((sum: number, row: any) => sum + row.group_weight, 0) - 1) < 1e-9);
      assert.equal(new Set(rows.map((row: any) => JSON.stringify(row.prompt))).size, 1);
    }
    assert.equal(data.length, 5 * pairsOf(3));
    for (const row of data) assert.deepEqual(Object.keys(row), ['prompt', 'chosen', 'rejected', 'group_id', 'group_weight']);
    // Dropping ties: Ana's ri-2 tie (third = local) loses one of its pairs.
    const noTies = await (await write({ format: 'ranking-pairs', dedupe: false, resolve: 'per-annotator' })).rows();
    assert.equal(noTies.length, 5 * pairsOf(3) - 1);
  });

  it('Unpaired (KTO): desirable and undesirable completions from pairs, rankings and rubric scores', async () => {
    const { rows, manifest } = await write({ format: 'kto', metadata: true });
    const data = await rows();
    for (const row of data) {
      assert.deepEqual(Object.keys(row).slice(0, 3), ['prompt', 'completion', 'label']);
      assert.equal(typeof row.label, 'boolean');
      assert.deepEqual(row.completion.map((m: any) => m.role), ['assistant']);
    }
    const rubric = data.filter((row) => row.task_set_id === 'ts-rubric');
    assert.deepEqual(rubric.map((row) => [row.item_id, row.label, row.score]), [
      ['si-0', true, 0.875],
      ['si-1', false, 0.125],
    ]);
    assert.equal(manifest.counts.skipped.atThreshold, 1, 'a score exactly at the threshold is neither');
    // Both-bad kept: two undesirable rows for row 2.
    const kept = await (await write({ format: 'kto', metadata: true, dropBothBad: false })).rows();
    assert.deepEqual(
      kept.filter((row) => row.item_id === 'pi-2').map((row) => row.label),
      [false, false],
    );
  });

  it('SFT: the best output per prompt as a conversation', async () => {
    const data = await (await write({ format: 'sft', metadata: true })).rows();
    for (const row of data) assert.deepEqual(row.messages.map((m: any) => m.role), ['system', 'user', 'assistant']);
    const best = Object.fromEntries(data.map((row) => [row.row_id, row.messages[2].content]));
    assert.match(best['row-0'], /^Your parcel is on its way/);
    assert.equal(best['row-4'], 'Answer 4 from local.');
    assert.equal(new Set(data.map((row) => row.row_id)).size, data.length, 'one row per prompt');
  });

  it('Parquet holds the same rows and nesting as JSONL; CSV writes lists and objects as JSON text', async () => {
    for (const format of ['trl-conversational', 'openai-dpo', 'ranking-grouped', 'kto'] as const) {
      const jsonl = await (await write({ format, metadata: true })).rows();
      const parquet = await (await write({ format, metadata: true, fileType: 'parquet' })).rows();
      assert.deepEqual(parquet, jsonl, format);
    }
    const csv = await (await write({ format: 'trl-conversational', fileType: 'csv' })).rows();
    const jsonl = await (await write({ format: 'trl-conversational' })).rows();
    assert.deepEqual(
      csv.map((row) => ({ prompt: JSON.parse(row.prompt), chosen: JSON.parse(row.chosen), rejected: JSON.parse(row.rejected) })),
      jsonl,
    );
  });
});

describe('export options', () => {
  it('several annotators: majority, unanimous only, or one row per annotator; agreement floor', async () => {
    const majority = await (await write({ format: 'trl-conversational', metadata: true, taskSetIds: ['ts-pair'] })).rows();
    assert.deepEqual(majority.map((row) => [row.item_id, row.votes, row.agreement]), [
      ['pi-0', 3, 2 / 3],
      ['pi-4', 1, 1],
      ['pi-5', 1, 1],
    ]);
    assert.deepEqual(majority[0].annotators, ['Ana', 'Ben', 'Cy']);
    const unanimous = await (await write({ format: 'trl-conversational', metadata: true, taskSetIds: ['ts-pair'], resolve: 'unanimous' })).rows();
    assert.deepEqual(unanimous.map((row) => row.item_id), ['pi-4', 'pi-5']);
    const perAnnotator = await (await write({ format: 'trl-conversational', metadata: true, taskSetIds: ['ts-pair'], resolve: 'per-annotator', dedupe: false })).rows();
    assert.deepEqual(
      perAnnotator.map((row) => [row.item_id, row.annotators[0], row.chosen_model]),
      [
        ['pi-0', 'Ana', 'Geo 7B'],
        ['pi-0', 'Ben', 'Geo 7B'],
        ['pi-0', 'Cy', 'tiny-a'],
        ['pi-3', 'Ana', 'tiny-a'],
        ['pi-3', 'Ben', 'Geo 7B'],
        ['pi-4', 'Ana', 'tiny-a'],
        ['pi-5', 'Ana', 'Geo 7B'],
      ],
    );
    const agreed = await write({ format: 'trl-conversational', metadata: true, taskSetIds: ['ts-pair'], minAgreement: 0.75 });
    assert.deepEqual((await agreed.rows()).map((row) => row.item_id), ['pi-4', 'pi-5']);
    assert.equal(agreed.manifest.counts.skipped.belowAgreement, 1);
  });

  it('ties and both-bad: both-bad never becomes a pair; kept ties are marked', async () => {
    const kept = await write({ format: 'trl-conversational', metadata: true, taskSetIds: ['ts-pair'], dropTies: false, dropBothBad: false });
    const rows = await kept.rows();
    assert.deepEqual(rows.filter((row) => row.choice === 'tie').map((row) => row.item_id), ['pi-1']);
    assert.ok(!rows.some((row) => row.item_id === 'pi-2'), 'both-bad is never a pair');
    assert.equal(kept.manifest.counts.skipped.bothBad, 1);
    const dropped = await write({ format: 'trl-conversational', metadata: true, taskSetIds: ['ts-pair'] });
    assert.equal(dropped.manifest.counts.skipped.ties, 1);
    assert.ok(!(await dropped.rows()).some((row) => row.item_id === 'pi-1'));
  });

  it('minimum strength and LLM-judge verdicts', async () => {
    const much = await write({ format: 'trl-conversational', metadata: true, taskSetIds: ['ts-pair'], minStrength: 'much' });
    // pi-0's majority strength is slight (Ana much, Ben slight: no majority for much).
    assert.deepEqual((await much.rows()).map((row) => [row.item_id, row.strength]), [
      ['pi-4', 'much'],
      ['pi-5', 'much'],
    ]);
    // pi-0 and the pair across prompt versions were slight.
    assert.equal(much.manifest.counts.skipped.belowStrength, 2);
    const withLlm = await write({ format: 'trl-conversational', metadata: true, taskSetIds: ['ts-pair'], includeLlm: true });
    // pi-5: Ana (remote) against the judge (local): no majority any more.
    assert.ok(!(await withLlm.rows()).some((row) => row.item_id === 'pi-5'));
    assert.equal(withLlm.manifest.counts.skipped.llmVotesExcluded, 0);
    assert.ok(withLlm.manifest.annotators.some((annotator) => annotator.kind === 'llm'));
    const without = await write({ format: 'trl-conversational', taskSetIds: ['ts-pair'] });
    assert.equal(without.manifest.counts.skipped.llmVotesExcluded, 1);
    assert.ok(!without.manifest.annotators.some((annotator) => annotator.kind === 'llm'));
  });

  it('train/test split by prompt: no prompt in both splits, duplicate rows on one side', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const result = await write({ format: 'kto', metadata: true, testFraction: 0.5, splitSeed: seed });
      const train = await result.rows('train');
      const test = await result.rows('test');
      assert.ok(train.length > 0 && test.length > 0, `seed ${seed}: both splits have rows`);
      const prompts = (rows: any[]) => new Set(rows.map((row) => JSON.stringify(row.prompt)));
      const overlap = [...prompts(train)].filter((prompt) => prompts(test).has(prompt));
      assert.deepEqual(overlap, [], `seed ${seed}: a prompt in both splits`);
      const rowIds = (rows: any[]) => new Set(rows.map((row) => row.row_id));
      assert.deepEqual([...rowIds(train)].filter((id) => rowIds(test).has(id)), []);
      // Rows 4 and 5 have the same content: they are one prompt and stay together.
      const side = (id: string) => (rowIds(train).has(id) ? 'train' : rowIds(test).has(id) ? 'test' : 'none');
      if (side('row-4') !== 'none' && side('row-5') !== 'none') assert.equal(side('row-4'), side('row-5'));
      assert.equal(result.manifest.counts.train + result.manifest.counts.test, train.length + test.length);
      assert.deepEqual(frontMatter(readFileSync(join(result.folder, 'README.md'), 'utf8')).configs[0].data_files, [
        { split: 'train', path: 'data/train.jsonl' },
        { split: 'test', path: 'data/test.jsonl' },
      ]);
    }
  });

  it('deduplication: identical rows once, pairs of identical outputs left out', async () => {
    const deduped = await write({ format: 'trl-conversational' });
    const all = await write({ format: 'trl-conversational', dedupe: false });
    const rows = await deduped.rows();
    assert.equal(new Set(rows.map((row) => JSON.stringify(row))).size, rows.length);
    assert.ok((await all.rows()).length > rows.length);
    assert.equal((await all.rows()).length - rows.length, deduped.manifest.counts.skipped.duplicates);
  });

  it('PII masking reaches every text field; keys, model paths and the home folder never leave', async () => {
    const result = await write({
      format: 'trl-conversational',
      metadata: true,
      mask: { emails: true, phones: true, cards: true, ips: true, patterns: ['parcel'] },
    });
    const text = JSON.stringify(await result.rows());
    for (const secret of ['ana@example.com', '415 555 0132', '4111 1111 1111 1111', '10.0.0.12', 'parcel']) assert.ok(!text.includes(secret), secret);
    for (const token of ['[EMAIL]', '[PHONE]', '[CARD]', '[IP]', '[REDACTED]']) assert.ok(text.includes(token), token);
    // Prompts are masked too (row 0's question holds an email).
    assert.ok(text.includes('Write to [EMAIL]'));
    // Not asked for, the same text stays, but keys, model paths and the home folder are removed whatever the options.
    for (const fileType of ['jsonl', 'parquet', 'csv'] as const) {
      const plain = await write({ format: 'trl-conversational', metadata: true, fileType });
      const everything = JSON.stringify(await plain.rows()) + readFileSync(join(plain.folder, 'manifest.json'), 'utf8') + readFileSync(join(plain.folder, 'README.md'), 'utf8');
      assert.ok(everything.includes('ana@example.com'), 'no masking unless asked');
      for (const leak of [secretValue, localModelPath, fakeHome, dataDir]) assert.ok(!everything.includes(leak), `${fileType}: ${leak}`);
      assert.ok(everything.includes('[SECRET]') && everything.includes('[PATH]') && everything.includes('~/notes.txt'));
    }
    const manifest = JSON.parse(readFileSync(join(result.folder, 'manifest.json'), 'utf8')) as ExportManifest;
    assert.equal(manifest.filters.mask.customPatterns, 1);
    assert.ok(!JSON.stringify(manifest).includes('parcel'), 'user patterns are counted, never written');
  });

  it('metadata columns beside the training fields, optional', async () => {
    const rows = await (await write({ format: 'openai-dpo', metadata: true })).rows();
    assert.deepEqual(Object.keys(rows[0]), [
      'input',
      'preferred_output',
      'non_preferred_output',
      'id',
      'task_set_id',
      'item_id',
      'row_id',
      'chosen_generation_id',
      'rejected_generation_id',
      'chosen_model',
      'rejected_model',
      'chosen_prompt_version',
      'rejected_prompt_version',
      'annotators',
      'source',
      'votes',
      'agreement',
      'strength',
      'choice',
    ]);
    assert.equal(rows[0].chosen_prompt_version, 'Support reply v1');
  });
});

describe('export folder', () => {
  it('data files, manifest.json with lineage and sha256, and a Hugging Face dataset card', async () => {
    const result = await write({ format: 'trl-conversational', fileType: 'parquet', testFraction: 0.3 });
    const manifest = JSON.parse(readFileSync(join(result.folder, 'manifest.json'), 'utf8')) as ExportManifest;
    assert.deepEqual(manifest, result.manifest);
    assert.equal(manifest.kind, 'arbiter-preference-export');
    assert.equal(manifest.tool.version, '9.9.9');
    assert.deepEqual(manifest.files.map((file) => file.path), ['data/train.parquet', 'data/test.parquet', 'README.md']);
    const digest = folderDigest(result.folder);
    for (const file of manifest.files) assert.equal(digest[file.path], file.sha256, file.path);
    assert.deepEqual(manifest.experiments, [{ id: 'e1', name: 'Support A/B' }]);
    assert.deepEqual(manifest.taskSets.map((set) => set.id), allSets);
    assert.deepEqual(manifest.models.map((model) => [model.name, model.kind, model.provider]), [
      ['tiny-a', 'local', null],
      ['Geo 7B', 'remote', 'openai-compatible'],
      ['Third', 'remote', 'openai'],
    ]);
    assert.deepEqual(manifest.promptVersions.map((version) => [version.prompt, version.number]), [['Support reply', 1]]);
    assert.deepEqual(manifest.annotators.map((annotator) => annotator.name), ['Ana', 'Ben', 'Cy']);
    assert.equal(manifest.counts.train + manifest.counts.test, manifest.counts.rows);

    const card = readFileSync(join(result.folder, 'README.md'), 'utf8');
    const yaml = frontMatter(card);
    assert.deepEqual(yaml.configs, [
      {
        config_name: 'default',
        data_files: [
          { split: 'train', path: 'data/train.parquet' },
          { split: 'test', path: 'data/test.parquet' },
        ],
      },
    ]);
    assert.ok(yaml.tags.includes('dpo'));
    assert.deepEqual(yaml.size_categories, ['n<1K']);
    assert.match(card, /load_dataset\("path\/to\/this\/folder"\)/);
    // Nothing half-written stays beside it.
    assert.deepEqual(readdirNames(out).filter((name) => name.includes('.partial-')), []);
  });

  it('the same workspace and options give byte-identical folders (manifest and card included)', async () => {
    for (const fileType of ['jsonl', 'parquet', 'csv'] as const) {
      const options: ExportOptionsInput = { taskSetIds: allSets, format: 'trl-conversational', fileType, metadata: true, testFraction: 0.4, mask: { emails: true, phones: false, cards: false, ips: false, patterns: [] } };
      const first = await write(options);
      const second = await write(options);
      assert.deepEqual(folderDigest(first.folder), folderDigest(second.folder), fileType);
    }
    // The task sets' order does not matter.
    const a = await write({ format: 'kto', taskSetIds: ['ts-rubric', 'ts-pair'] });
    const b = await write({ format: 'kto', taskSetIds: ['ts-pair', 'ts-rubric'] });
    assert.deepEqual(folderDigest(a.folder), folderDigest(b.folder));
  });

  it('refuses, in words: unknown task sets, a format the task sets cannot make, a bad pattern, a taken folder, nothing to export', async () => {
    await assert.rejects(write({ format: 'trl-conversational', taskSetIds: ['nope'] }), /No task set “nope”/);
    await assert.rejects(write({ format: 'ranking-grouped', taskSetIds: ['ts-pair'] }), /made from ranking task sets; “Support pairs” is pairwise/);
    await assert.rejects(write({ format: 'trl-conversational', mask: { emails: false, phones: false, cards: false, ips: false, patterns: ['(unclosed'] } }), /Masking pattern 1 \(\(unclosed\) is not a valid regular expression/);
    const taken = join(out, 'taken');
    mkdirSync(taken, { recursive: true });
    writeFileSync(join(taken, 'notes.txt'), 'mine');
    await assert.rejects(write({ format: 'trl-conversational' }, taken), /already holds files/);
    const options = exportOptionsSchema.parse({ taskSetIds: allSets, format: 'trl-conversational' });
    await assert.rejects(service.write(options, taken, true), /holds files Arbiter did not write/);
    assert.equal(readFileSync(join(taken, 'notes.txt'), 'utf8'), 'mine');
    // SFT from rubric scores that are all below the threshold: no output is good enough.
    await assert.rejects(write({ format: 'sft', taskSetIds: ['ts-rubric'], rubricThreshold: 0.9 }, join(out, 'empty')), /Nothing to export: these options leave no rows/);
    assert.equal(existsSync(join(out, 'empty')), false);
    // An earlier export of Arbiter's own can be replaced.
    const first = await write({ format: 'sft' }, join(out, 'replace-me'));
    const again = await service.write(exportOptionsSchema.parse({ taskSetIds: allSets, format: 'sft' }), first.folder, true);
    assert.deepEqual(folderDigest(again.folder), folderDigest(first.folder));
  });

  it('preview: the first rows exactly as the file holds them, and the counts', async () => {
    const options = exportOptionsSchema.parse({ taskSetIds: allSets, format: 'openai-dpo', metadata: true });
    const preview = await service.preview(options, 3);
    const written = await service.write(options, join(out, 'preview-check'), false);
    const file = readFileSync(join(written.folder, 'data', 'train.jsonl'), 'utf8').split('\n').slice(0, 3);
    assert.deepEqual(preview.lines, file);
    assert.deepEqual(preview.counts, written.manifest.counts);
    assert.equal(preview.shownAs, 'jsonl');
    const csv = await service.preview({ ...options, fileType: 'csv' }, 2);
    assert.equal(csv.shownAs, 'csv');
    assert.match(csv.lines[0]!, /^input,preferred_output,non_preferred_output,id,/);
    assert.equal(csv.lines.length, 3);
    assert.match(preview.defaultFolder, /exports\/support-pairs-support-rankings-support-[a-z-]*-openai-dpo-jsonl-[0-9a-f]{8}$/);
    const records = await service.list();
    assert.ok(records.some((record) => record.folder === written.folder && record.rows === written.manifest.counts.rows));
  });
});

function readdirNames(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder) : [];
}
