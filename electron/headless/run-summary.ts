import type { GenerationRecord } from '../../shared/contract/experiments.js';
import type { ResolvedExperiment } from './experiment-setup.js';

/** One line of the summary: a prompt version × a model (with its parameters). */
export interface SummaryRow {
  prompt: string;
  promptVersionId: string;
  model: string;
  modelId: string;
  /** Dataset rows × samples. */
  cells: number;
  succeeded: number;
  failed: number;
  /** Of the succeeded, how many were reused from an earlier run. */
  cached: number;
  /** Cells with no stored generation (the run stopped early: budget, cancel). */
  missing: number;
  meanLatencyMs: number | null;
  inputTokens: number;
  outputTokens: number;
  /** Sum of the stored costs; null when the model has no prices. */
  costUsd: number | null;
}

export interface Failure {
  prompt: string;
  model: string;
  rowId: string;
  sampleIndex: number;
  code: string;
  message: string;
  attempts: number;
}

export interface RunTotals {
  cells: number;
  succeeded: number;
  failed: number;
  cached: number;
  missing: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  /** What this run paid: cached cells cost nothing again. */
  spentUsd: number | null;
}

export function summarize(resolved: ResolvedExperiment, samples: number, generations: GenerationRecord[]) {
  // Two entries of the file may name the same model with different parameters: only then do the
  // parameters tell the groups apart (the runner may add to them, e.g. a per-cell seed).
  const ids = resolved.models.map((model) => model.id);
  const sharedModel = new Set(ids.filter((id, i) => ids.indexOf(id) !== i));
  const key = (promptVersionId: string, modelId: string, params: object) =>
    `${promptVersionId}\u0000${modelId}\u0000${sharedModel.has(modelId) ? canonical({ ...params, seed: undefined }) : ''}`;
  const groups = new Map<string, GenerationRecord[]>();
  for (const generation of generations) {
    const id = key(generation.promptVersionId, generation.modelId, generation.params);
    const group = groups.get(id);
    if (group) group.push(generation);
    else groups.set(id, [generation]);
  }
  const cellsEach = resolved.dataset.rowCount * samples;
  const label = (prompt: ResolvedExperiment['prompts'][number]) => `${prompt.name} v${prompt.number}`;

  const rows: SummaryRow[] = [];
  const failures: Failure[] = [];
  for (const prompt of resolved.prompts) {
    for (const model of resolved.models) {
      const group = groups.get(key(prompt.versionId, model.id, model.params)) ?? [];
      const ok = group.filter((generation) => generation.error === null);
      const bad = group.filter((generation) => generation.error !== null);
      const costs = group.map((generation) => generation.costUsd);
      rows.push({
        prompt: label(prompt),
        promptVersionId: prompt.versionId,
        model: model.name,
        modelId: model.id,
        cells: cellsEach,
        succeeded: ok.length,
        failed: bad.length,
        cached: ok.filter((generation) => generation.cached).length,
        missing: Math.max(0, cellsEach - group.length),
        meanLatencyMs: ok.length === 0 ? null : ok.reduce((sum, generation) => sum + generation.latencyMs, 0) / ok.length,
        inputTokens: sumOf(ok, (generation) => generation.inputTokens),
        outputTokens: sumOf(ok, (generation) => generation.outputTokens),
        costUsd: costs.every((cost) => cost === null) && costs.length > 0 ? null : costs.reduce<number>((sum, cost) => sum + (cost ?? 0), 0),
      });
      for (const generation of bad) {
        failures.push({
          prompt: label(prompt),
          model: model.name,
          rowId: generation.rowId,
          sampleIndex: generation.sampleIndex,
          code: generation.error?.code ?? 'UNKNOWN',
          message: generation.error?.message ?? '',
          attempts: generation.attempts,
        });
      }
    }
  }

  const spent = generations.filter((generation) => !generation.cached).map((generation) => generation.costUsd);
  const totals: RunTotals = {
    cells: sumOf(rows, (row) => row.cells),
    succeeded: sumOf(rows, (row) => row.succeeded),
    failed: sumOf(rows, (row) => row.failed),
    cached: sumOf(rows, (row) => row.cached),
    missing: sumOf(rows, (row) => row.missing),
    inputTokens: sumOf(rows, (row) => row.inputTokens),
    outputTokens: sumOf(rows, (row) => row.outputTokens),
    costUsd: rows.every((row) => row.costUsd === null) ? null : sumOf(rows, (row) => row.costUsd ?? 0),
    spentUsd: spent.length > 0 && spent.every((cost) => cost === null) ? null : spent.reduce<number>((sum, cost) => sum + (cost ?? 0), 0),
  };
  return { rows, failures, totals };
}

/** The summary as a plain-text table for a terminal or a CI log. */
export function formatTable(rows: SummaryRow[]): string {
  const header = ['prompt', 'model', 'cells', 'succeeded', 'failed', 'cached', 'mean latency', 'tokens in/out', 'cost'];
  const numeric = new Set([2, 3, 4, 5, 6, 7, 8]);
  const body = rows.map((row) => [
    row.prompt,
    row.model,
    count(row.cells),
    count(row.succeeded),
    count(row.failed),
    count(row.cached),
    row.meanLatencyMs === null ? '—' : formatMs(row.meanLatencyMs),
    `${count(row.inputTokens)}/${count(row.outputTokens)}`,
    formatUsd(row.costUsd),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(line)].join('\n');
}

export function count(value: number): string {
  return value.toLocaleString('en-US');
}

export function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export function formatUsd(value: number | null): string {
  if (value === null) return '—';
  if (value === 0) return '$0';
  return value < 0.01 ? `$${value.toFixed(6)}` : `$${value.toFixed(4)}`;
}

function sumOf<T>(items: T[], pick: (item: T) => number): number {
  return items.reduce((sum, item) => sum + pick(item), 0);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
