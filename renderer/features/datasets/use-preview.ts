import { useCallback, useRef, useState } from 'react';
import type { DatasetPreview, DatasetSource } from '../../../shared/contract/datasets.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';

export type PreviewState =
  | { status: 'idle' }
  | { status: 'loading'; source: DatasetSource }
  | { status: 'ready'; source: DatasetSource; preview: DatasetPreview }
  | { status: 'error'; source: DatasetSource; error: string };

export const previewLimit = 20;

/** Reads a source without importing it; only the newest request's answer counts. */
export function usePreview() {
  const api = useApi();
  const [state, setState] = useState<PreviewState>({ status: 'idle' });
  const request = useRef(0);

  const run = useCallback(
    async (source: DatasetSource): Promise<DatasetPreview | undefined> => {
      const id = ++request.current;
      setState({ status: 'loading', source });
      try {
        const preview = await api.datasets.preview({ source, limit: previewLimit });
        if (id === request.current) setState({ status: 'ready', source, preview });
        return id === request.current ? preview : undefined;
      } catch (reason) {
        if (id === request.current) setState({ status: 'error', source, error: describeError(reason) });
        return undefined;
      }
    },
    [api],
  );

  const clear = useCallback(() => {
    request.current++;
    setState({ status: 'idle' });
  }, []);

  return { state, run, clear };
}

export function sameSource(a: DatasetSource | undefined, b: DatasetSource | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.kind === 'file' && b.kind === 'file') return a.path === b.path && a.format === b.format;
  if (a.kind === 'text' && b.kind === 'text') return a.format === b.format && a.text === b.text;
  return false;
}
