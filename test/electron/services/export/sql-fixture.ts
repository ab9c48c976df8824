import { join } from 'node:path';
import { databaseFileName } from '../../../../electron/services/bootstrap.js';
import type { Sql } from '../../../../electron/services/storage/database.js';
import { Database } from '../../../../electron/services/storage/database.js';
import { migrate } from '../../../../electron/services/storage/migrations.js';

/**
 * A labeled workspace written with SQL, the way the labeling service leaves its tables: three
 * task sets (pairwise, ranking, rubric) over one experiment of three models, with several
 * annotators, an LLM judge, a changed mind, a retraction, a tie, a both-bad, a split vote and
 * PII in the outputs. The labeled-workspace tests through the real contract are in
 * export-contract.test.ts.
 */

export const fakeHome = '/home/ana-export-test';
export const localModelPath = `${fakeHome}/models/tiny-a.gguf`;
export const secretValue = 'sk-test-EXPORTSECRET-0123456789abcdef';

export const ids = {
  pairwise: 'ts-pair',
  ranking: 'ts-rank',
  rubric: 'ts-rubric',
};

export const questions = [
  'Where is my parcel? Write to ana@example.com',
  'How do I reset my password?',
  'Can I change the delivery address?',
  'Why was I charged twice?',
  'Do you ship to Peru?',
  'Do you ship to Peru?', // the same content as row 4: one prompt for the split
];

export const models = { local: 'm-local', remote: 'm-remote', third: 'm-third' } as const;
type ModelKey = keyof typeof models;

export function genId(row: number, model: ModelKey, version = 1): string {
  return `g-r${row}-${model}${version === 1 ? '' : `-v${version}`}`;
}

export function output(row: number, model: ModelKey, version = 1): string {
  if (version !== 1) return `Answer ${row} from ${model} v${version}.`;
  if (row === 0 && model === 'remote') {
    return `Your parcel is on its way. Mail ana@example.com or call +1 415 555 0132; card 4111 1111 1111 1111 on file; server 10.0.0.12; see ${fakeHome}/notes.txt`;
  }
  if (row === 0 && model === 'local') return `It was lost. Key ${secretValue} and model at ${localModelPath}.`;
  if (row === 1) return `Use the reset link (${model}).`; // distinct per model
  return `Answer ${row} from ${model}.`;
}

