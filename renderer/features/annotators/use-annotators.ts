import { useCallback, useEffect, useRef, useState } from 'react';
import type { Annotator } from '../../../shared/contract/labeling.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useReconnected } from '../../transport/index.js';

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

// The contract has no "annotators changed" event: the header and the Label screen tell each other.
const listeners = new Set<() => void>();
function announceChange(): void {
  for (const listener of listeners) listener();
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

  useEffect(() => {
    reload();
    listeners.add(reload);
    return () => {
      listeners.delete(reload);
    };
  }, [reload]);
  useReconnected(reload);

  const create = useCallback(
    async (name: string) => {
      const created = await api.annotators.create({ name });
      announceChange();
      return created;
    },
    [api],
  );

  const humans = annotators?.filter((annotator) => annotator.kind === 'human') ?? [];
  return { annotators, humans, error, reload, create };
}
