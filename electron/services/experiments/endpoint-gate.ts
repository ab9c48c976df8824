/**
 * How many requests may be in flight to one endpoint, and when it may be asked again: after a 429
 * with Retry-After every request to that endpoint waits, not only the one that was told.
 * (p-limit and friends queue work but neither pause on a deadline nor give up on an abort signal.)
 */
export class EndpointGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private resumeAt = 0;

  constructor(readonly limit: number) {}

  /** Resolves with a release function once a slot is free and no pause is on; false if aborted first. */
  async acquire(signal: AbortSignal): Promise<(() => void) | false> {
    for (;;) {
      if (signal.aborted) return false;
      const pause = this.resumeAt - Date.now();
      if (pause > 0) {
        if (!(await sleep(pause, signal))) return false;
        continue;
      }
      if (this.active < this.limit) {
        this.active++;
        let released = false;
        return () => {
          if (released) return;
          released = true;
          this.active--;
          this.waiting.shift()?.();
        };
      }
      if (!(await this.waitForSlot(signal))) return false;
    }
  }

  /** No new request starts before `until` (epoch ms). */
  pauseUntil(until: number): void {
    this.resumeAt = Math.max(this.resumeAt, until);
  }

  private waitForSlot(signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const wake = () => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      };
      const onAbort = () => {
        const at = this.waiting.indexOf(wake);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(wake);
    });
  }
}

/** Waits `ms`; resolves false at once when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
