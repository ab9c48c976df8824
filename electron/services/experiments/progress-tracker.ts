import type { ExperimentProgress, ExperimentState } from '../../../shared/contract/experiments.js';
import type { StoredTotals } from './experiment-repository.js';

export interface ProgressTrackerOptions {
  experimentId: string;
  total: number;
  /** What was stored before this run started. */
  stored: StoredTotals;
  emit: (progress: ExperimentProgress) => void;
  /** Least time between two progress events. Default 250 ms (four a second). */
  intervalMs?: number;
}

/** Rates are measured over this much recent time, so a model load at the start fades from the ETA. */
const rateWindowMs = 20_000;

/**
 * A running experiment's counts (of stored generations, so they agree with `results`), its
 * throughput and ETA, and throttled `experiment.progress` events.
 */
export class ProgressTracker {
  state: ExperimentState = 'running';
  message: string | null = null;
  inFlight = 0;
  private readonly totals: StoredTotals;
  private readonly samples: { at: number; done: number; outputTokens: number }[] = [];
  /** Generated (not cached) cells stored during this run, and their output tokens. */
  private generatedDone = 0;
  private generatedOutputTokens = 0;
  private lastEmitAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly intervalMs: number;

  constructor(private readonly options: ProgressTrackerOptions) {
    this.totals = { ...options.stored };
    this.intervalMs = options.intervalMs ?? 250;
    this.samples.push({ at: performance.now(), done: 0, outputTokens: 0 });
  }

  /** A generation was committed. */
  stored(row: { error: unknown; cached: boolean; inputTokens: number; outputTokens: number; costUsd: number | null }): void {
    if (row.error === null) this.totals.succeeded++;
    else this.totals.failed++;
    if (row.cached) {
      this.totals.cached++;
    } else {
      this.totals.inputTokens += row.inputTokens;
      this.totals.outputTokens += row.outputTokens;
      this.totals.costUsd += row.costUsd ?? 0;
      this.generatedDone++;
      this.generatedOutputTokens += row.outputTokens;
    }
    this.changed();
  }

  /** Something shown changed; an event follows within the interval. */
  changed(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastEmitAt + this.intervalMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.emitNow();
    }, wait);
  }

  /** An event now (state changes are not throttled). */
  emitNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.lastEmitAt = performance.now();
    this.options.emit(this.snapshot());
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  snapshot(): ExperimentProgress {
    const now = performance.now();
    if (now - this.samples.at(-1)!.at >= 200) this.samples.push({ at: now, done: this.generatedDone, outputTokens: this.generatedOutputTokens });
    while (this.samples.length > 2 && now - this.samples[1]!.at > rateWindowMs) this.samples.shift();
    const first = this.samples[0]!;
    const seconds = (now - first.at) / 1000;
    const done = this.generatedDone - first.done;
    const remaining = Math.max(0, this.options.total - this.totals.succeeded - this.totals.failed);
    const measurable = this.state === 'running' && seconds >= 1 && done > 0;
    return {
      experimentId: this.options.experimentId,
      state: this.state,
      total: this.options.total,
      succeeded: this.totals.succeeded,
      failed: this.totals.failed,
      cached: this.totals.cached,
      inFlight: this.inFlight,
      inputTokens: this.totals.inputTokens,
      outputTokens: this.totals.outputTokens,
      costUsd: this.totals.costUsd,
      tokensPerSecond: measurable ? round((this.generatedOutputTokens - first.outputTokens) / seconds) : null,
      etaSeconds: measurable ? round(remaining / (done / seconds)) : this.state === 'running' ? null : remaining === 0 ? 0 : null,
      message: this.message,
    };
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
