import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { ExperimentConfig, ExperimentProgress, ExperimentState, GenerationRecord } from '../../../shared/contract/experiments.js';
import type { GenerationResult, SamplingParams } from '../../../shared/contract/generation.js';
import type { LocalModel, RuntimeInfo } from '../../../shared/contract/models.js';
import type { ChatMessage } from '../../../shared/contract/prompts.js';
import type { Provider } from '../providers/provider.js';
import { retryDelay } from '../providers/remote/retry-delay.js';
import type { Database } from '../storage/database.js';
import type { Logger } from '../types.js';
import { failedResult } from '../providers/failed-result.js';
import { BudgetGate, type Reservation, type Spend } from './budget-gate.js';
import { cacheKeyFrom, cacheKeyPrefix, cellKey, cellSeed, messagesKeyJson } from './cell-identity.js';
import { EndpointGate, sleep } from './endpoint-gate.js';
import { findCachedOutputs, type CachedOutput, type StoredTotals } from './experiment-repository.js';
import { GenerationWriter, type GenerationWrite, type WriteStrategy } from './generation-writer.js';
import { planLocalSchedule } from './local-schedule.js';
import { estimateTokens, renderCell, type MatrixModel } from './matrix.js';
import type { MatrixPrompt, MatrixRow } from './matrix-sources.js';
import { ProgressTracker } from './progress-tracker.js';

export interface RunEnvironment {
  db: Database;
  logger: Logger;
  /** Local inference's memory and loaded models, to plan the order of local models. */
  runtime: () => Promise<RuntimeInfo>;
  /** Parallel requests per local model: the inference host's sequences per model. */
  localParallelism: number;
  writeStrategy: WriteStrategy;
  flushIntervalMs: number;
  onProgress: (progress: ExperimentProgress) => void;
  onGeneration: (record: GenerationRecord) => void;
}

export interface RunModel extends MatrixModel {
  provider: Provider;
}

export interface RunPlan {
  experimentId: string;
  config: ExperimentConfig;
  prompts: MatrixPrompt[];
  models: RunModel[];
  rows: MatrixRow[];
  /** Cells that already have a stored generation (cellKey strings): they are skipped. */
  storedCells: Set<string>;
  storedTotals: StoredTotals;
  /** Ignore the cache for this run. */
  fresh: boolean;
}

export interface RunOutcome {
  state: Exclude<ExperimentState, 'draft' | 'running'>;
  message: string | null;
}

/** A cell ready to generate: rendered, seeded, keyed. */
interface PendingCell {
  promptVersionId: string;
  modelId: string;
  rowId: string;
  sampleIndex: number;
  seed: number;
  params: SamplingParams;
  messages: ChatMessage[];
  messagesJson: string;
  renderError: string | null;
  cacheKey: string;
  worst: Spend;
}

/** A prompt version rendered for one row, with what every cell of that pair derives from it. */
type Rendering =
  | { messages: ChatMessage[]; messagesJson: string; keyJson: string; inputTokens: number; error: null }
  | { messages: []; messagesJson: '[]'; keyJson: ''; inputTokens: 0; error: string };

/** Cells prepared per cache lookup: one query per chunk, not per cell. */
const chunkSize = 512;
/** Rendered (prompt version, row) pairs kept for the other models and samples that need them. */
const renderCacheSize = 4096;

export const interruptedMessage = 'Arbiter stopped while this ran; Resume continues where it left off.';
export const cancelledMessage = 'Cancelled. Resume runs the cells that have no result yet.';

/**
 * One run of an experiment: fills the cells that have no stored generation. Remote models run
 * concurrently, each endpoint (provider id) under its own limit; local models run with as many
 * requests as the inference host has sequences, one model after another when memory is short.
 * Each finished generation goes to the writer (committed within ~50 ms), then out as an event.
 */
