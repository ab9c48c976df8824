import type { ExperimentConfig, GenerationRecord } from '../../../shared/contract/experiments.js';
import type { GenerationRequest, GenerationResult } from '../../../shared/contract/generation.js';
import type { MethodOutput, ParsedInput } from '../../../shared/contract/index.js';
import { scorerName, type ScoreRecord, type ScorerConfig, type ScoringStatus } from '../../../shared/contract/scoring.js';
import { AppError } from '../../../shared/errors.js';
import type { EventBus } from '../event-bus.js';
import * as experiments from '../experiments/experiment-repository.js';
import { silentLogger } from '../logger.js';
import { failedResult } from '../providers/failed-result.js';
import type { Provider } from '../providers/provider.js';
import { retryDelay } from '../providers/remote/retry-delay.js';
import { recordAudit } from '../storage/audit-log.js';
import type { Database } from '../storage/database.js';
import type { Logger } from '../types.js';
import { compileJsonSchema } from './json-check.js';
import * as repo from './score-repository.js';
import { asyncKinds, runScorer, runSyncScorer, type ScoreInput, type ScoringTools } from './scorers.js';
import { ScriptSandbox } from './script-sandbox.js';

/** What scoring needs of the model registry: a provider for an LLM judge. */
export interface ScoringModels {
  provider(id: string): Promise<Provider>;
}

export interface ScoringServiceOptions {
  logger?: Logger;
  /** LLM judge requests in flight at once. Default 4. */
  judgeConcurrency?: number;
  /** Incoming generations wait at most this long to be scored together. Default 50 ms. */
  batchDelayMs?: number;
}

/** An experiment's scorers and where its rows' references live; read once, until the scorers change. */
interface Plan {
  scorers: ScorerConfig[];
  datasetVersionId: string;
  rows: Promise<Map<string, { reference: string | null; context: string | null; variables: Record<string, unknown> }>> | null;
}

interface Job {
  row: repo.ScoringRow;
  scorer: ScorerConfig;
}

/** Generations scored per page when an experiment is scored from the table (a rescore, a catch-up). */
const pageSize = 1_000;

/**
 * Scores every successful generation with its experiment's scorers. Generations are scored as
 * the runner stores them: it announces each committed one with `experiment.generation`, and this
 * service, listening on the event bus, only queues it there, so the run's own loop never waits for
 * a score. The fast scorers run in batches on a timer; JavaScript and LLM judges run in their own
 * queues. Scores are written in batches (one INSERT a batch) and announced with `scoring.scores`.
 */
export class ScoringService {
  private readonly logger: Logger;
  private readonly plans = new Map<string, Promise<Plan | null>>();
  private incoming: GenerationRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly slow: Job[] = [];
  private slowRunning = 0;
  private readonly slowDone: repo.ScoreWrite[] = [];
  private slowFlushTimer: NodeJS.Timeout | null = null;
  /** Work not yet stored, per experiment (queued generations, slow jobs, a rescore). */
  private readonly pending = new Map<string, number>();
  private readonly idleWaiters = new Map<string, (() => void)[]>();
  private sandboxPromise: Promise<ScriptSandbox> | null = null;
  private readonly controller = new AbortController();
  private unsubscribe: (() => void) | null = null;
  private closed = false;
  private readonly tools: ScoringTools;

  constructor(
    private readonly db: Database,
    private readonly events: EventBus,
    private readonly models: ScoringModels,
    private readonly options: ScoringServiceOptions = {},
  ) {
    this.logger = options.logger ?? silentLogger;
    this.tools = {
      sandbox: () => (this.sandboxPromise ??= ScriptSandbox.create()),
      judge: (modelId, request, signal) => this.judge(modelId, request, signal),
      signal: this.controller.signal,
    };
  }

  /** Starts listening for stored generations. */
  attach(): void {
    this.unsubscribe ??= this.events.subscribe((event, payload) => {
      if (event !== 'experiment.generation') return;
      const record = payload as GenerationRecord;
      if (record.error !== null || this.closed) return;
      // O(1) here: this runs inside the run's commit callback.
      this.incoming.push(record);
      this.change(record.experimentId, 1);
      this.timer ??= setTimeout(() => void this.drain(), this.options.batchDelayMs ?? 50);
    });
  }

