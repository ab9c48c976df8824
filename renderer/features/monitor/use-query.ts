import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError } from '../../lib/describe-error.js';

export interface Query<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload(): void;
}

/**
 * One backend read, run again when its key changes or on `reload`; an answer to an older key is
 * dropped, so fast clicking never shows stale figures.
 */
export function useQuery<T>(key: string, read: () => Promise<T>, enabled = true): Query<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const serial = useRef(0);
  const readRef = useRef(read);
  readRef.current = read;
  const reload = useCallback(() => {
    if (!enabled) return;
    const mine = ++serial.current;
    setLoading(true);
    readRef.current().then(
      (value) => {
        if (mine !== serial.current) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (reason: unknown) => {
        if (mine !== serial.current) return;
        setError(describeError(reason));
        setLoading(false);
      },
    );
  }, [enabled]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(reload, [key, reload]);
  return { data, error, loading, reload };
}
