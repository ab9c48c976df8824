import { useCallback, useEffect, useRef, useState } from 'react';
import type { Annotator } from '../../../shared/contract/labeling.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';

export interface AnnotatorsState {
  /** Every profile, humans first; undefined until the first answer. */
  annotators: Annotator[] | undefined;
  /** The people who can label on this machine (LLM judges label through their own screen). */
  humans: Annotator[];
  error: string | undefined;
  reload(): void;
  /** Creates a profile; every list on screen reads the profiles again. */
  create(name: string): Promise<Annotator>;
}

/**
 * Annotator profiles, read again when one is created here. Judgment counts move with every vote;
 * whoever shows them calls `reload` when they come into view (reading on every vote would compete
 * with the writes that save the votes).
 */
export function useAnnotators(): AnnotatorsState {
  const api = useApi();
  const [annotators, setAnnotators] = useState<Annotator[]>();
  const [error, setError] = useState<string>();
  const request = useRef(0);

  const reload = useCallback(() => {
    const id = ++request.current;
    api.annotators.list({}).then(
      (list) => {
        if (id !== request.current) return;
        setAnnotators(list);
        setError(undefined);
      },
      (reason: unknown) => {
        if (id === request.current) setError(describeError(reason));
      },
    );
  }, [api]);

  useEffect(reload, [reload]);
  useReconnected(reload);
  // A profile made anywhere (this window, another one, a judge run) shows in every list.
  useEvent('annotators.changed', reload);

  const create = useCallback((name: string) => api.annotators.create({ name }), [api]);

  const humans = annotators?.filter((annotator) => annotator.kind === 'human') ?? [];
  return { annotators, humans, error, reload, create };
}