  async configure(input: ParsedInput<'scoring', 'configure'>): Promise<MethodOutput<'scoring', 'configure'>> {
    for (const scorer of input.scorers) checkScorer(scorer);
    const experiment = await this.db.read((sql) => experiments.findExperiment(sql, input.experimentId));
    if (!experiment) throw new AppError('NOT_FOUND', 'This experiment does not exist.');
    // Scores of scorers that stay exactly as they were are kept; the rest are scored again.
    const before = new Map((experiment.config.scorers ?? []).map((scorer) => [scorerName(scorer), JSON.stringify(scorer)]));
    const unchanged = input.scorers.filter((scorer) => before.get(scorerName(scorer)) === JSON.stringify(scorer)).map(scorerName);
    const config: ExperimentConfig = { ...experiment.config, scorers: input.scorers };
    await this.db.transaction(async (sql) => {
      await experiments.setConfig(sql, experiment.id, config);
      await repo.deleteScoresExcept(sql, experiment.id, unchanged);
      await recordAudit(sql, 'experiment.scorers.update', 'experiment', experiment.id, { scorers: input.scorers.map(scorerName), kept: unchanged });
    });
    this.plans.delete(experiment.id);
    (await this.sandboxPromise)?.reset();
    this.change(experiment.id, 1);
    void this.scoreStored(experiment.id)
      .catch((error: unknown) => this.logger.error('scoring: rescoring failed', { experimentId: experiment.id, error: String(error) }))
      .finally(() => this.change(experiment.id, -1));
    return this.status(experiment.id);
  }

  async status(experimentId: string): Promise<ScoringStatus> {
    const plan = await this.plan(experimentId);
    if (!plan) throw new AppError('NOT_FOUND', 'This experiment does not exist.');
    const names = plan.scorers.map(scorerName);
    const counts = await this.db.read((sql) => repo.scoreCounts(sql, experimentId, names));
    return {
      experimentId,
      scorers: names,
      expected: counts.generations * names.length,
      scored: counts.scored,
      errors: counts.errors,
      running: (this.pending.get(experimentId) ?? 0) > 0,
    };
  }

  async scores(input: ParsedInput<'scoring', 'scores'>): Promise<MethodOutput<'scoring', 'scores'>> {
    const plan = await this.plan(input.experimentId);
    if (!plan) throw new AppError('NOT_FOUND', 'This experiment does not exist.');
    return this.db.read((sql) => repo.scoresPage(sql, input.experimentId, plan.scorers.map(scorerName), input.offset, input.limit));
  }

  async rows(input: ParsedInput<'scoring', 'rows'>): Promise<MethodOutput<'scoring', 'rows'>> {
    const plan = await this.plan(input.experimentId);
    if (!plan) throw new AppError('NOT_FOUND', 'This experiment does not exist.');
    return { rowIndices: await this.db.read((sql) => repo.rowIndices(sql, input.experimentId, plan.datasetVersionId, input.outcome, input.scorer)) };
  }

  async test(input: ParsedInput<'scoring', 'test'>): Promise<MethodOutput<'scoring', 'test'>> {
    checkScorer(input.scorer);
    return runScorer(input.scorer, { output: input.output, reference: input.reference, context: input.context, question: input.question, variables: {}, latencyMs: 0, costUsd: null, inputTokens: 0, outputTokens: 0 }, this.tools);
  }

  /**
   * Resolves once the experiment's stored generations all have their scores: what is queued is
   * scored, then anything missed (e.g. generations stored before this process started) is caught up.
   */
  async settle(experimentId: string): Promise<ScoringStatus> {
    await this.idle(experimentId);
    this.change(experimentId, 1);
    try {
      await this.scoreStored(experimentId);
    } finally {
      this.change(experimentId, -1);
    }
    await this.idle(experimentId);
    return this.status(experimentId);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    this.controller.abort();
    if (this.timer) clearTimeout(this.timer);
    if (this.slowFlushTimer) clearTimeout(this.slowFlushTimer);
    this.timer = null;
    this.slowFlushTimer = null;
    // Nothing more will be scored: whoever waits for an experiment to settle stops waiting.
    for (const waiters of this.idleWaiters.values()) for (const resolve of waiters) resolve();
    this.idleWaiters.clear();
    (await this.sandboxPromise?.catch(() => null))?.close();
  }

