import { useEffect, useState } from 'react';
import type { PromptVersion } from '../../../shared/contract/prompts.js';
import { describeError } from '../../lib/describe-error.js';

/** Loads some versions through the loader; `versions` is undefined until all have arrived. */
export function useVersions(load: (number: number) => Promise<PromptVersion>, numbers: readonly number[]) {
  const [state, setState] = useState<{ key: string; versions?: PromptVersion[]; error?: string }>({ key: '' });
  const key = numbers.join(',');

  useEffect(() => {
    let cancelled = false;
    Promise.all(key.split(',').map((n) => load(Number(n)))).then(
      (versions) => !cancelled && setState({ key, versions }),
      (reason: unknown) => !cancelled && setState({ key, error: describeError(reason) }),
    );
    return () => {
      cancelled = true;
    };
  }, [load, key]);

  return state.key === key ? state : { key, versions: undefined, error: undefined };
}
