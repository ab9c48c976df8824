import type { ExportOptions } from '../../../shared/contract/export.js';
import type { Sql } from '../storage/database.js';
import { number, quoteList } from './sql-text.js';
import type { TextScrub } from './text-scrub.js';

/**
 * Stage 1 of an export, in temp tables: the selected task sets, their items, the current votes
 * (one per annotator and item), and each task kind's votes resolved across annotators.
 *
 *   x_sets, x_items        what was selected
 *   x_votes                current judgments that count (LLM verdicts only when asked)
 *   x_pres                 pairwise items resolved: outcome a | b | tie | both_bad, strength, votes, agreement
 *   x_rres, x_rpairs       rankings resolved (competition ranks from 0) and expanded to their C(K,2) pairs
 *   x_sres                 rubric scores resolved (0–1 across the scale) with a desirable/undesirable label
 *
 * `voter_key` is '' for a resolved row and the annotator (with the source) for per-annotator rows.
 */

export interface VoteCounts {
  judgments: number;
  items: number;
  llmVotesExcluded: number;
  invalidVerdicts: number;
  wrongTaskKind: number;
  noConsensus: number;
  atThreshold: number;
}

export const stagedTables = [
  'x_sets',
  'x_items',
  'x_names',
  'x_cur',
  'x_votes',
  'x_pvotes',
  'x_pres',
  'x_rvotes',
  'x_rres',
  'x_rpairs',
  'x_rgroups',
  'x_svotes',
  'x_sres',
  'x_pairs',
  'x_gens',
  'x_labels',
  'x_rowkeys',
  'x_pre',
  'x_order',
  'x_keys',
] as const;

export async function dropStaged(sql: Sql): Promise<void> {
  await sql.run('DROP VIEW IF EXISTS temp.x_keys');
  for (const table of stagedTables) if (table !== 'x_keys') await sql.run(`DROP TABLE IF EXISTS temp.${table}`);
}

async function count(sql: Sql, query: string): Promise<number> {
  const row = await sql.one<{ n: number | bigint | null }>(query);
  return Number(row?.n ?? 0);
}