export async function seedLabeledWorkspace(dataDir: string): Promise<void> {
  const db = await Database.open(join(dataDir, databaseFileName));
  try {
    await migrate(db);
    await db.transaction(async (sql) => {
      await sql.run(`INSERT INTO prompts (id, name) VALUES ('p1', 'Support reply')`);
      for (const version of [1, 2]) {
        await sql.run(
          `INSERT INTO prompt_versions (id, prompt_id, number, content_hash, template, variables) VALUES ($id, 'p1', $n, $hash, '{"messages":[]}', '["question"]')`,
          { id: `pv${version}`, n: version, hash: `hash-${version}` },
        );
      }
      await sql.run(`INSERT INTO models (id, kind, name, config, prices) VALUES
        ('m-local', 'local', 'tiny-a', $local, '{}'),
        ('m-remote', 'remote', 'Geo 7B', '{"provider":"openai-compatible","baseUrl":"http://127.0.0.1:9/v1","model":"geo-7b","apiKeyName":"EXPORT_TEST_KEY"}', '{}'),
        ('m-third', 'remote', 'Third', '{"provider":"openai","baseUrl":null,"model":"gpt-x","apiKeyName":"OPENAI_API_KEY"}', '{}')`, {
        local: JSON.stringify({ path: localModelPath, header: null, settings: {} }),
      });
      await sql.run(`INSERT INTO datasets (id, name) VALUES ('d1', 'Tickets')`);
      await sql.run(`INSERT INTO dataset_versions (id, dataset_id, number, row_count, variables, has_reference, has_context, source)
        VALUES ('dv1', 'd1', 1, ${questions.length}, '["question"]', false, false, 'test')`);
      for (const [index, question] of questions.entries()) {
        await sql.run(`INSERT INTO dataset_rows VALUES ('dv1', $i, $id, $vars, NULL, NULL)`, { i: index, id: `row-${index}`, vars: JSON.stringify({ question }) });
      }
      await sql.run(`INSERT INTO experiments (id, name, config, estimate, state) VALUES ('e1', 'Support A/B', '{}', '{}', 'completed')`);
      for (const [row, question] of questions.entries()) {
        for (const model of Object.keys(models) as ModelKey[]) await insertGeneration(sql, row, model, 1, question);
      }
      await insertGeneration(sql, 0, 'local', 2, questions[0]!);

      await sql.run(`INSERT INTO annotators (id, name, kind, model_id) VALUES
        ('ann-ana', 'Ana', 'human', NULL), ('ann-ben', 'Ben', 'human', NULL), ('ann-cy', 'Cy', 'human', NULL), ('ann-judge', 'Judge · Geo 7B', 'llm', 'm-remote')`);
      await sql.run(`INSERT INTO task_sets (id, name, experiment_id, kind, config) VALUES
        ('ts-pair', 'Support pairs', 'e1', 'pairwise', '{"overlap":3}'),
        ('ts-rank', 'Support rankings', 'e1', 'ranking', '{"overlap":2}'),
        ('ts-rubric', 'Support rubric', 'e1', 'rubric', $rubric)`, {
        rubric: JSON.stringify({ rubric: [{ name: 'Helpfulness', min: 1, max: 5 }, { name: 'Correctness', min: 1, max: 5 }] }),
      });

      // Pairwise: one item per row (local vs remote), and one across prompt versions.
      for (const row of questions.keys()) await insertItem(sql, `pi-${row}`, 'ts-pair', row, row, [genId(row, 'local'), genId(row, 'remote')]);
      await insertItem(sql, 'pi-versions', 'ts-pair', 6, 0, [genId(0, 'local'), genId(0, 'local', 2)]);
      const L = (row: number) => genId(row, 'local');
      const R = (row: number) => genId(row, 'remote');
      // row 0: remote wins 2 to 1
      await judge(sql, 'ann-ana', 'pi-0', 1, pairwise('preferred', R(0), 'much'));
      await judge(sql, 'ann-ben', 'pi-0', 1, pairwise('preferred', R(0), 'slight'));
      await judge(sql, 'ann-cy', 'pi-0', 1, pairwise('preferred', L(0), 'slight'));
      // row 1: a tie
      await judge(sql, 'ann-ana', 'pi-1', 1, pairwise('tie', null, null));
      // row 2: both bad
      await judge(sql, 'ann-ana', 'pi-2', 1, pairwise('both_bad', null, null));
      // row 3: split 1 to 1, no majority
      await judge(sql, 'ann-ana', 'pi-3', 1, pairwise('preferred', L(3), 'slight'));
      await judge(sql, 'ann-ben', 'pi-3', 1, pairwise('preferred', R(3), 'much'));
      // row 4: Ana changed her mind (local is current); Ben's vote was retracted
      await judge(sql, 'ann-ana', 'pi-4', 1, pairwise('preferred', R(4), 'slight'));
      await judge(sql, 'ann-ana', 'pi-4', 2, pairwise('preferred', L(4), 'much'));
      await judge(sql, 'ann-ben', 'pi-4', 1, pairwise('preferred', R(4), 'much'));
      await judge(sql, 'ann-ben', 'pi-4', 2, null, { retracted: true });
      // row 5: Ana prefers remote; the LLM judge prefers local
      await judge(sql, 'ann-ana', 'pi-5', 1, pairwise('preferred', R(5), 'much'));
      await judge(sql, 'ann-judge', 'pi-5', 1, pairwise('preferred', L(5), null), { source: 'llm' });
      // across prompt versions: v2 preferred (different prompts)
      await judge(sql, 'ann-ana', 'pi-versions', 1, pairwise('preferred', genId(0, 'local', 2), 'slight'));

      // Rankings of three outputs, rows 0-2.
      for (const row of [0, 1, 2]) await insertItem(sql, `ri-${row}`, 'ts-rank', row, row, [L(row), R(row), genId(row, 'third')]);
      const T = (row: number) => genId(row, 'third');
      await judge(sql, 'ann-ana', 'ri-0', 1, ranking([[R(0), 1], [T(0), 2], [L(0), 3]]));
      await judge(sql, 'ann-ben', 'ri-0', 1, ranking([[R(0), 1], [T(0), 2], [L(0), 3]]));
      await judge(sql, 'ann-ana', 'ri-1', 1, ranking([[L(1), 1], [R(1), 2], [T(1), 3]]));
      await judge(sql, 'ann-ben', 'ri-1', 1, ranking([[R(1), 1], [L(1), 2], [T(1), 3]]));
      await judge(sql, 'ann-ana', 'ri-2', 1, ranking([[T(2), 1], [L(2), 1], [R(2), 3]]));

      // Rubric scores of single outputs (1-5 on two criteria).
      for (const row of [0, 1, 2]) await insertItem(sql, `si-${row}`, 'ts-rubric', row, row, [L(row)]);
      await judge(sql, 'ann-ana', 'si-0', 1, rubric(5, 4)); // 0.875: desirable
      await judge(sql, 'ann-ana', 'si-1', 1, rubric(1, 2)); // 0.125: undesirable
      await judge(sql, 'ann-ana', 'si-2', 1, rubric(3, 3)); // 0.5: at the threshold
    });
  } finally {
    await db.close();
  }
}

