import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

/** `value`, once it has stayed the same for `ms` (typing in a search box asks once, not per key). */
export function useDebouncedValue<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * A stable function that runs the latest `callback` once, `delayMs` after the last of a burst of
 * calls, and at least every `maxWaitMs` while the burst goes on (a judge run changes judgments
 * several times a second for minutes; the screen must still move).
 */
export function useDebouncedCallback(callback: () => void, delayMs: number, maxWaitMs = delayMs * 5): () => void {
  const latest = useRef(callback);
  useLayoutEffect(() => {
    latest.current = callback;
  });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const firstCall = useRef<number | null>(null);
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    const now = Date.now();
    firstCall.current ??= now;
    clearTimeout(timer.current);
    const wait = Math.max(0, Math.min(delayMs, firstCall.current + maxWaitMs - now));
    timer.current = setTimeout(() => {
      firstCall.current = null;
      latest.current();
    }, wait);
  }, [delayMs, maxWaitMs]);
}
