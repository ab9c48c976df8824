import { useCallback, useRef, useState } from 'react';
import type { DatasetRow } from '../../../shared/contract/datasets.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';

const pageSize = 250;

export interface DatasetRowsWindow {
  /** The row at an index, once its page is in. */
  rowAt(index: number): DatasetRow | undefined;
  /** Asks for the pages that hold rows first..last (what is on screen, plus a margin). */
  request(first: number, last: number): void;
  total: number | undefined;
  error: string | undefined;
}

interface Pages {
  versionId: string;
  pages: ReadonlyMap<number, DatasetRow[]>;
  total: number | undefined;
}

/** A dataset version's rows, read a page at a time as the grid scrolls to them (versions never change). */
export function useDatasetRows(versionId: string): DatasetRowsWindow {
  const api = useApi();
  const [state, setState] = useState<Pages>({ versionId, pages: new Map(), total: undefined });
  const [error, setError] = useState<string>();
  const asked = useRef({ versionId, pages: new Set<number>() });
  if (asked.current.versionId !== versionId) asked.current = { versionId, pages: new Set() };
  const current = state.versionId === versionId ? state : { versionId, pages: new Map<number, DatasetRow[]>(), total: undefined };

  const request = useCallback(
    (first: number, last: number) => {
      const from = Math.max(0, Math.floor(first / pageSize));
      const to = Math.max(from, Math.floor(last / pageSize));
      const pending = asked.current;
      for (let page = from; page <= to; page++) {
        if (pending.pages.has(page)) continue;
        pending.pages.add(page);
        api.datasets.rows({ versionId, offset: page * pageSize, limit: pageSize }).then(
          (result) =>
            setState((previous) => {
              const pages = previous.versionId === versionId ? new Map(previous.pages) : new Map<number, DatasetRow[]>();
              return { versionId, pages: pages.set(page, result.rows), total: result.total };
            }),
          (reason: unknown) => {
            pending.pages.delete(page);
            setError(describeError(reason));
          },
        );
      }
    },
    [api, versionId],
  );

  const { pages } = current;
  const rowAt = useCallback((index: number) => pages.get(Math.floor(index / pageSize))?.[index % pageSize], [pages]);
  return { rowAt, request, total: current.total, error };
}
