import type { Api } from '../../shared/contract/api.js';
import type { ComparedRow, DrillRow, Metrics, ScorerMetrics } from '../../shared/contract/monitor.js';
import { higherIsBetter, type GateCheck, type GateFile, type GateMetric } from './gate-file.js';

/** The regression gate: each check of the gate file against the run (and its baseline), and the rows that regressed. */

export interface CheckOutcome {
  metric: GateMetric;
  scorer: string | null;
  value: number | null;
  baseline: number | null;
  /** 'skipped': nothing to measure (e.g. every result came from the cache, so it had no latency). */
  status: 'passed' | 'failed' | 'skipped';
  /** Every bound, in words: "0.83 ≥ min 0.80", "p95 1,240 ms rose 31% over 946 ms (max +25%)". */
  details: string[];
}

export interface RegressedRow {
  rowId: string;
  sampleIndex: number;
  column: string;
  /** What got worse, in words. */
  what: string;
  output: string;
}

export interface GateResult {
  passed: boolean;
  baseline: { id: string; name: string } | null;
  checks: CheckOutcome[];
  /** Rows that got worse than the baseline, or (without one) rows that fail a scorer. */
  regressedRows: RegressedRow[];
  regressedTotal: number;
  comparedRows: number | null;
}

export class GateSetupError extends Error {
  override name = 'GateSetupError';
}

/** Waits for the run's scores (LLM judges take a while), then checks. */
export async function evaluateGate(api: Api, experimentId: string, gate: GateFile, onWait: (text: string) => void): Promise<GateResult> {
  await scoresSettled(api, experimentId, onWait);
  const baseline = gate.baseline ? await findBaseline(api, gate.baseline, experimentId) : null;
  if (baseline) await scoresSettled(api, baseline.id, onWait);

  const candidate = await api.monitor.overview({ experimentIds: [experimentId], groupBy: 'experiment' });
  const before = baseline ? await api.monitor.overview({ experimentIds: [baseline.id], groupBy: 'experiment' }) : null;
  const checks = gate.checks.map((check) =>
    judge(check, measure(check, candidate.totals, candidate.scorers), before ? measure(check, before.totals, before.scorers) : null, candidate.scorers),
  );

  const show = gate.showRows ?? 20;
  let regressedRows: RegressedRow[] = [];
  let regressedTotal = 0;
  let comparedRows: number | null = null;
  if (baseline) {
    const comparison = await api.monitor.compare({ baselineId: baseline.id, candidateId: experimentId, limit: Math.max(show, 1) });
    comparedRows = comparison.paired;
    regressedTotal = comparison.worse;
    regressedRows = comparison.rows.filter((row) => row.verdict === 'worse').slice(0, show).map(describeRegression);
  } else {
    const scorer = gate.checks.find((check) => check.scorer !== undefined)?.scorer ?? null;
    const failing = await api.monitor.generations({ experimentIds: [experimentId], status: 'scored-fail', scorer, sort: 'score', limit: Math.max(show, 1) });
    regressedTotal = failing.total;
    regressedRows = failing.rows.slice(0, show).map(describeFailure);
  }
  return {
    passed: checks.every((check) => check.status !== 'failed'),
    baseline: baseline && { id: baseline.id, name: baseline.name },
    checks,
    regressedRows,
    regressedTotal,
    comparedRows,
  };
}

