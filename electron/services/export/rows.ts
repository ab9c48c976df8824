import type { ExportFormat, ExportOptions, ExportSkipped } from '../../../shared/contract/export.js';
import type { Sql } from '../storage/database.js';
import { number } from './sql-text.js';
import type { TextScrub } from './text-scrub.js';

/**
 * Stage 2 of an export: resolved votes become the rows of one format, in x_out, with their
 * training columns first, the optional metadata after, and bookkeeping columns (__split, the sort keys __ts…__v, __key, __gens)
 * that are never written. Everything nested is a real LIST/STRUCT, so JSONL and Parquet hold
 * the same shape.
 */

type Family = 'pairs' | 'groups' | 'unpaired' | 'sft';

interface Plan {
  family: Family;
  /** Training columns, as SQL over the family's source, in the order they are written. */
  training: [name: string, expression: string][];
  /** Pairs whose two outputs answer different prompts cannot be written with one prompt. */
  sharedPrompt: boolean;
}

const assistant = (output: string) => `[{'role': 'assistant', 'content': ${output}}]`;
const conversation = (prompt: string, output: string) => `list_concat(${prompt}, ${assistant(output)})`;
const lf2 = 'chr(10) || chr(10)';
/** Chat messages as plain text: the contents, a blank line apart (no chat template is guessed). */
const plainText = (prompt: string) => `array_to_string(list_transform(${prompt}, m -> m.content), ${lf2})`;
/** Anthropic's transcript form: a system prompt first, then "\n\nHuman: " and "\n\nAssistant: " turns. */
const transcript = (prompt: string, output: string) =>
  `array_to_string(list_transform(${prompt}, m -> CASE m.role WHEN 'system' THEN m.content WHEN 'user' THEN ${lf2} || 'Human: ' || m.content ELSE ${lf2} || 'Assistant: ' || m.content END), '') || ${lf2} || 'Assistant: ' || ${output}`;

export const plans: Record<ExportFormat, Plan> = {
  'trl-conversational': {
    family: 'pairs',
    sharedPrompt: true,
    training: [
      ['prompt', 'c.prompt'],
      ['chosen', assistant('c.output')],
      ['rejected', assistant('r.output')],
    ],
  },
  'trl-standard': {
    family: 'pairs',
    sharedPrompt: true,
    training: [
      ['prompt', plainText('c.prompt')],
      ['chosen', 'c.output'],
      ['rejected', 'r.output'],
    ],
  },
  'trl-implicit': {
    family: 'pairs',
    sharedPrompt: false,
    training: [
      ['chosen', conversation('c.prompt', 'c.output')],
      ['rejected', conversation('r.prompt', 'r.output')],
    ],
  },
  'openai-dpo': {
    family: 'pairs',
    sharedPrompt: true,
    training: [
      ['input', `{'messages': c.prompt}`],
      ['preferred_output', assistant('c.output')],
      ['non_preferred_output', assistant('r.output')],
    ],
  },
  'anthropic-hh': {
    family: 'pairs',
    sharedPrompt: false,
    training: [
      ['chosen', transcript('c.prompt', 'c.output')],
      ['rejected', transcript('r.prompt', 'r.output')],
    ],
  },
  'ranking-pairs': {
    family: 'pairs',
    sharedPrompt: true,
    training: [
      ['prompt', 'c.prompt'],
      ['chosen', assistant('c.output')],
      ['rejected', assistant('r.output')],
      ['group_id', 'p.group_id'],
      ['group_weight', 'p.__weight'],
    ],
  },
  'ranking-grouped': {
    family: 'groups',
    sharedPrompt: true,
    training: [
      ['prompt', 'g.prompt'],
      ['completions', 'g.completions'],
    ],
  },
  kto: {
    family: 'unpaired',
    sharedPrompt: false,
    training: [
      ['prompt', 'x.prompt'],
      ['completion', assistant('x.output')],
      ['label', 'u.label'],
    ],
  },
  sft: {
    family: 'sft',
    sharedPrompt: false,
    training: [['messages', conversation('x.prompt', 'x.output')]],
  },
};

