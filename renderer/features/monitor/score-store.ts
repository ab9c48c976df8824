import type { ScoreRecord } from '../../../shared/contract/scoring.js';

/**
 * An experiment's scores by generation, filled from `scoring.scores` pages and events in any
 * order (a newer score of the same scorer replaces the older). Changes are announced at most once
 * a frame, as the results store does.
 */
export class ScoreStore {
  private readonly byGeneration = new Map<string, Map<string, ScoreRecord>>();
  private readonly listeners = new Set<() => void>();
  private frame: number | null = null;
  version = 0;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  add(scores: readonly ScoreRecord[]): void {
    for (const score of scores) {
      let scorers = this.byGeneration.get(score.generationId);
      if (!scorers) {
        scorers = new Map();
        this.byGeneration.set(score.generationId, scorers);
      }
      scorers.set(score.scorer, score);
    }
    if (scores.length > 0) this.changed();
  }

  clear(): void {
    this.byGeneration.clear();
    this.changed();
  }

  /** The generation's scores in scorer order (`order`: the experiment's scorer names). */
  get(generationId: string, order: readonly string[]): ScoreRecord[] {
    const scorers = this.byGeneration.get(generationId);
    if (!scorers) return [];
    return order.flatMap((name) => scorers.get(name) ?? []);
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