export class ExperimentRun {
  readonly progress: ProgressTracker;
  readonly done: Promise<RunOutcome>;
  private readonly controller = new AbortController();
  private readonly writer: GenerationWriter;
  private readonly budget: BudgetGate;
  private readonly gates = new Map<string, EndpointGate>();
  private readonly renders = new Map<string, Rendering>();
  private readonly keyPrefixes = new Map<string, string>();
  private readonly promptIndex: Map<string, number>;
  private stopReason: RunOutcome | null = null;
  /** True once the run has written its last generation (its outcome may not be recorded yet). */
  ended = false;

  constructor(
    private readonly plan: RunPlan,
    private readonly env: RunEnvironment,
  ) {
    // Every request, retry wait and slot wait listens to the run's signal; hundreds is normal.
    setMaxListeners(0, this.controller.signal);
    const { config, storedTotals } = plan;
    const total = plan.prompts.length * plan.models.length * plan.rows.length * config.samples;
    this.progress = new ProgressTracker({ experimentId: plan.experimentId, total, stored: storedTotals, emit: env.onProgress });
    this.budget = new BudgetGate(config.budget, { tokens: storedTotals.inputTokens + storedTotals.outputTokens, costUsd: storedTotals.costUsd });
    this.promptIndex = new Map(plan.prompts.map((prompt, index) => [prompt.id, index]));
    this.writer = new GenerationWriter(env.db, {
      flushIntervalMs: env.flushIntervalMs,
      strategy: env.writeStrategy,
      onStored: (rows) => this.onStored(rows),
      onFailure: (error) => {
        env.logger.error('experiments: could not store generations', { experimentId: plan.experimentId, error: error.message });
        this.halt({ state: 'interrupted', message: `Results could not be stored (${error.message}). Resume continues where it left off.` }, true);
      },
    });
    this.done = this.execute().catch((error: unknown) => {
      this.fail(error);
      this.ended = true;
      return this.stopReason!;
    });
  }

  get stopping(): boolean {
    return this.stopReason !== null;
  }

  /** Cancel (in-flight requests are aborted; their cells stay empty for a resume). */
  cancel(): void {
    this.halt({ state: 'cancelled', message: cancelledMessage }, true);
  }

  /** The backend is closing: stop now; the experiment resumes next time. */
  interrupt(): void {
    this.halt({ state: 'interrupted', message: interruptedMessage }, true);
  }

