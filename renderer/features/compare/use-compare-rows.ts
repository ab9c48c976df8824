import { useCallback, useEffect, useRef, useState } from 'react';
import type { CompareFilter, CompareRow } from '../../../shared/contract/compare.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';

const pageSize = 200;

export interface CompareRowsWindow {
  /** The matching row at a position, once its page is in. */
  rowAt(position: number): CompareRow | undefined;
  /** Asks for the pages that hold positions first..last (what is on screen, plus a margin). */
  request(first: number, last: number): void;
  /** How many rows match; undefined until the first page is in. */
  total: number | undefined;
  error: string | undefined;
  /** False while a new filter's first page is on its way (the previous filter's rows are still shown). */
  current: boolean;
}

interface Pages {
  key: string;
  pages: ReadonlyMap<number, CompareRow[]>;
  total: number | undefined;
}

/**
 * The experiment's rows that match a filter, read a page at a time as the list scrolls to them.
 * A new filter starts over; a new `revision` (more results stored) reads the held pages again in place.
 */
export function useCompareRows(experimentId: string, filter: CompareFilter, revision: number): CompareRowsWindow {
  const api = useApi();
  const key = JSON.stringify([experimentId, filter]);
  const [state, setState] = useState<Pages>({ key, pages: new Map(), total: undefined });
  const [error, setError] = useState<string>();
  const asked = useRef({ key, revision, pages: new Set<number>() });
  if (asked.current.key !== key || asked.current.revision !== revision) asked.current = { key, revision, pages: new Set() };

  const request = useCallback(
    (first: number, last: number) => {
      const pending = asked.current;
      const from = Math.max(0, Math.floor(first / pageSize));
      const to = Math.max(from, Math.floor(last / pageSize));
      for (let page = from; page <= to; page++) {
        if (pending.pages.has(page)) continue;
        pending.pages.add(page);
        api.compare.rows({ experimentId, filter, offset: page * pageSize, limit: pageSize }).then(
          (result) => {
            if (asked.current !== pending) return;
            setError(undefined);
            setState((previous) => {
              const pages = previous.key === key ? new Map(previous.pages) : new Map<number, CompareRow[]>();
              return { key, pages: pages.set(page, result.rows), total: result.total };
            });
          },
          (reason: unknown) => {
            pending.pages.delete(page);
            if (asked.current === pending) setError(describeError(reason));
          },
        );
      }
    },
    // key stands for experimentId and filter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key, revision],
  );

  // More results were stored: the pages on hand are read again (they stay shown until the new ones arrive).
  const held = useRef(state);
  held.current = state;
  useEffect(() => {
    if (revision === 0 || held.current.key !== key) return;
    for (const page of held.current.pages.keys()) request(page * pageSize, page * pageSize);
    // Only a new revision re-reads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [revision]);

  // While a new filter's first page is on its way, the previous rows stay on screen (no flash of emptiness).
  const { pages, total } = state;
  const rowAt = useCallback((position: number) => pages.get(Math.floor(position / pageSize))?.[position % pageSize], [pages]);
  return { rowAt, request, total, error, current: state.key === key };
}
