import { useEffect, useRef, useState } from 'react';
import type { ExportOptionsInput, ExportPreview } from '../../../shared/contract/export.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';

export interface PreviewState {
  preview: ExportPreview | undefined;
  error: string | undefined;
  loading: boolean;
}

/** The first rows as they will be written, read again (debounced) whenever the options change. */
export function useExportPreview(options: ExportOptionsInput | null, refreshKey: number): PreviewState {
  const api = useApi();
  const [state, setState] = useState<PreviewState>({ preview: undefined, error: undefined, loading: false });
  const key = options ? JSON.stringify(options) : '';
  const request = useRef(0);

  useEffect(() => {
    const id = ++request.current;
    if (!options) {
      setState({ preview: undefined, error: undefined, loading: false });
      return;
    }
    setState((current) => ({ ...current, loading: true }));
    const timer = setTimeout(() => {
      api.export.preview({ options, limit: 5 }).then(
        (preview) => id === request.current && setState({ preview, error: undefined, loading: false }),
        (reason: unknown) => id === request.current && setState({ preview: undefined, error: describeError(reason), loading: false }),
      );
    }, 250);
    return () => clearTimeout(timer);
    // key stands for options.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key, refreshKey]);
  return state;
}