export async function stageVotes(sql: Sql, options: ExportOptions, kinds: readonly string[], scrub: TextScrub): Promise<VoteCounts> {
  const sets = quoteList(options.taskSetIds);
  const perAnnotator = options.resolve === 'per-annotator';
  const threshold = number(options.rubricThreshold);

  // ordinal: the task sets in id order as small integers, so rows sort by (set, position, pair) without comparing ids.
  await sql.run(`CREATE OR REPLACE TEMP TABLE x_sets AS
    SELECT id, name, kind, experiment_id, config, (row_number() OVER (ORDER BY id))::INTEGER AS ordinal FROM task_sets WHERE list_contains(${sets}, id)`);
  await sql.run(`CREATE OR REPLACE TEMP TABLE x_items AS
    SELECT i.id AS item_id, i.task_set_id, s.kind, i.position, i.row_id, from_json(i.generation_ids, '["VARCHAR"]') AS gens
    FROM task_items i JOIN x_sets s ON s.id = i.task_set_id`);


  // The current view of each judgment (its newest revision, unless that withdrew it), then one vote
  // per annotator, item and source: a second shown order of the same item by the same person is a
  // change of mind, not a second vote. Aggregates and joins, not windows: a million rows in a second.
  await sql.run(`CREATE OR REPLACE TEMP TABLE x_names AS
    SELECT id, ${scrub.sql('name')} AS name FROM annotators WHERE id IN (SELECT DISTINCT annotator_id FROM judgments WHERE list_contains(${sets}, task_set_id))`);
  // Only keys with several revisions need their newest found; the rest are current as they are.
  await sql.run(`CREATE OR REPLACE TEMP TABLE x_cur AS
    WITH revised AS (
      -- a key with several revisions has one numbered 2 or more: those are few
      SELECT judgment_key, max(revision) AS revision FROM judgments
      WHERE judgment_key IN (SELECT judgment_key FROM judgments WHERE revision > 1 AND list_contains(${sets}, task_set_id))
      GROUP BY judgment_key
    )
    SELECT j.id AS judgment_id, j.item_id, j.annotator_id AS voter_id, coalesce(n.name, j.annotator_id) AS voter_name, j.source, j.verdict, j.created_at,
      s.kind, j.annotator_id || '/' || j.source AS vote_key
    FROM judgments j JOIN x_sets s ON s.id = j.task_set_id
    LEFT JOIN x_names n ON n.id = j.annotator_id
    WHERE NOT j.retracted AND j.verdict IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM revised r WHERE r.judgment_key = j.judgment_key AND r.revision > j.revision)`);
  await sql.run(`DELETE FROM x_cur WHERE judgment_id IN (
    SELECT judgment_id FROM (
      SELECT judgment_id, row_number() OVER (PARTITION BY item_id, voter_id, source ORDER BY created_at DESC, judgment_id DESC) AS n
      FROM x_cur WHERE vote_key || '/' || item_id IN (SELECT vote_key || '/' || item_id FROM x_cur GROUP BY vote_key, item_id HAVING count(*) > 1)
    ) WHERE n > 1)`);

  const llmVotesExcluded = options.includeLlm ? 0 : await count(sql, `SELECT count(*) AS n FROM x_cur WHERE source = 'llm'`);
  const sources = quoteList(options.includeLlm ? ['human', 'adjudication', 'llm'] : ['human', 'adjudication']);
  if (llmVotesExcluded > 0) await sql.run(`DELETE FROM x_cur WHERE NOT list_contains(${sources}, source)`);
  await sql.run('DROP TABLE IF EXISTS temp.x_votes');
  await sql.run('ALTER TABLE x_cur RENAME TO x_votes');
  // An adjudication is the final word on its item: it replaces the votes (per annotator it is one row more).
  if (!perAnnotator && (await count(sql, `SELECT count(*) AS n FROM x_votes WHERE source = 'adjudication'`)) > 0) {
    await sql.run(`DELETE FROM x_votes WHERE judgment_id IN (
      SELECT judgment_id FROM (
        SELECT judgment_id, source, row_number() OVER (PARTITION BY item_id ORDER BY source = 'adjudication' DESC, created_at DESC, judgment_id DESC) AS n
        FROM x_votes WHERE item_id IN (SELECT item_id FROM x_votes WHERE source = 'adjudication')
      ) WHERE n > 1)`);
  }
  const wrongTaskKind = await count(sql, `SELECT count(*) AS n FROM x_votes WHERE NOT list_contains(${quoteList(kinds)}, kind)`);
  await sql.run(`DELETE FROM x_votes WHERE NOT list_contains(${quoteList(kinds)}, kind)`);
  const judgments = await count(sql, 'SELECT count(*) AS n FROM x_votes');
  const items = await count(sql, 'SELECT count(DISTINCT item_id) AS n FROM x_votes');

  const voterKey = perAnnotator ? 'v.vote_key' : "''";

  // ---- pairwise
  // Each verdict is parsed once, into a struct.
  await sql.run(`CREATE OR REPLACE TEMP TABLE x_pvotes AS
    WITH p AS (
      SELECT v.judgment_id, v.item_id, v.vote_key, v.voter_name, v.source, i.gens, i.task_set_id, i.position, i.row_id,
        from_json(v.verdict, '{"kind":"VARCHAR","choice":"VARCHAR","preferredGenerationId":"VARCHAR","strength":"VARCHAR"}') AS d
      FROM x_votes v JOIN x_items i ON i.item_id = v.item_id WHERE v.kind = 'pairwise'
    )
    -- the item's facts come along, so resolved rows need not look the item up again
    SELECT judgment_id, item_id, vote_key, voter_name, source, task_set_id, position, row_id, gens[1] AS gen_a, gens[2] AS gen_b,
      CASE
        WHEN d.kind IS DISTINCT FROM 'pairwise' OR len(gens) <> 2 THEN NULL
        WHEN d.choice = 'preferred' THEN CASE d.preferredGenerationId WHEN gens[1] THEN 'a' WHEN gens[2] THEN 'b' END
        WHEN d.choice IN ('tie', 'both_bad') THEN d.choice
      END AS outcome,
      d.strength AS strength
    FROM p`);
  let invalidVerdicts = await count(sql, 'SELECT count(*) AS n FROM x_pvotes WHERE outcome IS NULL');
  await sql.run('DELETE FROM x_pvotes WHERE outcome IS NULL');

  const oneVoteEach = (await count(sql, 'SELECT count(*) - count(DISTINCT item_id) AS n FROM x_pvotes')) === 0;
  if (oneVoteEach) {
    // One vote per item (the usual large export): every mode resolves to the vote itself.
    await sql.run(`CREATE OR REPLACE TEMP TABLE x_pres AS
      SELECT item_id, ${perAnnotator ? 'vote_key' : "''"} AS voter_key, outcome, strength, 1::BIGINT AS votes, 1.0::DOUBLE AS agreement, [voter_name] AS voters, source,
        task_set_id, position, row_id, gen_a, gen_b
      FROM x_pvotes`);
  } else if (perAnnotator) {
    await sql.run(`CREATE OR REPLACE TEMP TABLE x_pres AS
      SELECT v.item_id, ${voterKey} AS voter_key, v.outcome, v.strength,
        count(*) OVER (PARTITION BY v.item_id) AS votes,
        (count(*) OVER (PARTITION BY v.item_id, v.outcome))::DOUBLE / count(*) OVER (PARTITION BY v.item_id) AS agreement,
        [v.voter_name] AS voters, v.source, v.task_set_id, v.position, v.row_id, v.gen_a, v.gen_b
      FROM x_pvotes v`);
  } else {
    await sql.run(`CREATE OR REPLACE TEMP TABLE x_pres AS
      WITH c AS (
        SELECT item_id, outcome, count(*) AS n,
          count(*) FILTER (WHERE strength = 'much') AS much, count(*) FILTER (WHERE strength = 'slight') AS slight
        FROM x_pvotes GROUP BY item_id, outcome
      ), t AS (
        SELECT item_id, count(*) AS total, list_sort(list_distinct(list(voter_name))) AS voters,
          CASE WHEN count(DISTINCT source) = 1 THEN min(source) ELSE 'mixed' END AS source
        FROM x_pvotes GROUP BY item_id
      ), r AS (
        SELECT c.*, row_number() OVER w AS rk, lead(n) OVER w AS next_n FROM c
        WINDOW w AS (PARTITION BY item_id ORDER BY n DESC, outcome)
      )
      SELECT r.item_id, '' AS voter_key, r.outcome,
        CASE WHEN r.much = 0 AND r.slight = 0 THEN NULL WHEN r.much > r.slight THEN 'much' ELSE 'slight' END AS strength,
        t.total AS votes, r.n::DOUBLE / t.total AS agreement, t.voters, t.source,
        i.task_set_id, i.position, i.row_id, i.gens[1] AS gen_a, i.gens[2] AS gen_b
      FROM r JOIN t ON t.item_id = r.item_id JOIN x_items i ON i.item_id = r.item_id
      WHERE r.rk = 1 AND ${options.resolve === 'unanimous' ? 'r.next_n IS NULL' : '(r.next_n IS NULL OR r.n > r.next_n)'}`);
  }
  let noConsensus = await count(sql, 'SELECT count(DISTINCT item_id) AS n FROM x_pvotes WHERE item_id NOT IN (SELECT item_id FROM x_pres)');

  // ---- rankings: one row per ranked generation of a valid vote (every generation of the item once)
  await sql.run(`CREATE OR REPLACE TEMP TABLE x_rvotes AS
    WITH r AS (
      SELECT v.judgment_id, v.item_id, v.vote_key, v.voter_name, v.source,
        unnest(from_json(json_extract(v.verdict, '$.ranks'), '[{"generationId":"VARCHAR","rank":"INTEGER"}]')) AS e
      FROM x_votes v WHERE v.kind = 'ranking' AND json_extract_string(v.verdict, '$.kind') = 'ranking'
    )
    SELECT r.judgment_id, r.item_id, r.vote_key, r.voter_name, r.source, r.e.generationId AS gen, r.e.rank AS rank,
      list_position(i.gens, r.e.generationId) - 1 AS idx, len(i.gens) AS k
    FROM r JOIN x_items i ON i.item_id = r.item_id`);
  await sql.run(`DELETE FROM x_rvotes WHERE judgment_id IN (
    SELECT judgment_id FROM x_rvotes GROUP BY judgment_id
    HAVING count(*) <> any_value(k) OR count(DISTINCT idx) <> any_value(k) OR bool_or(idx IS NULL OR idx < 0 OR rank IS NULL))`);
  invalidVerdicts += await count(
    sql,
    `SELECT count(*) AS n FROM x_votes WHERE kind = 'ranking' AND judgment_id NOT IN (SELECT judgment_id FROM x_rvotes)`,
  );

  // Each vote's competition rank from 0 (1, 1, 3 → 0, 0, 2): ties share a rank.
  const voteRanks = `SELECT judgment_id, item_id, vote_key, voter_name, source, gen, idx,
      rank() OVER (PARTITION BY judgment_id ORDER BY rank) - 1 AS rank0 FROM x_rvotes`;
  if (perAnnotator) {
    await sql.run(`CREATE OR REPLACE TEMP TABLE x_rres AS
      SELECT item_id, vote_key AS voter_key, gen, idx, rank0, [voter_name] AS voters, source FROM (${voteRanks})`);
  } else if (options.resolve === 'majority') {
    // The majority of a ranking: generations ordered by their mean rank (Borda), equal means tied.
    await sql.run(`CREATE OR REPLACE TEMP TABLE x_rres AS
      WITH s AS (SELECT item_id, gen, idx, sum(rank) AS total FROM x_rvotes GROUP BY item_id, gen, idx),
      m AS (SELECT item_id, list_sort(list_distinct(list(voter_name))) AS voters,
              CASE WHEN count(DISTINCT source) = 1 THEN min(source) ELSE 'mixed' END AS source FROM x_rvotes GROUP BY item_id)
      SELECT s.item_id, '' AS voter_key, s.gen, s.idx, rank() OVER (PARTITION BY s.item_id ORDER BY s.total) - 1 AS rank0, m.voters, m.source
      FROM s JOIN m ON m.item_id = s.item_id`);
  } else {
    await sql.run(`CREATE OR REPLACE TEMP TABLE x_rres AS
      WITH pv AS (${voteRanks}),
      vec AS (SELECT item_id, judgment_id, list(rank0 ORDER BY idx) AS v FROM pv GROUP BY item_id, judgment_id),
      agreed AS (SELECT item_id FROM vec GROUP BY item_id HAVING count(DISTINCT v) = 1),
      m AS (SELECT item_id, list_sort(list_distinct(list(voter_name))) AS voters,
              CASE WHEN count(DISTINCT source) = 1 THEN min(source) ELSE 'mixed' END AS source FROM x_rvotes GROUP BY item_id)
      SELECT pv.item_id, '' AS voter_key, pv.gen, pv.idx, pv.rank0, m.voters, m.source
      FROM pv JOIN m ON m.item_id = pv.item_id WHERE pv.item_id IN (SELECT item_id FROM agreed)
      QUALIFY row_number() OVER (PARTITION BY pv.item_id, pv.idx ORDER BY pv.judgment_id) = 1`);
  }
  noConsensus += await count(sql, 'SELECT count(DISTINCT item_id) AS n FROM x_rvotes WHERE item_id NOT IN (SELECT item_id FROM x_rres)');

  // Pairs of each resolved ranking, and how many votes agree with each pair's outcome.
  await sql.run(`CREATE OR REPLACE TEMP TABLE x_rpairs AS
    WITH vp AS (
      SELECT a.item_id, a.idx AS a_idx, b.idx AS b_idx,
        CASE WHEN a.rank < b.rank THEN 'a' WHEN a.rank > b.rank THEN 'b' ELSE 'tie' END AS outcome
      FROM x_rvotes a JOIN x_rvotes b ON a.judgment_id = b.judgment_id AND a.idx < b.idx
    ), vc AS (
      SELECT item_id, a_idx, b_idx, count(*) AS votes, count(*) FILTER (WHERE outcome = 'a') AS na,
        count(*) FILTER (WHERE outcome = 'b') AS nb, count(*) FILTER (WHERE outcome = 'tie') AS nt
      FROM vp GROUP BY item_id, a_idx, b_idx
    ), rp AS (
      SELECT a.item_id, a.voter_key, a.idx AS a_idx, b.idx AS b_idx, a.gen AS gen_a, b.gen AS gen_b, a.voters, a.source,
        CASE WHEN a.rank0 < b.rank0 THEN 'a' WHEN a.rank0 > b.rank0 THEN 'b' ELSE 'tie' END AS outcome
      FROM x_rres a JOIN x_rres b ON a.item_id = b.item_id AND a.voter_key = b.voter_key AND a.idx < b.idx
    )
    SELECT rp.item_id, rp.voter_key, rp.a_idx, rp.b_idx, rp.gen_a, rp.gen_b, rp.outcome, vc.votes,
      (CASE rp.outcome WHEN 'a' THEN vc.na WHEN 'b' THEN vc.nb ELSE vc.nt END)::DOUBLE / vc.votes AS agreement,
      CASE rp.outcome WHEN 'a' THEN vc.na WHEN 'b' THEN vc.nb ELSE vc.nt END AS agreeing,
      rp.voters, rp.source
    FROM rp JOIN vc ON vc.item_id = rp.item_id AND vc.a_idx = rp.a_idx AND vc.b_idx = rp.b_idx`);
  // A ranking's agreement: of every vote's pairs, the share that agree with the resolved ranking.
  await sql.run(`CREATE OR REPLACE TEMP TABLE x_rgroups AS
    SELECT item_id, voter_key, max(votes) AS votes, sum(agreeing)::DOUBLE / sum(votes) AS agreement, count(*) AS pairs
    FROM x_rpairs GROUP BY item_id, voter_key`);

  // ---- rubric: each vote's mean score across criteria, 0 at the bottom of each scale, 1 at the top
  await sql.run(`CREATE OR REPLACE TEMP TABLE x_svotes AS
    WITH sc AS (
      SELECT v.judgment_id, v.item_id, v.vote_key, v.voter_name, v.source,
        unnest(from_json(json_extract(v.verdict, '$.scores'), '[{"criterion":"VARCHAR","score":"DOUBLE"}]')) AS e
      FROM x_votes v WHERE v.kind = 'rubric' AND json_extract_string(v.verdict, '$.kind') = 'rubric'
    ), crit AS (
      SELECT id AS task_set_id, unnest(from_json(json_extract(config, '$.rubric'), '[{"name":"VARCHAR","min":"DOUBLE","max":"DOUBLE"}]')) AS c
      FROM x_sets WHERE kind = 'rubric'
    )
    SELECT sc.judgment_id, sc.item_id, sc.vote_key, sc.voter_name, sc.source, i.gens[1] AS gen,
      avg(least(greatest((sc.e.score - crit.c.min) / (crit.c.max - crit.c.min), 0), 1)) AS score
    FROM sc JOIN x_items i ON i.item_id = sc.item_id
    JOIN crit ON crit.task_set_id = i.task_set_id AND crit.c.name = sc.e.criterion AND crit.c.max > crit.c.min
    GROUP BY sc.judgment_id, sc.item_id, sc.vote_key, sc.voter_name, sc.source, i.gens[1]`);
  invalidVerdicts += await count(
    sql,
    `SELECT count(*) AS n FROM x_votes WHERE kind = 'rubric' AND judgment_id NOT IN (SELECT judgment_id FROM x_svotes)`,
  );
  const label = (score: string) => `CASE WHEN ${score} > ${threshold} THEN true WHEN ${score} < ${threshold} THEN false END`;
  if (perAnnotator) {
    await sql.run(`CREATE OR REPLACE TEMP TABLE x_sres AS
      SELECT item_id, vote_key AS voter_key, gen, score, ${label('score')} AS label,
        count(*) OVER (PARTITION BY item_id) AS votes,
        (count(*) OVER (PARTITION BY item_id, ${label('score')}))::DOUBLE / count(*) OVER (PARTITION BY item_id) AS agreement,
        [voter_name] AS voters, source
      FROM x_svotes`);
  } else {
    await sql.run(`CREATE OR REPLACE TEMP TABLE x_sres AS
      WITH m AS (
        SELECT item_id, gen, avg(score) AS score, count(*) AS votes, list_sort(list_distinct(list(voter_name))) AS voters,
          CASE WHEN count(DISTINCT source) = 1 THEN min(source) ELSE 'mixed' END AS source,
          count(*) FILTER (WHERE ${label('score')}) AS yes, count(*) FILTER (WHERE NOT ${label('score')}) AS no
        FROM x_svotes GROUP BY item_id, gen
      )
      SELECT item_id, '' AS voter_key, gen, score, ${label('score')} AS label, votes,
        (CASE WHEN ${label('score')} THEN yes ELSE no END)::DOUBLE / votes AS agreement, voters, source
      FROM m ${options.resolve === 'unanimous' ? 'WHERE yes = votes OR no = votes' : ''}`);
    noConsensus += await count(sql, 'SELECT count(DISTINCT item_id) AS n FROM x_svotes WHERE item_id NOT IN (SELECT item_id FROM x_sres)');
  }
  const atThreshold = await count(sql, 'SELECT count(*) AS n FROM x_sres WHERE label IS NULL');

  return { judgments, items, llmVotesExcluded, invalidVerdicts, wrongTaskKind, noConsensus, atThreshold };
}