function pairwise(choice: string, preferred: string | null, strength: string | null) {
  return { kind: 'pairwise', choice, preferredGenerationId: preferred, strength };
}

function ranking(ranks: [string, number][]) {
  return { kind: 'ranking', ranks: ranks.map(([generationId, rank]) => ({ generationId, rank })) };
}

function rubric(helpfulness: number, correctness: number) {
  return { kind: 'rubric', scores: [{ criterion: 'Helpfulness', score: helpfulness }, { criterion: 'Correctness', score: correctness }] };
}

let clock = Date.parse('2025-01-01T00:00:00Z');

async function insertGeneration(sql: Sql, row: number, model: ModelKey, version: number, question: string): Promise<void> {
  await sql.run(
    `INSERT INTO generations (id, experiment_id, prompt_version_id, model_id, row_id, sample_index, seed, cache_key, messages, params, output,
       finish_reason, input_tokens, output_tokens, latency_ms, cached, attempts)
     VALUES ($id, 'e1', $pv, $model, $row, 0, 42, $id, $messages, '{}', $output, 'stop', 10, 10, 5, false, 1)`,
    {
      id: genId(row, model, version),
      pv: `pv${version}`,
      model: models[model],
      row: `row-${row}`,
      messages: JSON.stringify([
        { role: 'system', content: version === 1 ? 'You are a support agent.' : 'You are a terse support agent.' },
        { role: 'user', content: question },
      ]),
      output: output(row, model, version),
    },
  );
}

async function insertItem(sql: Sql, id: string, taskSetId: string, position: number, row: number, generationIds: string[]): Promise<void> {
  await sql.run('INSERT INTO task_items VALUES ($id, $set, $position, $row, $gens)', {
    id,
    set: taskSetId,
    position,
    row: `row-${row}`,
    gens: JSON.stringify(generationIds),
  });
}

async function judge(
  sql: Sql,
  annotator: string,
  item: string,
  revision: number,
  verdict: object | null,
  extra: { source?: string; retracted?: boolean } = {},
): Promise<void> {
  const set = item.startsWith('pi-') ? 'ts-pair' : item.startsWith('ri-') ? 'ts-rank' : 'ts-rubric';
  clock += 1000;
  await sql.run(
    `INSERT INTO judgments (id, judgment_key, revision, task_set_id, item_id, annotator_id, source, retracted, shown_order, verdict, created_at)
     VALUES ($id, $key, $revision, $set, $item, $annotator, $source, $retracted, '[]', $verdict, $at)`,
    {
      id: `j-${annotator}-${item}-${revision}`,
      key: `k-${annotator}-${item}`,
      revision,
      set,
      item,
      annotator,
      source: extra.source ?? 'human',
      retracted: extra.retracted ?? false,
      verdict: verdict === null ? null : JSON.stringify(verdict),
      at: new Date(clock).toISOString(),
    },
  );
}
