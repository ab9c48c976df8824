import { listValue } from '@duckdb/node-api';
import type { ComparedRow, Comparison } from '../../../shared/contract/monitor.js';
import { AppError } from '../../../shared/errors.js';
import { findExperiment, type ExperimentRecord } from '../experiments/experiment-repository.js';
import type { Row, Sql } from '../storage/database.js';
import { numberOrNull, scorerFigures, toScores, totals } from './monitor-repository.js';

/**
 * Two experiments, e.g. prompt v3 against v4: their figures side by side, and each dataset row
 * answered in both, paired by row, sample and column position (the i-th prompt version × the j-th
 * model of each), so "v3 × gpt-4o-mini" meets "v4 × gpt-4o-mini". Rows that got worse come first.
 */
export async function compareExperiments(sql: Sql, baselineId: string, candidateId: string, limit: number): Promise<Comparison> {
  const baseline = await findExperiment(sql, baselineId);
  const candidate = await findExperiment(sql, candidateId);
  if (!baseline || !candidate) throw new AppError('NOT_FOUND', `The ${baseline ? 'candidate' : 'baseline'} experiment does not exist.`);

  const [baselineMetrics, candidateMetrics, baselineScorers, candidateScorers] = [
    await totals(sql, [baselineId]),
    await totals(sql, [candidateId]),
    await scorerFigures(sql, [baselineId]),
    await scorerFigures(sql, [candidateId]),
  ];
  const scorerNames = [...new Set([...baselineScorers, ...candidateScorers].map((s) => s.scorer))].sort();
  const labels = await columnLabels(sql, baseline, candidate);

  const positions = {
    b: baselineId,
    c: candidateId,
    bp: listValue([...baseline.config.promptVersionIds]),
    bm: listValue(baseline.config.models.map((m) => m.modelId)),
    cp: listValue([...candidate.config.promptVersionIds]),
    cm: listValue(candidate.config.models.map((m) => m.modelId)),
  };
  // Every pair is ranked in SQL (scorers passed before and failed after, the change in mean score,
  // in latency); only the rows shown are read in full. Verdicts match comparedRow's below.
  // Ranked once into a temporary table, then counted and cut: window counts over the same CTEs
  // cost seconds at 50,000 pairs. The serial queue keeps anyone else off the connection meanwhile.
  await sql.run(
    `WITH b AS (SELECT id, row_id, sample_index, list_position($bp, prompt_version_id) AS pi, list_position($bm, model_id) AS mi, error IS NULL AS ok, latency_ms FROM generations WHERE experiment_id = $b),
          c AS (SELECT id, row_id, sample_index, list_position($cp, prompt_version_id) AS pi, list_position($cm, model_id) AS mi, error IS NULL AS ok, latency_ms FROM generations WHERE experiment_id = $c),
          pairs AS MATERIALIZED (SELECT b.id AS b_id, c.id AS c_id, b.row_id, b.sample_index, b.ok AS b_ok, c.ok AS c_ok, c.latency_ms - b.latency_ms AS latency_delta
                    FROM b JOIN c ON c.row_id = b.row_id AND c.sample_index = b.sample_index AND c.pi = b.pi AND c.mi = b.mi),
          bs AS (SELECT generation_id, scorer, pass, score FROM scores WHERE experiment_id = $b),
          cs AS (SELECT generation_id, scorer, pass, score FROM scores WHERE experiment_id = $c),
          lost AS MATERIALIZED (SELECT p.b_id, count(*) FILTER (WHERE bs.pass AND NOT cs.pass) - count(*) FILTER (WHERE NOT bs.pass AND cs.pass) AS lost
                   FROM pairs p JOIN bs ON bs.generation_id = p.b_id JOIN cs ON cs.generation_id = p.c_id AND cs.scorer = bs.scorer GROUP BY p.b_id),
          bm AS MATERIALIZED (SELECT generation_id, avg(score) AS mean FROM bs GROUP BY 1),
          cm AS MATERIALIZED (SELECT generation_id, avg(score) AS mean FROM cs GROUP BY 1),
          scored AS MATERIALIZED (
            SELECT p.*, coalesce(lost.lost, 0) + CASE WHEN p.b_ok AND NOT p.c_ok THEN 1 WHEN p.c_ok AND NOT p.b_ok THEN -1 ELSE 0 END AS lost_passes, cm.mean - bm.mean AS score_delta
            FROM pairs p LEFT JOIN lost USING (b_id) LEFT JOIN bm ON bm.generation_id = p.b_id LEFT JOIN cm ON cm.generation_id = p.c_id),
          judged AS (
            SELECT *, CASE WHEN lost_passes > 0 OR (lost_passes = 0 AND score_delta < -1e-9) THEN 0 WHEN lost_passes < 0 OR score_delta > 1e-9 THEN 2 ELSE 1 END AS rank FROM scored)
     SELECT b_id, c_id, rank, lost_passes, score_delta, latency_delta, row_id, sample_index FROM judged`.replace('WITH b AS', 'CREATE OR REPLACE TEMP TABLE compare_judged AS WITH b AS'),
    positions,
  );
  let ranked: Row[];
  let counts: Row | undefined;
  try {
    counts = await sql.one('SELECT count(*) AS paired, count(*) FILTER (WHERE rank = 0) AS worse, count(*) FILTER (WHERE rank = 2) AS better FROM compare_judged');
    ranked = await sql.all('SELECT b_id, c_id FROM compare_judged ORDER BY rank, lost_passes DESC, score_delta ASC NULLS LAST, latency_delta DESC, row_id, sample_index LIMIT $limit', { limit });
  } finally {
    await sql.run('DROP TABLE IF EXISTS compare_judged');
  }
  const pairs = ranked.length === 0 ? [] : await pairDetails(sql, ranked, positions.bp, positions.bm, candidate.config.datasetVersionId);
  const rows = pairs.map((pair) => comparedRow(pair, labels));
  const paired = Number(counts?.paired ?? 0);

  let note: string | null = null;
  if (paired === 0) {
    note =
      baseline.config.datasetVersionId === candidate.config.datasetVersionId
        ? 'No row was answered in both experiments yet.'
        : 'The experiments share no dataset rows, so no row can be compared; the totals still can.';
  }
  const ref = (experiment: ExperimentRecord) => ({ id: experiment.id, name: experiment.name, createdAt: experiment.createdAt });
  return {
    baseline: ref(baseline),
    candidate: ref(candidate),
    metrics: { baseline: baselineMetrics, candidate: candidateMetrics },
    scorers: scorerNames.map((scorer) => ({
      scorer,
      baseline: baselineScorers.find((s) => s.scorer === scorer) ?? null,
      candidate: candidateScorers.find((s) => s.scorer === scorer) ?? null,
    })),
    paired,
    worse: Number(counts?.worse ?? 0),
    better: Number(counts?.better ?? 0),
    rows,
    note,
  };
}

