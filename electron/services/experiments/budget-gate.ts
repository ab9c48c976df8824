import type { ExperimentBudget } from '../../../shared/contract/experiments.js';

export interface Spend {
  tokens: number;
  costUsd: number;
}

export type Reservation = { release(actual: Spend): void };

/**
 * Keeps a run inside its budget: before a generation starts, its worst case (prompt estimate plus
 * maxTokens, at the model's prices) is reserved; when it ends, the reservation becomes what it
 * really used. Work waits while others are in flight (their reservations may come back unused)
 * and is refused only when nothing is in flight and it still does not fit: then the run pauses.
 * A model without prices costs nothing here: its spending cannot be known.
 */
export class BudgetGate {
  private spent: Spend;
  private reserved: Spend = { tokens: 0, costUsd: 0 };
  private inFlight = 0;
  private readonly waiting = new Set<() => void>();

  constructor(
    private readonly budget: ExperimentBudget,
    alreadySpent: Spend,
  ) {
    this.spent = { ...alreadySpent };
  }

  get limited(): boolean {
    return this.budget.maxCostUsd !== null || this.budget.maxTokens !== null;
  }

  /** A reservation; 'exhausted' (with the words for it) when this work can never fit; false if aborted. */
  async reserve(worst: Spend, signal: AbortSignal): Promise<Reservation | { exhausted: string } | false> {
    for (;;) {
      if (signal.aborted) return false;
      const over = this.wouldPass(worst);
      if (!over) break;
      if (this.inFlight === 0) return { exhausted: over };
      if (!(await this.waitForRelease(signal))) return false;
    }
    this.inFlight++;
    this.reserved.tokens += worst.tokens;
    this.reserved.costUsd += worst.costUsd;
    let done = false;
    return {
      release: (actual) => {
        if (done) return;
        done = true;
        this.inFlight--;
        this.reserved.tokens -= worst.tokens;
        this.reserved.costUsd -= worst.costUsd;
        this.spent.tokens += actual.tokens;
        this.spent.costUsd += actual.costUsd;
        for (const wake of [...this.waiting]) wake();
      },
    };
  }

  /** Which limit the work would pass, in words, or null when it fits. */
  private wouldPass(worst: Spend): string | null {
    const { maxCostUsd, maxTokens } = this.budget;
    if (maxTokens !== null && this.spent.tokens + this.reserved.tokens + worst.tokens > maxTokens) {
      return `Paused at the token budget: the next generation could pass ${maxTokens.toLocaleString('en-US')} tokens (${this.spent.tokens.toLocaleString('en-US')} used). Raise the budget and start again to continue.`;
    }
    if (maxCostUsd !== null && this.spent.costUsd + this.reserved.costUsd + worst.costUsd > maxCostUsd) {
      return `Paused at the spending budget: the next generation could pass ${dollars(maxCostUsd)} (${dollars(this.spent.costUsd)} spent). Raise the budget and start again to continue.`;
    }
    return null;
  }

  private waitForRelease(signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const wake = () => {
        this.waiting.delete(wake);
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      };
      const onAbort = () => {
        this.waiting.delete(wake);
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.add(wake);
    });
  }
}

function dollars(value: number): string {
  return `$${value < 1 ? value.toFixed(4) : value.toFixed(2)}`;
}