const metadata: Record<Family, [string, string][]> = {
  pairs: [
    ['id', `md5(p.item_id || '/' || p.voter_key || '/' || p.a_idx || '/' || p.b_idx)`],
    ['task_set_id', 'p.task_set_id'],
    ['item_id', 'p.item_id'],
    ['row_id', 'p.row_id'],
    ['chosen_generation_id', 'c.id'],
    ['rejected_generation_id', 'r.id'],
    ['chosen_model', 'c.model'],
    ['rejected_model', 'r.model'],
    ['chosen_prompt_version', 'c.prompt_version'],
    ['rejected_prompt_version', 'r.prompt_version'],
    ['annotators', 'p.voters'],
    ['source', 'p.source'],
    ['votes', 'p.votes::INTEGER'],
    ['agreement', 'p.agreement'],
    ['strength', 'p.strength'],
    ['choice', `CASE p.outcome WHEN 'tie' THEN 'tie' ELSE 'preferred' END`],
  ],
  groups: [
    ['id', `md5(g.item_id || '/' || g.voter_key)`],
    ['task_set_id', 'i.task_set_id'],
    ['item_id', 'g.item_id'],
    ['row_id', 'i.row_id'],
    ['generation_ids', 'g.generation_ids'],
    ['models', 'g.models'],
    ['prompt_versions', 'g.prompt_versions'],
    ['annotators', 'g.voters'],
    ['source', 'g.source'],
    ['votes', 's.votes::INTEGER'],
    ['agreement', 's.agreement'],
  ],
  unpaired: [
    ['id', `md5(u.item_id || '/' || u.voter_key || '/' || u.gen || '/' || u.label)`],
    ['task_set_id', 'u.task_set_id'],
    ['item_id', 'u.item_id'],
    ['row_id', 'u.row_id'],
    ['generation_id', 'x.id'],
    ['model', 'x.model'],
    ['prompt_version', 'x.prompt_version'],
    ['annotators', 'u.voters'],
    ['source', 'u.source'],
    ['votes', 'u.votes::INTEGER'],
    ['agreement', 'u.agreement'],
    ['score', 'u.score'],
  ],
  sft: [
    ['id', 'md5(b.row_id)'],
    ['row_id', 'b.row_id'],
    ['generation_id', 'x.id'],
    ['model', 'x.model'],
    ['prompt_version', 'x.prompt_version'],
    ['score', 'b.score'],
    ['wins', 'b.wins::INTEGER'],
    ['losses', 'b.losses::INTEGER'],
  ],
};

export interface StagedRows {
  columns: string[];
  /** The SELECT that yields a split's rows in file order (`limit`: only the first; `asJsonText`: columns written as JSON text, for CSV). */
  rows(split: 'train' | 'test', limit?: number, asJsonText?: ReadonlySet<string>): string;
  skipped: Omit<ExportSkipped, 'llmVotesExcluded' | 'invalidVerdicts' | 'wrongTaskKind' | 'noConsensus' | 'atThreshold'>;
}

async function count(sql: Sql, query: string): Promise<number> {
  const row = await sql.one<{ n: number | bigint | null }>(query);
  return Number(row?.n ?? 0);
}

/** Deletes rows matching `where` from `table` and says how many went. */
async function drop(sql: Sql, table: string, where: string): Promise<number> {
  const n = await count(sql, `SELECT count(*) AS n FROM ${table} WHERE ${where}`);
  if (n > 0) await sql.run(`DELETE FROM ${table} WHERE ${where}`);
  return n;
}