/**
 * The shown pairs in full: their generations, scores and dataset rows, each read by id (a join with
 * the generations table instead built a hash table of every generation, seconds at a million).
 */
async function pairDetails(sql: Sql, ranked: Row[], bp: ReturnType<typeof listValue>, bm: ReturnType<typeof listValue>, datasetVersionId: string): Promise<Row[]> {
  const ids = listValue(ranked.flatMap((row) => [String(row.b_id), String(row.c_id)]));
  const generations = await sql.all(
    `SELECT id, row_id, sample_index, list_position($bp, prompt_version_id) AS pi, list_position($bm, model_id) AS mi, output, error, latency_ms, cost_usd, output_tokens
     FROM generations WHERE id IN (SELECT unnest($ids))`,
    { ids, bp, bm },
  );
  const scores = await sql.all(`SELECT generation_id, scorer, pass, score, reason, error FROM scores WHERE generation_id IN (SELECT unnest($ids)) ORDER BY scorer`, { ids });
  const rowIds = listValue([...new Set(generations.map((g) => String(g.row_id)))]);
  const datasetRows = await sql.all('SELECT row_id, variables, reference FROM dataset_rows WHERE version_id = $version AND row_id IN (SELECT unnest($rowIds))', { version: datasetVersionId, rowIds });
  const byId = new Map(generations.map((g) => [String(g.id), g]));
  const scoresOf = new Map<string, Row[]>();
  for (const score of scores) scoresOf.set(String(score.generation_id), [...(scoresOf.get(String(score.generation_id)) ?? []), score]);
  const rowOf = new Map(datasetRows.map((row) => [String(row.row_id), row]));
  return ranked.flatMap((pair) => {
    const b = byId.get(String(pair.b_id));
    const c = byId.get(String(pair.c_id));
    if (!b || !c) return [];
    const row = rowOf.get(String(b.row_id));
    return [
      {
        row_id: b.row_id,
        sample_index: b.sample_index,
        pi: b.pi,
        mi: b.mi,
        b_id: b.id,
        b_output: b.output,
        b_error: b.error,
        b_latency: b.latency_ms,
        b_cost: b.cost_usd,
        b_tokens: b.output_tokens,
        b_scores: scoresOf.get(String(b.id)) ?? [],
        c_id: c.id,
        c_output: c.output,
        c_error: c.error,
        c_latency: c.latency_ms,
        c_cost: c.cost_usd,
        c_tokens: c.output_tokens,
        c_scores: scoresOf.get(String(c.id)) ?? [],
        variables: row?.variables ?? null,
        reference: row?.reference ?? null,
      },
    ];
  });
}

