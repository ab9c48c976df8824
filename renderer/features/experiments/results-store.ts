import type { GenerationRecord } from '../../../shared/contract/experiments.js';

/** A grid column: one prompt version with one model. */
export function columnKey(promptVersionId: string, modelId: string): string {
  return `${promptVersionId}\u0000${modelId}`;
}

function cellKey(promptVersionId: string, modelId: string, rowId: string): string {
  return `${promptVersionId}\u0000${modelId}\u0000${rowId}`;
}

/** What a column's stored samples add up to, for its header. */
export interface ColumnStats {
  succeeded: number;
  failed: number;
  latencyMs: number;
  outputTokens: number;
  costUsd: number;
  /** Samples whose cost is known. */
  priced: number;
}

const emptyStats: ColumnStats = { succeeded: 0, failed: 0, latencyMs: 0, outputTokens: 0, costUsd: 0, priced: 0 };

interface Entry {
  record: GenerationRecord;
  /** When it arrived here, to tell results from before a resume from results after it. */
  seq: number;
}

/**
 * The stored generations of one experiment, by cell, filled from `experiments.results` pages and
 * `experiment.generation` events in any order (a cell's sample is kept once). Changes are
 * announced at most once a frame, so a burst of thousands of events is one re-render.
 */
export class ResultsStore {
  private readonly cells = new Map<string, Map<number, Entry>>();
  private readonly columns = new Map<string, ColumnStats>();
  private readonly listeners = new Set<() => void>();
  private seq = 0;
  private frame: number | null = null;
  private filledCells = 0;
  private samples = 0;
  version = 0;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  add(records: readonly GenerationRecord[]): void {
    for (const record of records) {
      const key = cellKey(record.promptVersionId, record.modelId, record.rowId);
      let cell = this.cells.get(key);
      if (!cell) {
        cell = new Map();
        this.cells.set(key, cell);
        this.filledCells++;
      }
      const previous = cell.get(record.sampleIndex);
      if (previous) this.count(previous.record, -1);
      else this.samples++;
      cell.set(record.sampleIndex, { record, seq: ++this.seq });
      this.count(record, 1);
    }
    if (records.length > 0) this.changed();
  }

  /** A mark to pass to `dropFailedBefore`. */
  mark(): number {
    return this.seq;
  }

  /** A resume deletes failed generations to run them again; this drops the ones that arrived before it. */
  dropFailedBefore(mark: number): void {
    let dropped = false;
    for (const [key, cell] of this.cells) {
      for (const [sample, entry] of cell) {
        if (entry.record.error !== null && entry.seq <= mark) {
          cell.delete(sample);
          this.count(entry.record, -1);
          this.samples--;
          dropped = true;
        }
      }
      if (cell.size === 0) {
        this.cells.delete(key);
        this.filledCells--;
      }
    }
    if (dropped) this.changed();
  }

  clear(): void {
    this.cells.clear();
    this.columns.clear();
    this.filledCells = 0;
    this.samples = 0;
    this.changed();
  }

  /** The cell's samples in order (missing samples left out). */
  get(promptVersionId: string, modelId: string, rowId: string): GenerationRecord[] {
    const cell = this.cells.get(cellKey(promptVersionId, modelId, rowId));
    if (!cell) return [];
    return [...cell.values()].map((entry) => entry.record).sort((a, b) => a.sampleIndex - b.sampleIndex);
  }

  columnStats(promptVersionId: string, modelId: string): ColumnStats {
    return this.columns.get(columnKey(promptVersionId, modelId)) ?? emptyStats;
  }

  /** Cells with at least one stored sample. */
  get cellCount(): number {
    return this.filledCells;
  }

  get sampleCount(): number {
    return this.samples;
  }

  private count(record: GenerationRecord, sign: 1 | -1): void {
    const key = columnKey(record.promptVersionId, record.modelId);
    const stats = { ...(this.columns.get(key) ?? emptyStats) };
    if (record.error === null) {
      stats.succeeded += sign;
      stats.latencyMs += sign * record.latencyMs;
      stats.outputTokens += sign * record.outputTokens;
    } else {
      stats.failed += sign;
    }
    if (record.costUsd !== null) {
      stats.costUsd += sign * record.costUsd;
      stats.priced += sign;
    }
    this.columns.set(key, stats);
  }

  private changed(): void {
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.version++;
      for (const listener of this.listeners) listener();
    });
  }
}