  /** Something the run depends on broke (storage, a cache lookup): stop, and say so. */
  fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.env.logger.error('experiments: run failed', { experimentId: this.plan.experimentId, error: message });
    this.halt({ state: 'interrupted', message: `The run stopped: ${message}. Resume continues where it left off.` }, true);
  }

  /** The first reason to stop wins, except that a cancel or shutdown overrides a budget pause in progress. */
  private halt(reason: RunOutcome, abort: boolean): void {
    if (!this.stopReason || (this.stopReason.state === 'paused' && abort)) this.stopReason = reason;
    if (abort) this.controller.abort();
  }

  private async execute(): Promise<RunOutcome> {
    this.progress.emitNow();
    const local = this.plan.models.filter((model) => model.entry.kind === 'local');
    const remote = this.plan.models.filter((model) => model.entry.kind === 'remote');
    // A lane that breaks stops the others (fail aborts), and every lane has stopped before the writer closes.
    const lane = (work: Promise<void>) => work.catch((error: unknown) => this.fail(error));
    await Promise.all([...remote.map((model) => lane(this.runModel(model))), lane(this.runLocalModels(local))]);
    await this.writer.close();
    this.progress.stop();
    const outcome = this.stopReason ?? this.finished();
    this.progress.state = outcome.state;
    this.progress.message = outcome.message;
    this.ended = true;
    return outcome;
  }

  private finished(): RunOutcome {
    const snapshot = this.progress.snapshot();
    const missing = snapshot.total - snapshot.succeeded - snapshot.failed;
    if (missing > 0) return { state: 'interrupted', message: `${missing} cells have no result. Resume runs them.` };
    if (snapshot.failed > 0) {
      return { state: 'completed', message: `${snapshot.failed} of ${snapshot.total} generations failed. Resume retries them.` };
    }
    return { state: 'completed', message: null };
  }

  private async runLocalModels(models: RunModel[]): Promise<void> {
    if (models.length === 0) return;
    let runtime: RuntimeInfo | null = null;
    try {
      runtime = await this.env.runtime();
    } catch {
      // Without memory figures, one model at a time is the safe order.
    }
    const schedule = planLocalSchedule(
      models.map((model) => ({ modelId: model.modelId, estimatedMemoryBytes: (model.entry as LocalModel).estimatedMemoryBytes })),
      runtime && { ramFreeBytes: runtime.ramFreeBytes, gpuFreeBytes: runtime.gpuFreeBytes, loadedModelIds: runtime.loaded.map((m) => m.modelId) },
    );
    const ordered = schedule.order.map((id) => models.find((model) => model.modelId === id)!);
    if (schedule.concurrent) {
      await Promise.all(ordered.map((model) => this.runModel(model)));
      return;
    }
    for (const model of ordered) {
      if (this.stopping) return;
      await this.runModel(model);
    }
  }

  /** Every missing cell of one model, in matrix order, by a pool of workers under the endpoint's limit. */
  private async runModel(model: RunModel): Promise<void> {
    const local = model.entry.kind === 'local';
    const limit = local ? this.env.localParallelism : this.plan.config.remoteConcurrency;
    // Two entries for the same endpoint share its limit; local models each get the host's sequences.
    const gateKey = local ? `local:${model.modelId}` : model.provider.id;
    let gate = this.gates.get(gateKey);
    if (!gate) {
      gate = new EndpointGate(limit);
      this.gates.set(gateKey, gate);
    }
    const feed = new CellFeed(this, model, Math.max(limit * 2, 32));
    const worker = async () => {
      for (;;) {
        await this.writer.room();
        if (this.stopping) return;
        const cell = await feed.next();
        if (!cell) return;
        try {
          await this.runCell(model, gate, cell);
        } catch (error) {
          this.fail(error); // a bug, not a model's failure (those are data): stop rather than lose track
          return;
        }
      }
    };
    await Promise.all(Array.from({ length: limit }, worker));
    await feed.idle();
  }

  /** Generates one cell, retrying what is worth retrying, and hands the result to the writer. */
  private async runCell(model: RunModel, gate: EndpointGate, cell: PendingCell): Promise<void> {
    if (cell.renderError !== null) {
      this.store(cell, failedResult({ code: 'BAD_REQUEST', message: `The prompt could not be rendered for this row: ${cell.renderError}`, retryable: false }), 1);
      return;
    }
    const signal = this.controller.signal;
    let reservation: Reservation | null = null;
    if (this.budget.limited) {
      const reserved = await this.budget.reserve(cell.worst, signal);
      if (reserved === false) return;
      if ('exhausted' in reserved) {
        // Work in flight finishes and is stored; nothing new starts.
        this.halt({ state: 'paused', message: reserved.exhausted }, false);
        return;
      }
      reservation = reserved;
      if (this.stopping) {
        reservation.release({ tokens: 0, costUsd: 0 });
        return;
      }
    }

    this.progress.inFlight++;
    this.progress.changed();
    const { maxRetries, timeoutSeconds } = this.plan.config;
    let result: GenerationResult | null = null;
    let attempts = 0;
    try {
      for (;;) {
        attempts++;
        const release = await gate.acquire(signal);
        if (!release) {
          result = null;
          break;
        }
        try {
          result = await attempt(model.provider, cell, signal, timeoutSeconds * 1000);
        } finally {
          release();
        }
        // Stopped by a cancel: the cell stays empty for a resume (a result that made it stays).
        if (signal.aborted && result.error) {
          result = null;
          break;
        }
        const error = result.error;
        if (!error || !error.retryable || attempts > maxRetries) break;
        const delay = retryDelay(error, attempts);
        if (delay === null) break;
        if (error.retryAfterSeconds !== undefined) gate.pauseUntil(Date.now() + error.retryAfterSeconds * 1000);
        if (!(await sleep(delay, signal))) {
          result = null;
          break;
        }
      }
    } finally {
      this.progress.inFlight--;
      this.progress.changed();
      reservation?.release(result ? { tokens: result.inputTokens + result.outputTokens, costUsd: result.costUsd ?? 0 } : { tokens: 0, costUsd: 0 });
    }
    if (result) this.store(cell, result, attempts);
  }

  private store(cell: PendingCell, result: GenerationResult, attempts: number): void {
    this.write(cell, {
      id: randomUUID(),
      experimentId: this.plan.experimentId,
      promptVersionId: cell.promptVersionId,
      modelId: cell.modelId,
      rowId: cell.rowId,
      sampleIndex: cell.sampleIndex,
      seed: cell.seed,
      messages: cell.messages,
      params: cell.params,
      output: result.output,
      finishReason: result.error && result.finishReason !== 'cancelled' ? 'error' : result.finishReason,
      inputTokens: result.inputTokens,
      outputTokens: result.outputTokens,
      latencyMs: round(result.latencyMs),
      timeToFirstTokenMs: result.timeToFirstTokenMs === null ? null : round(result.timeToFirstTokenMs),
      costUsd: result.costUsd,
      error: result.error,
      cached: false,
      attempts,
      createdAt: new Date().toISOString(),
    });
  }

  /** A cell whose key has a stored successful generation: a copy, marked cached. */
  storeCached(cell: PendingCell, source: CachedOutput): void {
    this.write(cell, {
      id: randomUUID(),
      experimentId: this.plan.experimentId,
      promptVersionId: cell.promptVersionId,
      modelId: cell.modelId,
      rowId: cell.rowId,
      sampleIndex: cell.sampleIndex,
      seed: cell.seed,
      messages: cell.messages,
      params: cell.params,
      // The numbers describe how the output was made; spend and throughput leave cached rows out.
      ...source,
      error: null,
      cached: true,
      createdAt: new Date().toISOString(),
    });
  }

  private write(cell: PendingCell, record: GenerationRecord): void {
    this.writer.add({ record, cacheKey: cell.cacheKey, messagesJson: cell.messagesJson });
  }

  /** Producers wait here while the writer is behind (see GenerationWriter.room). */
  room(): Promise<void> {
    return this.writer.room();
  }

  private onStored(rows: GenerationWrite[]): void {
    for (const { record } of rows) {
      this.progress.stored(record);
      this.env.onGeneration(record);
    }
  }

  /** The cells of one model that have no stored generation, prepared in matrix order. */
  *missingCells(model: RunModel): Generator<{ prompt: MatrixPrompt; row: MatrixRow; sampleIndex: number }> {
    const { storedCells, rows, prompts, config } = this.plan;
    for (const prompt of prompts) {
      for (const row of rows) {
        for (let sampleIndex = 0; sampleIndex < config.samples; sampleIndex++) {
          if (storedCells.size > 0 && storedCells.has(cellKey({ promptVersionId: prompt.id, modelId: model.modelId, rowId: row.rowId, sampleIndex }))) continue;
          yield { prompt, row, sampleIndex };
        }
      }
    }
  }

  prepare(model: RunModel, prompt: MatrixPrompt, row: MatrixRow, sampleIndex: number): PendingCell {
    const rendering = this.render(prompt, row);
    const seed = cellSeed(this.plan.config.seed, row.rowId, sampleIndex);
    const params: SamplingParams = { ...model.params, seed };
    let prefix = this.keyPrefixes.get(model.modelId);
    if (prefix === undefined) {
      prefix = cacheKeyPrefix(model.provider.id, model.params);
      this.keyPrefixes.set(model.modelId, prefix);
    }
    const { inputPerMillion, outputPerMillion } = model.entry.prices;
    return {
      promptVersionId: prompt.id,
      modelId: model.modelId,
      rowId: row.rowId,
      sampleIndex,
      seed,
      params,
      messages: rendering.messages,
      messagesJson: rendering.messagesJson,
      renderError: rendering.error,
      cacheKey: rendering.error === null ? cacheKeyFrom(prefix, rendering.keyJson, seed, sampleIndex) : '',
      worst: {
        tokens: rendering.inputTokens + params.maxTokens,
        costUsd: ((inputPerMillion ?? 0) * rendering.inputTokens + (outputPerMillion ?? 0) * params.maxTokens) / 1_000_000,
      },
    };
  }

  get fresh(): boolean {
    return this.plan.fresh;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  lookupCache(keys: string[]): Promise<Map<string, CachedOutput>> {
    return this.env.db.read((sql) => findCachedOutputs(sql, keys));
  }

  /** Rendering is shared between models and samples of the same (prompt version, row). */
  private render(prompt: MatrixPrompt, row: MatrixRow): Rendering {
    const key = `${this.promptIndex.get(prompt.id)}:${row.rowIndex}`;
    let rendering = this.renders.get(key);
    if (!rendering) {
      const rendered = renderCell(prompt, row);
      rendering =
        'error' in rendered
          ? { messages: [], messagesJson: '[]', keyJson: '', inputTokens: 0, error: rendered.error }
          : {
              messages: rendered.messages,
              messagesJson: JSON.stringify(rendered.messages),
              keyJson: messagesKeyJson(rendered.messages),
              inputTokens: estimateTokens(rendered.messages),
              error: null,
            };
      if (this.renders.size >= renderCacheSize) this.renders.delete(this.renders.keys().next().value!);
      this.renders.set(key, rendering);
    }
    return rendering;
  }
}