  /** Scores every stored generation that lacks a score from one of the experiment's scorers, a page at a time. */
  private async scoreStored(experimentId: string): Promise<void> {
    const plan = await this.plan(experimentId);
    if (!plan || plan.scorers.length === 0) return;
    const names = plan.scorers.map(scorerName);
    let after = '';
    for (;;) {
      if (this.closed) return;
      const rows = await this.db.read((sql) => repo.unscoredRows(sql, experimentId, plan.datasetVersionId, names, after, pageSize));
      if (rows.length === 0) return;
      after = rows.at(-1)!.generationId;
      await this.scoreRows(plan, rows, true);
    }
  }

  private async drain(): Promise<void> {
    this.timer = null;
    const batch = this.incoming;
    this.incoming = [];
    const byExperiment = new Map<string, GenerationRecord[]>();
    for (const record of batch) {
      const list = byExperiment.get(record.experimentId);
      if (list) list.push(record);
      else byExperiment.set(record.experimentId, [record]);
    }
    for (const [experimentId, records] of byExperiment) {
      try {
        const plan = await this.plan(experimentId);
        if (plan && plan.scorers.length > 0) {
          const rowInfo = await (plan.rows ??= this.db.read((sql) => repo.datasetRowInfo(sql, plan.datasetVersionId)));
          const rows = records.map((record) => toScoringRow(record, rowInfo.get(record.rowId)));
          await this.scoreRows(plan, rows, false);
        }
      } catch (error) {
        this.logger.error('scoring: could not score generations', { experimentId, error: error instanceof Error ? error.message : String(error) });
      } finally {
        this.change(experimentId, -records.length);
      }
    }
  }

  /**
   * The fast scorers now, in one write; the JavaScript and LLM scorers into their queue. Pairs of
   * (row, scorer) that have a score already (`row.have`) are left alone. `wait`: until all are stored.
   */
  private async scoreRows(plan: Plan, rows: repo.ScoringRow[], wait: boolean): Promise<void> {
    const fast: repo.ScoreWrite[] = [];
    const slowJobs: Job[] = [];
    for (const row of rows) {
      for (const scorer of plan.scorers) {
        if (row.have?.has(scorerName(scorer))) continue;
        if (asyncKinds.has(scorer.kind)) slowJobs.push({ row, scorer });
        else fast.push(toWrite(row, scorer, runSyncScorer(scorer, row.input)));
      }
    }
    await this.store(fast);
    if (slowJobs.length === 0) return;
    const experimentId = rows[0]!.experimentId;
    this.change(experimentId, slowJobs.length);
    this.slow.push(...slowJobs);
    this.pumpSlow();
    if (wait) await this.idle(experimentId);
  }

  private pumpSlow(): void {
    const limit = this.options.judgeConcurrency ?? 4;
    while (this.slowRunning < limit && this.slow.length > 0 && !this.closed) {
      const job = this.slow.shift()!;
      this.slowRunning++;
      void runScorer(job.scorer, job.row.input, this.tools)
        .then(async (result) => {
          this.slowDone.push(toWrite(job.row, job.scorer, result));
          this.slowFlushTimer ??= setTimeout(() => void this.flushSlow(), this.options.batchDelayMs ?? 50);
          // Yield between sandboxed scripts, so a queue of them never holds the event loop for long.
          if (job.scorer.kind === 'javascript') await new Promise((resolve) => setImmediate(resolve));
        })
        .finally(() => {
          this.slowRunning--;
          this.pumpSlow();
        });
    }
  }

  /** Slow scores are written together; each stops counting as pending once it is committed. */
  private async flushSlow(): Promise<void> {
    this.slowFlushTimer = null;
    const rows = this.slowDone.splice(0);
    try {
      await this.store(rows);
    } catch (error) {
      this.logger.error('scoring: could not store scores', { error: error instanceof Error ? error.message : String(error) });
    } finally {
      for (const row of rows) this.change(row.experimentId, -1);
    }
  }

  private async store(rows: repo.ScoreWrite[]): Promise<void> {
    if (rows.length === 0 || this.closed) return;
    // One transaction a chunk, so a big rescore never holds the database for long.
    for (let start = 0; start < rows.length; start += 10_000) {
      const chunk = rows.slice(start, start + 10_000);
      await this.db.transaction((sql) => repo.insertScores(sql, chunk));
      const byExperiment = new Map<string, ScoreRecord[]>();
      for (const { promptVersionId: _p, modelId: _m, rowId: _r, ...score } of chunk) {
        const list = byExperiment.get(score.experimentId);
        if (list) list.push(score);
        else byExperiment.set(score.experimentId, [score]);
      }
      for (const [experimentId, scores] of byExperiment) this.events.emit('scoring.scores', { experimentId, scores });
    }
  }

