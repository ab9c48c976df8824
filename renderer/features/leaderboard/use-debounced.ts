import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';

/**
 * A stable function that runs the latest `callback` once, `delayMs` after the last of a burst of
 * calls: a judge run or a fast annotator changes judgments many times a second.
 */
export function useDebounced(callback: () => void, delayMs: number): () => void {
  const latest = useRef(callback);
  useLayoutEffect(() => {
    latest.current = callback;
  });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current(), delayMs);
  }, [delayMs]);
}
