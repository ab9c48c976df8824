import { useCallback, useMemo } from 'react';
import type { DatasetRowsWindow } from '../experiments/use-dataset-rows.js';

/**
 * The grid's rows narrowed to some dataset row indices (a score filter): the grid sees a window of
 * `indices.length` rows; each reads through to the dataset row it stands for.
 */
export function useFilteredRows(rows: DatasetRowsWindow, indices: readonly number[] | null): DatasetRowsWindow & { rowNumber(index: number): number } {
  const { rowAt: innerRowAt, request: innerRequest, total, error } = rows;
  const rowAt = useCallback((index: number) => innerRowAt(indices ? (indices[index] ?? -1) : index), [innerRowAt, indices]);
  const request = useCallback(
    (first: number, last: number) => {
      if (!indices) return innerRequest(first, last);
      if (indices.length === 0) return;
      const from = indices[Math.max(0, Math.min(first, indices.length - 1))]!;
      const to = indices[Math.max(0, Math.min(last, indices.length - 1))]!;
      innerRequest(from, to);
    },
    [innerRequest, indices],
  );
  const rowNumber = useCallback((index: number) => (indices ? (indices[index] ?? index) : index) + 1, [indices]);
  return useMemo(() => ({ rowAt, request, total: indices ? indices.length : total, error, rowNumber }), [rowAt, request, total, error, rowNumber, indices]);
}