/**
 * Feeds one model's workers: prepares cells a chunk at a time, answers what it can from the cache
 * in one query per chunk (those are stored at once), and keeps the rest ready before they are asked for.
 */
class CellFeed {
  private readonly buffer: PendingCell[] = [];
  private readonly source: Iterator<{ prompt: MatrixPrompt; row: MatrixRow; sampleIndex: number }>;
  private sourceDone = false;
  private refilling: Promise<void> | null = null;

  constructor(
    private readonly run: ExperimentRun,
    private readonly model: RunModel,
    private readonly lowWater: number,
  ) {
    this.source = run.missingCells(model);
  }

  async next(): Promise<PendingCell | null> {
    for (;;) {
      if (this.run.stopping) return null;
      const cell = this.buffer.shift();
      if (cell) {
        if (this.buffer.length < this.lowWater) void this.refill();
        return cell;
      }
      if (this.sourceDone && !this.refilling) return null;
      await this.refill();
    }
  }

  /** Resolves when no refill is running (one may have started in the background). */
  async idle(): Promise<void> {
    while (this.refilling) await this.refilling;
  }

  private refill(): Promise<void> {
    this.refilling ??= this.fill()
      .catch((error: unknown) => this.run.fail(error))
      .finally(() => (this.refilling = null));
    return this.refilling;
  }