export async function stageRows(sql: Sql, options: ExportOptions, scrub: TextScrub): Promise<StagedRows> {
  const plan = plans[options.format];
  const format = options.format;
  const floor = number(options.minAgreement - 1e-9);
  const skipped = { ties: 0, bothBad: 0, belowAgreement: 0, belowStrength: 0, differentPrompts: 0, identicalOutputs: 0, duplicates: 0 };

  // ---- pairs: pairwise items, and rankings expanded to their pairs (per pair, or per ranking for ranking-pairs)
  const fromPairwise = format !== 'ranking-pairs' && format !== 'ranking-grouped';
  const fromRankings = plan.family === 'pairs' || format === 'sft';
  const groupAgreement = format === 'ranking-pairs';
  const parts: string[] = [];
  if (fromPairwise) {
    parts.push(`SELECT p.task_set_id, p.position, p.row_id, p.item_id, p.voter_key, 0 AS a_idx, 1 AS b_idx, p.gen_a, p.gen_b,
        p.outcome, p.strength, p.votes, p.agreement, p.voters, p.source, 'pairwise' AS from_kind,
        p.item_id || CASE WHEN p.voter_key = '' THEN '' ELSE ':' || p.voter_key END AS group_id
      FROM x_pres p`);
  }
  if (fromRankings) {
    parts.push(`SELECT i.task_set_id, i.position, i.row_id, p.item_id, p.voter_key, p.a_idx, p.b_idx, p.gen_a, p.gen_b,
        p.outcome, NULL AS strength, p.votes, ${groupAgreement ? 'g.agreement' : 'p.agreement'} AS agreement, p.voters, p.source, 'ranking' AS from_kind,
        p.item_id || CASE WHEN p.voter_key = '' THEN '' ELSE ':' || p.voter_key END AS group_id
      FROM x_rpairs p JOIN x_items i ON i.item_id = p.item_id
      JOIN x_rgroups g ON g.item_id = p.item_id AND g.voter_key = p.voter_key`);
  }
  await sql.run(
    `CREATE OR REPLACE TEMP TABLE x_pairs AS ${
      parts.length > 0
        ? parts.join(' UNION ALL ')
        : `SELECT NULL::VARCHAR AS task_set_id, NULL::INTEGER AS position, NULL::VARCHAR AS row_id, NULL::VARCHAR AS item_id, NULL::VARCHAR AS voter_key,
             0 AS a_idx, 1 AS b_idx, NULL::VARCHAR AS gen_a, NULL::VARCHAR AS gen_b, NULL::VARCHAR AS outcome, NULL::VARCHAR AS strength, 0::BIGINT AS votes,
             0::DOUBLE AS agreement, []::VARCHAR[] AS voters, NULL::VARCHAR AS source, NULL::VARCHAR AS from_kind, NULL::VARCHAR AS group_id WHERE false`
    }`,
  );
  // Both-bad never becomes a pair; kept, it makes two undesirable KTO rows (and two losses for SFT).
  // A tie says nothing about which output to prefer: KTO and SFT never use one. Each row is counted
  // under the first rule that drops it, all in one pass, then dropped in one more.
  const bothBadAsRows = (format === 'kto' || format === 'sft') && !options.dropBothBad;
  const rules: [keyof typeof skipped, string][] = [];
  if (!bothBadAsRows) rules.push(['bothBad', `outcome = 'both_bad'`]);
  if (options.dropTies || format === 'kto' || format === 'sft') rules.push(['ties', `outcome = 'tie'`]);
  rules.push(['belowAgreement', `agreement < ${floor}`]);
  if (options.minStrength !== 'any') {
    const weak = options.minStrength === 'much' ? `strength IS DISTINCT FROM 'much'` : 'strength IS NULL';
    rules.push(['belowStrength', `from_kind = 'pairwise' AND outcome IN ('a', 'b') AND ${weak}`]);
  }
  const counted = await sql.one<Record<string, number | bigint>>(
    `SELECT ${rules.map(([, where], index) => `count(*) FILTER (WHERE (${where})${rules.slice(0, index).map(([, earlier]) => ` AND NOT (${earlier})`).join('')}) AS r${index}`).join(', ')} FROM x_pairs`,
  );
  rules.forEach(([reason], index) => (skipped[reason] += Number(counted?.[`r${index}`] ?? 0)));
  if (rules.some((_, index) => Number(counted?.[`r${index}`] ?? 0) > 0)) await sql.run(`DELETE FROM x_pairs WHERE ${rules.map(([, where]) => `(${where})`).join(' OR ')}`);
  if (format === 'ranking-grouped' || format === 'kto') skipped.belowAgreement += await drop(sql, 'x_rgroups', `agreement < ${floor}`);
  if (format === 'kto' || format === 'sft') skipped.belowAgreement += await drop(sql, 'x_sres', `agreement < ${floor}`);

  // ---- the generations involved, scrubbed once: every text field of the export comes from here
  // Model and prompt version names are few: scrubbed once here, not once per row.
  await sql.run(`CREATE OR REPLACE TEMP TABLE x_labels AS
    SELECT 'model' AS kind, id, ${scrub.sql('name')} AS label FROM models
    UNION ALL
    SELECT 'version', pv.id, ${scrub.sql(`pr.name || ' v' || pv.number`)} FROM prompt_versions pv JOIN prompts pr ON pr.id = pv.prompt_id`);
  await sql.run(`CREATE OR REPLACE TEMP TABLE x_gens AS
    WITH used AS (
      SELECT gen_a AS id FROM x_pairs UNION SELECT gen_b FROM x_pairs UNION SELECT gen FROM x_rres UNION SELECT gen FROM x_sres
    ), g AS (
      SELECT g.id, g.row_id, g.model_id, g.prompt_version_id,
        coalesce(m.label, g.model_id) AS model,
        coalesce(v.label, g.prompt_version_id) AS prompt_version,
        ${scrub.messagesSql(`from_json(g.messages, '[{"role":"VARCHAR","content":"VARCHAR"}]')`)} AS prompt,
        ${scrub.sql('g.output')} AS output
      FROM generations g JOIN used ON used.id = g.id
      LEFT JOIN x_labels m ON m.kind = 'model' AND m.id = g.model_id
      LEFT JOIN x_labels v ON v.kind = 'version' AND v.id = g.prompt_version_id
    )
    -- ph, oh: hashes of the scrubbed prompt and output, so rows are compared and deduplicated without their text
    SELECT *, hash(prompt) AS ph, hash(output) AS oh FROM g`);
  // The split key: a dataset row's content, so duplicate rows and every prompt version's rendering of a row fall on one side.
  await sql.run(`CREATE OR REPLACE TEMP TABLE x_rowkeys AS
    WITH r AS (SELECT DISTINCT row_id FROM x_items),
    d AS (SELECT row_id, md5(min(variables::VARCHAR)) AS content FROM dataset_rows WHERE row_id IN (SELECT row_id FROM r) GROUP BY row_id)
    SELECT r.row_id, coalesce(d.content, r.row_id) AS split_key FROM r LEFT JOIN d ON d.row_id = r.row_id`);

  const threshold = number(options.rubricThreshold);
  // x_pre holds the rows narrow (ids, sort keys, content hashes, small metadata); the text is joined
  // only when the file is written, so a million rows are carried through the pipeline without it.
  let keys: string;
  let from: string;
  switch (plan.family) {
    case 'pairs': {
      const group = format === 'ranking-pairs' ? ', p.group_id' : '';
      keys = `SELECT p.*, c.rowid AS c_gi, r.rowid AS r_gi,
          (SELECT ordinal FROM x_sets WHERE id = p.task_set_id) AS __ts, p.position AS __pos, p.a_idx AS __a, p.b_idx AS __b, p.voter_key AS __v, k.split_key AS __key,
          c.ph = r.ph AS __same_prompt, c.oh = r.oh AS __same_output,
          hash(c.ph, c.oh, r.ph, r.oh${group}) AS __h1, hash('arbiter', c.ph, c.oh, r.ph, r.oh${group}) AS __h2, [c.id, r.id] AS __gens
        FROM (SELECT *, CASE outcome WHEN 'b' THEN gen_b ELSE gen_a END AS chosen_id, CASE outcome WHEN 'b' THEN gen_a ELSE gen_b END AS rejected_id FROM x_pairs) p
        JOIN x_gens c ON c.id = p.chosen_id JOIN x_gens r ON r.id = p.rejected_id JOIN x_rowkeys k ON k.row_id = p.row_id`;
      // rowid: the final joins compare integers, not generation ids
      from = 'x_keys p JOIN x_gens c ON c.rowid = p.c_gi JOIN x_gens r ON r.rowid = p.r_gi';
      break;
    }
    case 'groups':
      keys = `WITH g AS (
          SELECT r.item_id, r.voter_key, count(DISTINCT x.ph) AS prompts, list(r.gen ORDER BY r.rank0, r.idx) AS gens,
            hash(list(x.ph ORDER BY r.idx)[1], list([r.rank0::UBIGINT, x.oh] ORDER BY r.rank0, r.idx)) AS h1,
            hash('arbiter', list(x.ph ORDER BY r.idx)[1], list([r.rank0::UBIGINT, x.oh] ORDER BY r.rank0, r.idx)) AS h2
          FROM x_rres r JOIN x_gens x ON x.id = r.gen GROUP BY r.item_id, r.voter_key
        )
        SELECT g.item_id, g.voter_key, s.votes, s.agreement,
          (SELECT ordinal FROM x_sets WHERE id = i.task_set_id) AS __ts, i.position AS __pos, 0 AS __a, 0 AS __b, g.voter_key AS __v, k.split_key AS __key,
          g.prompts = 1 AS __same_prompt, false AS __same_output, g.h1 AS __h1, g.h2 AS __h2, g.gens AS __gens
        FROM g JOIN x_rgroups s ON s.item_id = g.item_id AND s.voter_key = g.voter_key
        JOIN x_items i ON i.item_id = g.item_id JOIN x_rowkeys k ON k.row_id = i.row_id`;
      from = `x_keys s JOIN (
          SELECT r.item_id, r.voter_key,
            list({'rank': r.rank0::INTEGER, 'completion': ${assistant('x.output')}} ORDER BY r.rank0, r.idx) AS completions,
            list(x.prompt ORDER BY r.idx)[1] AS prompt,
            list(x.id ORDER BY r.rank0, r.idx) AS generation_ids, list(x.model ORDER BY r.rank0, r.idx) AS models,
            list(x.prompt_version ORDER BY r.rank0, r.idx) AS prompt_versions, any_value(r.voters) AS voters, any_value(r.source) AS source
          FROM x_rres r JOIN x_gens x ON x.id = r.gen
          WHERE (r.item_id || '/' || r.voter_key) IN (SELECT item_id || '/' || voter_key FROM x_keys)
          GROUP BY r.item_id, r.voter_key
        ) g ON g.item_id = s.item_id AND g.voter_key = s.voter_key
        JOIN x_items i ON i.item_id = s.item_id`;
      break;
    case 'unpaired':
      keys = `WITH ranked AS (
          SELECT r.*, max(r.rank0) OVER (PARTITION BY r.item_id, r.voter_key) AS worst FROM x_rres r
        ), u AS (
          SELECT task_set_id, position, row_id, item_id, voter_key, a_idx AS sub, CASE outcome WHEN 'b' THEN gen_b ELSE gen_a END AS gen, true AS label,
            votes, agreement, voters, source, NULL::DOUBLE AS score FROM x_pairs WHERE outcome IN ('a', 'b')
          UNION ALL
          SELECT task_set_id, position, row_id, item_id, voter_key, b_idx, CASE outcome WHEN 'b' THEN gen_a ELSE gen_b END, false,
            votes, agreement, voters, source, NULL FROM x_pairs WHERE outcome IN ('a', 'b')
          UNION ALL
          SELECT task_set_id, position, row_id, item_id, voter_key, a_idx, gen_a, false, votes, agreement, voters, source, NULL FROM x_pairs WHERE outcome = 'both_bad'
          UNION ALL
          SELECT task_set_id, position, row_id, item_id, voter_key, b_idx, gen_b, false, votes, agreement, voters, source, NULL FROM x_pairs WHERE outcome = 'both_bad'
          UNION ALL
          -- a ranking: its best output is desirable, its worst undesirable (all tied: neither)
          SELECT i.task_set_id, i.position, i.row_id, r.item_id, r.voter_key, r.idx, r.gen, r.rank0 = 0, s.votes, s.agreement, r.voters, r.source, NULL
          FROM ranked r JOIN x_rgroups s ON s.item_id = r.item_id AND s.voter_key = r.voter_key JOIN x_items i ON i.item_id = r.item_id
          WHERE r.worst > 0 AND (r.rank0 = 0 OR r.rank0 = r.worst)
          UNION ALL
          SELECT i.task_set_id, i.position, i.row_id, s.item_id, s.voter_key, 0, s.gen, s.label, s.votes, s.agreement, s.voters, s.source, s.score
          FROM x_sres s JOIN x_items i ON i.item_id = s.item_id WHERE s.label IS NOT NULL
        )
        SELECT u.*,
          (SELECT ordinal FROM x_sets WHERE id = u.task_set_id) AS __ts, u.position AS __pos, u.sub AS __a, CASE WHEN u.label THEN 0 ELSE 1 END AS __b, u.voter_key AS __v, k.split_key AS __key,
          true AS __same_prompt, false AS __same_output, hash(x.ph, x.oh, u.label) AS __h1, hash('arbiter', x.ph, x.oh, u.label) AS __h2, [x.id] AS __gens, x.rowid AS x_gi
        FROM u JOIN x_gens x ON x.id = u.gen JOIN x_rowkeys k ON k.row_id = u.row_id`;
      from = 'x_keys u JOIN x_gens x ON x.rowid = u.x_gi';
      break;
    case 'sft':
      // Best per dataset row: the output that won the largest share of its comparisons (more wins
      // than losses), or, with no comparisons, the highest rubric score above the threshold.
      keys = `WITH ev AS (
          SELECT CASE outcome WHEN 'b' THEN gen_b ELSE gen_a END AS gen, 1 AS win, 0 AS loss FROM x_pairs WHERE outcome IN ('a', 'b')
          UNION ALL SELECT CASE outcome WHEN 'b' THEN gen_a ELSE gen_b END, 0, 1 FROM x_pairs WHERE outcome IN ('a', 'b')
          UNION ALL SELECT gen_a, 0, 1 FROM x_pairs WHERE outcome = 'both_bad'
          UNION ALL SELECT gen_b, 0, 1 FROM x_pairs WHERE outcome = 'both_bad'
        ), pg AS (SELECT gen, sum(win) AS w, sum(loss) AS l FROM ev GROUP BY gen),
        rg AS (SELECT gen, avg(score) AS s FROM x_sres WHERE label IS NOT NULL GROUP BY gen),
        sc AS (
          SELECT coalesce(pg.gen, rg.gen) AS gen, coalesce(pg.w, 0) AS wins, coalesce(pg.l, 0) AS losses,
            CASE WHEN pg.gen IS NOT NULL THEN (pg.w - pg.l)::DOUBLE / (pg.w + pg.l) ELSE rg.s - ${threshold} END AS score
          FROM pg FULL OUTER JOIN rg ON rg.gen = pg.gen
        ), b AS (
          SELECT sc.*, x.row_id, x.ph, x.oh, x.rowid AS gi FROM sc JOIN x_gens x ON x.id = sc.gen WHERE sc.score > 0
          QUALIFY row_number() OVER (PARTITION BY x.row_id ORDER BY sc.score DESC, sc.wins DESC, sc.gen) = 1
        ), pos AS (SELECT i.row_id, min(s.ordinal) AS ts, min(i.position) AS pos FROM x_items i JOIN x_sets s ON s.id = i.task_set_id GROUP BY i.row_id)
        SELECT b.gen, b.gi AS x_gi, b.row_id, b.score, b.wins, b.losses,
          pos.ts AS __ts, pos.pos AS __pos, 0 AS __a, 0 AS __b, '' AS __v, k.split_key AS __key, true AS __same_prompt, false AS __same_output,
          hash(b.ph, b.oh) AS __h1, hash('arbiter', b.ph, b.oh) AS __h2, [b.gen] AS __gens
        FROM b JOIN pos ON pos.row_id = b.row_id JOIN x_rowkeys k ON k.row_id = b.row_id`;
      from = 'x_keys b JOIN x_gens x ON x.rowid = b.x_gi';
      break;
  }
  await sql.run(`CREATE OR REPLACE TEMP TABLE x_pre AS ${keys}`);

  const keep = [plan.sharedPrompt ? '__same_prompt' : 'true', options.dedupe ? 'NOT __same_output' : 'true'].join(' AND ');
  const left = await sql.one<Record<string, number | bigint>>(
    `SELECT count(*) FILTER (WHERE ${plan.sharedPrompt ? 'NOT __same_prompt' : 'false'}) AS prompts,
       count(*) FILTER (WHERE ${plan.sharedPrompt ? '__same_prompt' : 'true'} AND ${options.dedupe ? '__same_output' : 'false'}) AS outputs,
       count(*) FILTER (WHERE ${keep}) AS kept
     FROM x_pre`,
  );
  skipped.differentPrompts += Number(left?.prompts ?? 0);
  skipped.identicalOutputs += Number(left?.outputs ?? 0);

  const order = '__ts, __pos, __a, __b, __v';
  const test = number(options.testFraction);
  // Order, dedupe and split on a narrow projection (sorting the wide rows costs ten times as much),
  // joined back to the rows by rowid. One sort gives every row its place; a duplicate is any row
  // whose content hash an earlier place already holds.
  await sql.run(`CREATE OR REPLACE TEMP TABLE x_order AS
    WITH o AS (
      SELECT rowid AS rid, __h1, __h2, __key${format === 'ranking-pairs' ? ', group_id' : ''}, row_number() OVER (ORDER BY ${order}) AS __ord
      FROM x_pre WHERE ${keep}
    ), n AS (
      ${options.dedupe ? 'SELECT * FROM o WHERE __ord IN (SELECT min(__ord) FROM o GROUP BY __h1, __h2)' : 'SELECT * FROM o'}
    ), k AS (
      SELECT __key, row_number() OVER (ORDER BY md5('${options.splitSeed}:' || __key), __key) AS kr, count(*) OVER () AS nk
      FROM (SELECT DISTINCT __key FROM n)
    )
    SELECT n.rid, n.__ord,
      ${format === 'ranking-pairs' ? '1.0 / count(*) OVER (PARTITION BY n.group_id)' : 'NULL::DOUBLE'} AS __weight,
      CASE WHEN k.kr <= (CASE WHEN ${test} > 0 AND k.nk >= 2 THEN least(greatest(round(k.nk * ${test}), 1), k.nk - 1) ELSE 0 END) THEN 'test' ELSE 'train' END AS __split
    FROM n JOIN k ON k.__key = n.__key`);
  // A view: the wide rows are read once, by the COPY that writes them.
  await sql.run(`CREATE OR REPLACE TEMP VIEW x_keys AS
    SELECT x_pre.*, o.__weight, o.__split, o.__ord FROM x_order o JOIN x_pre ON x_pre.rowid = o.rid`);
  if (options.dedupe) {
    skipped.duplicates = Number(left?.kept ?? 0) - (await count(sql, 'SELECT count(*) AS n FROM x_order'));
  }

  const written = [...plan.training, ...(options.metadata ? metadata[plan.family] : [])];
  const keyAlias = from.split(' ')[1]!;
  const rows = (split: 'train' | 'test', limit?: number, asJsonText: ReadonlySet<string> = new Set()) => {
    // A preview takes its first keys before the text is joined; a file takes them all.
    const keySource = limit === undefined ? 'x_keys' : `(SELECT * FROM x_keys WHERE __split = '${split}' ORDER BY __ord LIMIT ${Math.floor(limit)})`;
    const columns = written.map(([name, expression]) => `${asJsonText.has(name) ? `to_json(${expression})::VARCHAR` : expression} AS "${name}"`);
    return `SELECT ${columns.join(', ')} FROM ${from.replace(/^x_keys /, `${keySource} `)} WHERE ${keyAlias}.__split = '${split}' ORDER BY ${keyAlias}.__ord`;
  };

  return { columns: written.map(([name]) => name), skipped, rows };
}
