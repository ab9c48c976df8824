import { useEffect, useRef } from 'react';

/**
 * Calls `run` at most once per `delayMs` and never while its last call is still running: a burst
 * of events (a judgment every second while someone labels) becomes a few reads, not one each, so
 * reads never crowd out the writes that save judgments.
 */
export function useCoalesced(run: () => Promise<unknown>, delayMs: number): () => void {
  const state = useRef({ timer: undefined as ReturnType<typeof setTimeout> | undefined, running: false, again: false });
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    const current = state.current;
    return () => clearTimeout(current.timer);
  }, []);

  const fire = (): void => {
    const current = state.current;
    current.timer = undefined;
    current.running = true;
    current.again = false;
    void latest
      .current()
      .catch(() => {})
      .finally(() => {
        current.running = false;
        if (current.again) schedule();
      });
  };
  const schedule = (): void => {
    const current = state.current;
    if (current.running) {
      current.again = true;
      return;
    }
    if (!current.timer) current.timer = setTimeout(fire, delayMs);
  };
  return schedule;
}