  private async fill(): Promise<void> {
    while (!this.sourceDone && this.buffer.length < this.lowWater && !this.run.stopping) {
      const chunk: PendingCell[] = [];
      while (chunk.length < chunkSize) {
        const next = this.source.next();
        if (next.done) {
          this.sourceDone = true;
          break;
        }
        chunk.push(this.run.prepare(this.model, next.value.prompt, next.value.row, next.value.sampleIndex));
      }
      if (chunk.length === 0) return;
      const cached = this.run.fresh ? new Map<string, CachedOutput>() : await this.run.lookupCache(chunk.filter((c) => c.renderError === null).map((c) => c.cacheKey));
      for (const cell of chunk) {
        const hit = cell.renderError === null ? cached.get(cell.cacheKey) : undefined;
        if (hit) this.run.storeCached(cell, hit);
        else this.buffer.push(cell);
      }
      await this.run.room();
    }
  }
}

/** One request, stopped by the run's signal or by `idleTimeoutMs` without output (then a retryable TIMEOUT). */
async function attempt(provider: Provider, cell: PendingCell, signal: AbortSignal, idleTimeoutMs: number): Promise<GenerationResult> {
  try {
    return await provider.generate({ messages: cell.messages, params: cell.params }, { signal, idleTimeoutMs });
  } catch (error) {
    // Providers return failures as data; this guards the run against one that throws.
    return failedResult({ code: 'UNKNOWN', message: error instanceof Error ? error.message : String(error), retryable: false });
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