  private plan(experimentId: string): Promise<Plan | null> {
    let plan = this.plans.get(experimentId);
    if (!plan) {
      plan = this.db
        .read((sql) => experiments.findExperiment(sql, experimentId))
        .then((experiment) => (experiment ? { scorers: experiment.config.scorers ?? [], datasetVersionId: experiment.config.datasetVersionId, rows: null } : null));
      // A failed read is not remembered; an experiment that does not exist (yet) is looked up again.
      plan.then((found) => found ?? this.plans.delete(experimentId), () => this.plans.delete(experimentId));
      this.plans.set(experimentId, plan);
    }
    return plan;
  }

  private change(experimentId: string, delta: number): void {
    const count = (this.pending.get(experimentId) ?? 0) + delta;
    if (count > 0) {
      this.pending.set(experimentId, count);
      return;
    }
    this.pending.delete(experimentId);
    const waiters = this.idleWaiters.get(experimentId) ?? [];
    this.idleWaiters.delete(experimentId);
    for (const resolve of waiters) resolve();
  }

  private idle(experimentId: string): Promise<void> {
    if (!this.pending.has(experimentId)) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.idleWaiters.get(experimentId);
      if (list) list.push(resolve);
      else this.idleWaiters.set(experimentId, [resolve]);
    });
  }

  /** One judge request with the runner's retry rules (429, 5xx, time-outs), failures as data. */
  private async judge(modelId: string, request: GenerationRequest, signal?: AbortSignal): Promise<GenerationResult> {
    let provider: Provider;
    try {
      provider = await this.models.provider(modelId);
    } catch (error) {
      return failedResult({ code: 'BAD_REQUEST', message: `The judge model cannot run: ${error instanceof Error ? error.message : String(error)}`, retryable: false });
    }
    for (let attempt = 1; ; attempt++) {
      const result = await provider.generate(request, { ...(signal ? { signal } : {}), idleTimeoutMs: 120_000 });
      const error = result.error;
      if (!error || !error.retryable || attempt >= 3 || signal?.aborted) return result;
      const delay = retryDelay(error, attempt);
      if (delay === null) return result;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Refuses, in words, a scorer that could never run: a bad regex or JSON Schema. */
function checkScorer(scorer: ScorerConfig): void {
  const name = `Scorer “${scorerName(scorer)}”`;
  if (scorer.kind === 'regex') {
    try {
      new RegExp(scorer.pattern, scorer.flags);
    } catch (error) {
      throw new AppError('INVALID_INPUT', `${name}: the pattern is not a valid regular expression (${error instanceof Error ? error.message : String(error)}).`);
    }
  }
  if (scorer.kind === 'json-schema') {
    const compiled = compileJsonSchema(scorer.schema);
    if (typeof compiled === 'string') throw new AppError('INVALID_INPUT', `${name}: ${compiled}`);
  }
  if (scorer.kind === 'length' && scorer.min !== null && scorer.max !== null && scorer.min > scorer.max) {
    throw new AppError('INVALID_INPUT', `${name}: the minimum is above the maximum.`);
  }
}

function toScoringRow(record: GenerationRecord, row: { reference: string | null; context: string | null; variables: Record<string, unknown> } | undefined): repo.ScoringRow {
  const input: ScoreInput = {
    output: record.output,
    reference: row?.reference ?? null,
    context: row?.context ?? null,
    question: repo.lastUserMessage(record.messages),
    variables: row?.variables ?? {},
    latencyMs: record.latencyMs,
    costUsd: record.costUsd,
    inputTokens: record.inputTokens,
    outputTokens: record.outputTokens,
  };
  return { generationId: record.id, experimentId: record.experimentId, promptVersionId: record.promptVersionId, modelId: record.modelId, rowId: record.rowId, input };
}

function toWrite(row: repo.ScoringRow, scorer: ScorerConfig, result: { pass: boolean; score: number | null; reason: string; error: string | null }): repo.ScoreWrite {
  return {
    generationId: row.generationId,
    experimentId: row.experimentId,
    promptVersionId: row.promptVersionId,
    modelId: row.modelId,
    rowId: row.rowId,
    scorer: scorerName(scorer),
    kind: scorer.kind,
    pass: result.pass,
    score: result.score,
    reason: result.reason.slice(0, 2000),
    error: result.error,
  };
}