async function scoresSettled(api: Api, experimentId: string, onWait: (text: string) => void): Promise<void> {
  let said = false;
  for (;;) {
    const status = await api.scoring.status({ experimentId });
    if (!status.running) return;
    if (!said) onWait(`Waiting for scores (${status.scored} of ${status.expected})…`);
    said = true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function findBaseline(api: Api, wanted: string, currentId: string): Promise<{ id: string; name: string }> {
  const experiments = (await api.experiments.list()).filter((experiment) => experiment.id !== currentId);
  // Newest first: the latest run of that name is the baseline.
  const found = experiments.find((experiment) => experiment.id === wanted) ?? experiments.find((experiment) => experiment.name === wanted);
  if (!found) throw new GateSetupError(`the baseline “${wanted}” is not an experiment in this workspace (give its name or id; run it first)`);
  return { id: found.id, name: found.name };
}

function measure(check: GateCheck, totals: Metrics, scorers: ScorerMetrics[]): number | null {
  const scorer = check.scorer ? scorers.find((s) => s.scorer === check.scorer) : undefined;
  switch (check.metric) {
    case 'pass-rate':
      return check.scorer ? (scorer?.passRate ?? null) : totals.passRate;
    case 'mean-score':
      return check.scorer ? (scorer?.meanScore ?? null) : totals.meanScore;
    case 'cost':
      return totals.costUsd;
    case 'cost-per-generation':
      return totals.costUsd !== null && totals.succeeded - totals.cached > 0 ? totals.costUsd / (totals.succeeded - totals.cached) : null;
    case 'latency-p50':
      return totals.latencyP50;
    case 'latency-p95':
      return totals.latencyP95;
    case 'latency-p99':
      return totals.latencyP99;
    case 'ttft-p95':
      return totals.ttftP95;
    case 'error-rate':
      return totals.errorRate;
    case 'output-tokens':
      return totals.outputTokens;
  }
}

function judge(check: GateCheck, value: number | null, baseline: number | null, scorers: ScorerMetrics[]): CheckOutcome {
  const outcome: CheckOutcome = { metric: check.metric, scorer: check.scorer ?? null, value, baseline, status: 'passed', details: [] };
  const show = (n: number) => format(check.metric, n);
  if (value === null) {
    if (higherIsBetter.has(check.metric as 'pass-rate')) {
      // A quality check with nothing to read is a broken gate, not a pass.
      outcome.status = 'failed';
      outcome.details.push(
        check.scorer && !scorers.some((s) => s.scorer === check.scorer)
          ? `no scores from a scorer named “${check.scorer}” (the experiment has ${scorers.map((s) => `“${s.scorer}”`).join(', ') || 'no scorers'})`
          : 'no scores to measure',
      );
    } else {
      outcome.status = 'skipped';
      outcome.details.push(check.metric.startsWith('cost') ? 'not measured: the models have no prices' : 'not measured: every result came from the cache (--fresh measures again)');
    }
    return outcome;
  }
  const fail = (text: string) => {
    outcome.status = 'failed';
    outcome.details.push(text);
  };
  const note = (ok: boolean, text: string) => (ok ? outcome.details.push(text) : fail(text));
  if (check.min !== undefined) note(value >= check.min, `${show(value)} ${value >= check.min ? '≥' : '<'} min ${show(check.min)}`);
  if (check.max !== undefined) note(value <= check.max, `${show(value)} ${value <= check.max ? '≤' : '>'} max ${show(check.max)}`);
  if (check.maxDrop !== undefined) {
    if (baseline === null) fail('the baseline has no value to compare with');
    else {
      const drop = baseline - value;
      const text = `${show(value)} vs baseline ${show(baseline)}: ${drop > 0 ? `dropped ${show(drop)}` : 'no drop'} (max drop ${show(check.maxDrop)})`;
      note(drop <= check.maxDrop + 1e-12, text);
    }
  }
  if (check.maxIncrease !== undefined) {
    if (baseline === null) outcome.details.push('baseline not measured; relative bound skipped');
    else {
      const rise = baseline > 0 ? (value - baseline) / baseline : value > 0 ? Infinity : 0;
      const text = `${show(value)} vs baseline ${show(baseline)}: ${rise > 0 ? `+${(rise * 100).toFixed(1)}%` : `${(rise * 100).toFixed(1)}%`} (max +${(check.maxIncrease * 100).toFixed(0)}%)`;
      note(rise <= check.maxIncrease + 1e-12, text);
    }
  }
  return outcome;
}

function format(metric: GateMetric, value: number): string {
  if (metric === 'pass-rate' || metric === 'error-rate') return `${(value * 100).toFixed(1)}%`;
  if (metric === 'mean-score') return value.toFixed(3);
  if (metric.startsWith('cost')) return `$${value < 0.01 ? value.toPrecision(3) : value.toFixed(4)}`;
  if (metric === 'output-tokens') return Math.round(value).toLocaleString('en-US');
  return `${Math.round(value).toLocaleString('en-US')} ms`;
}

function describeRegression(row: ComparedRow): RegressedRow {
  const before = new Map(row.baseline.scores.map((s) => [s.scorer, s]));
  const changes: string[] = [];
  for (const score of row.candidate.scores) {
    const was = before.get(score.scorer);
    if (was?.pass && !score.pass) changes.push(`${score.scorer} pass → fail${score.reason ? ` (${score.reason})` : ''}`);
    else if (was && was.score !== null && score.score !== null && score.score < was.score - 1e-9) changes.push(`${score.scorer} ${was.score.toFixed(2)} → ${score.score.toFixed(2)}`);
  }
  if (row.baseline.error === null && row.candidate.error !== null) changes.unshift(`failed: ${row.candidate.error}`);
  return { rowId: row.rowId, sampleIndex: row.sampleIndex, column: row.column, what: changes.join('; ') || 'lower mean score', output: row.candidate.output };
}

function describeFailure(row: DrillRow): RegressedRow {
  const failed = row.scores.filter((s) => !s.pass).map((s) => `${s.scorer} fails${s.reason ? ` (${s.reason})` : ''}`);
  return { rowId: row.rowId, sampleIndex: row.sampleIndex, column: `${row.promptLabel} × ${row.modelName}`, what: failed.join('; '), output: row.output };
}

/** The gate's verdict for a terminal or a CI log. */
export function formatGate(result: GateResult, file: string): string[] {
  const lines = ['', `Gate ${file}${result.baseline ? ` (baseline: “${result.baseline.name}”, ${result.baseline.id})` : ''}:`];
  for (const check of result.checks) {
    const mark = check.status === 'passed' ? 'ok  ' : check.status === 'failed' ? 'FAIL' : 'skip';
    lines.push(`  ${mark} ${check.metric}${check.scorer ? ` (${check.scorer})` : ''}: ${check.details.join('; ')}`);
  }
  if (result.regressedTotal > 0) {
    lines.push(
      '',
      result.baseline
        ? `Rows that got worse than the baseline (${result.regressedTotal} of ${result.comparedRows ?? 0} compared):`
        : `Rows that fail a scorer (${result.regressedTotal}):`,
    );
    for (const row of result.regressedRows) {
      const output = row.output.replace(/\s+/g, ' ').trim();
      lines.push(`  row ${row.rowId}${row.sampleIndex > 0 ? ` sample ${row.sampleIndex}` : ''}, ${row.column}: ${row.what}`);
      lines.push(`    output: ${output.length > 120 ? `${output.slice(0, 119)}…` : output || '(empty)'}`);
    }
    if (result.regressedTotal > result.regressedRows.length) lines.push(`  … and ${result.regressedTotal - result.regressedRows.length} more (--json lists them; the Monitor shows all).`);
  }
  const failed = result.checks.filter((check) => check.status === 'failed').length;
  lines.push('', result.passed ? `Gate passed: ${result.checks.length} checks.` : `Gate FAILED: ${failed} of ${result.checks.length} checks.`);
  return lines;
}
