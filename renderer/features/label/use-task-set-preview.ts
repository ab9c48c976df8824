import { useEffect, useRef, useState } from 'react';
import type { TaskSetConfigInput, Variant } from '../../../shared/contract/labeling.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';

export interface TaskSetPreview {
  items: number;
  variants: Variant[];
  problems: string[];
}

export interface PreviewState {
  preview: TaskSetPreview | undefined;
  /** The config changed and a new answer is on its way (the previous one is still shown). */
  pending: boolean;
  error: string | undefined;
}

const debounceMs = 200;

/** `labeling.previewTaskSet` for the draft, live (debounced): item count, variants and problems. */
export function useTaskSetPreview(config: TaskSetConfigInput | null): PreviewState {
  const api = useApi();
  const key = config ? JSON.stringify(config) : undefined;
  const [state, setState] = useState<{ preview: TaskSetPreview | undefined; error: string | undefined; key: string | undefined }>({
    preview: undefined,
    error: undefined,
    key: undefined,
  });
  const request = useRef(0);

  useEffect(() => {
    const id = ++request.current;
    if (!key) {
      setState({ preview: undefined, error: undefined, key: undefined });
      return;
    }
    const timer = setTimeout(() => {
      api.labeling.previewTaskSet(JSON.parse(key) as TaskSetConfigInput).then(
        (preview) => {
          if (id === request.current) setState({ preview, error: undefined, key });
        },
        (reason: unknown) => {
          if (id === request.current) setState({ preview: undefined, error: describeError(reason), key });
        },
      );
    }, debounceMs);
    return () => clearTimeout(timer);
  }, [api, key]);

  return { preview: state.preview, error: state.error, pending: key !== undefined && state.key !== key };
}