/** "Capitals v3 × gpt-4o-mini" for each (prompt position, model position) of each experiment. */
async function columnLabels(sql: Sql, baseline: ExperimentRecord, candidate: ExperimentRecord): Promise<(pi: number, mi: number) => string> {
  const ids = [...baseline.config.promptVersionIds, ...candidate.config.promptVersionIds];
  const models = [...baseline.config.models, ...candidate.config.models].map((m) => m.modelId);
  const promptRows = await sql.all(`SELECT v.id, p.name || ' v' || v.number AS label FROM prompt_versions v JOIN prompts p ON p.id = v.prompt_id WHERE list_contains($ids, v.id)`, { ids: listValue(ids) });
  const modelRows = await sql.all('SELECT id, name FROM models WHERE list_contains($ids, id)', { ids: listValue(models) });
  const prompt = new Map(promptRows.map((row) => [String(row.id), String(row.label)]));
  const model = new Map(modelRows.map((row) => [String(row.id), String(row.name)]));
  const side = (experiment: ExperimentRecord, pi: number, mi: number) =>
    `${prompt.get(experiment.config.promptVersionIds[pi - 1] ?? '') ?? 'Prompt'} × ${model.get(experiment.config.models[mi - 1]?.modelId ?? '') ?? 'Model'}`;
  return (pi, mi) => {
    const before = side(baseline, pi, mi);
    const after = side(candidate, pi, mi);
    return before === after ? before : `${before} → ${after}`;
  };
}

function comparedRow(pair: Row, label: (pi: number, mi: number) => string): ComparedRow {
  const side = (prefix: 'b' | 'c') => {
    const scores = toScores(pair[`${prefix}_scores`]);
    const rated = scores.filter((s) => s.score !== null);
    return {
      generationId: String(pair[`${prefix}_id`]),
      output: String(pair[`${prefix}_output`]).slice(0, 2000),
      error: pair[`${prefix}_error`] === null ? null : String(pair[`${prefix}_error`]),
      latencyMs: Number(pair[`${prefix}_latency`]),
      costUsd: numberOrNull(pair[`${prefix}_cost`]),
      outputTokens: Number(pair[`${prefix}_tokens`]),
      passed: scores.filter((s) => s.pass).length,
      failed: scores.filter((s) => !s.pass).length,
      meanScore: rated.length > 0 ? rated.reduce((sum, s) => sum + s.score!, 0) / rated.length : null,
      scores,
    };
  };
  const baseline = side('b');
  const candidate = side('c');
  const before = new Map(baseline.scores.map((s) => [s.scorer, s.pass]));
  let lostPasses = 0;
  for (const score of candidate.scores) {
    const was = before.get(score.scorer);
    if (was === true && !score.pass) lostPasses++;
    if (was === false && score.pass) lostPasses--;
  }
  // A generation that failed outright is worse than any scored answer.
  if (baseline.error === null && candidate.error !== null) lostPasses += 1;
  if (baseline.error !== null && candidate.error === null) lostPasses -= 1;
  const scoreDelta = baseline.meanScore !== null && candidate.meanScore !== null ? candidate.meanScore - baseline.meanScore : null;
  const verdict = lostPasses > 0 || (lostPasses === 0 && scoreDelta !== null && scoreDelta < -1e-9) ? 'worse' : lostPasses < 0 || (scoreDelta !== null && scoreDelta > 1e-9) ? 'better' : 'same';
  let variables = '';
  try {
    variables = Object.entries(JSON.parse(String(pair.variables ?? '{}')) as Record<string, unknown>)
      .map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' · ')
      .slice(0, 500);
  } catch {
    variables = '';
  }
  return {
    rowId: String(pair.row_id),
    sampleIndex: Number(pair.sample_index),
    column: label(Number(pair.pi), Number(pair.mi)),
    variables,
    reference: pair.reference === null || pair.reference === undefined ? null : String(pair.reference),
    baseline,
    candidate,
    lostPasses,
    scoreDelta,
    latencyDeltaMs: candidate.latencyMs - baseline.latencyMs,
    costDeltaUsd: baseline.costUsd !== null && candidate.costUsd !== null ? candidate.costUsd - baseline.costUsd : null,
    verdict,
  };
}
