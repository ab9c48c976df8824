import { useEffect, useRef, useState } from 'react';
import { useApi } from '../../transport/index.js';
import type { PromptVersionInfo } from './use-prompt-catalog.js';

/** The variables each picked prompt version needs (versions never change, so each is read once). */
export function useVersionVariables(versions: readonly PromptVersionInfo[]): ReadonlyMap<string, string[]> {
  const api = useApi();
  const cache = useRef(new Map<string, string[]>());
  const asked = useRef(new Set<string>());
  const [, setRevision] = useState(0);
  const wanted = versions.map((version) => `${version.id}\u0000${version.promptId}\u0000${version.number}`).join('\u0001');

  useEffect(() => {
    let live = true;
    for (const version of versions) {
      if (asked.current.has(version.id)) continue;
      asked.current.add(version.id);
      api.prompts.getVersion({ promptId: version.promptId, number: version.number }).then(
        (full) => {
          cache.current.set(version.id, full.variables);
          if (live) setRevision((n) => n + 1);
        },
        () => asked.current.delete(version.id),
      );
    }
    return () => {
      live = false;
    };
    // `wanted` names the versions; the array itself is new on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, wanted]);

  return cache.current;
}
