import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExportRecord, ExportSource } from '../../../shared/contract/export.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';

export interface ExportSources {
  taskSets: ExportSource[] | undefined;
  annotators: { id: string; name: string; kind: 'human' | 'llm'; judgments: number }[];
  exportsFolder: string;
  history: ExportRecord[];
  error: string | undefined;
  reload(): void;
}

/** Task sets and annotators to export from, and what was exported before; read again when judgments change. */
export function useExportSources(): ExportSources {
  const api = useApi();
  const [state, setState] = useState<Omit<ExportSources, 'reload' | 'error'>>({ taskSets: undefined, annotators: [], exportsFolder: '', history: [] });
  const [error, setError] = useState<string>();
  const request = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const reload = useCallback(() => {
    const id = ++request.current;
    Promise.all([api.export.sources({}), api.export.list({})]).then(
      ([sources, history]) => {
        if (id !== request.current) return;
        setState({ ...sources, history });
        setError(undefined);
      },
      (reason: unknown) => {
        if (id === request.current) setError(describeError(reason));
      },
    );
  }, [api]);

  useEffect(() => {
    reload();
    return () => clearTimeout(timer.current);
  }, [reload]);
  useReconnected(reload);
  // Labeling sends one event per judgment: read once a burst has settled.
  useEvent('labeling.changed', () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(reload, 1000);
  });
  return { ...state, error, reload };
}
