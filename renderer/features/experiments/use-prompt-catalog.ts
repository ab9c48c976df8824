import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PromptDetail, PromptSummary } from '../../../shared/contract/prompts.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';

/** What a column header needs to name a prompt version. */
export interface PromptVersionInfo {
  id: string;
  promptId: string;
  promptName: string;
  number: number;
  labels: string[];
  archived: boolean;
}

export interface PromptCatalog {
  /** Every prompt, archived ones too (experiments may use them), newest first. */
  prompts: PromptSummary[] | undefined;
  /** Version histories, filled in as they arrive. */
  details: ReadonlyMap<string, PromptDetail>;
  /** Version id → prompt and number, for every history read so far. */
  versions: ReadonlyMap<string, PromptVersionInfo>;
  /** True once every prompt's history has been read. */
  complete: boolean;
  error: string | undefined;
}

/** Histories read at once; a big library fills in a few at a time instead of in one burst. */
const parallelReads = 4;

/**
 * The prompt library with every version's id. The contract names versions by (prompt, number),
 * while experiments store version ids, so each prompt's history is read once and kept current
 * through `prompts.changed`.
 */
export function usePromptCatalog(): PromptCatalog {
  const api = useApi();
  const [prompts, setPrompts] = useState<PromptSummary[]>();
  const [details, setDetails] = useState<ReadonlyMap<string, PromptDetail>>(() => new Map());
  const detailsRef = useRef(details);
  detailsRef.current = details;
  const [error, setError] = useState<string>();
  const generation = useRef(0);
  /** Prompts an event said changed: their histories are read again even if the summary looks the same (labels). */
  const stale = useRef(new Set<string>());

  const readDetails = useCallback(
    async (ids: string[], run: number) => {
      const queue = [...ids];
      const worker = async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          try {
            const detail = await api.prompts.get({ id });
            if (run !== generation.current) return;
            setDetails((current) => new Map(current).set(id, detail));
          } catch (reason) {
            if (run === generation.current) setError(describeError(reason));
          }
        }
      };
      await Promise.all(Array.from({ length: parallelReads }, worker));
    },
    [api],
  );

  const reload = useCallback(async () => {
    const run = ++generation.current;
    try {
      const list = await api.prompts.list({ includeArchived: true });
      if (run !== generation.current) return;
      setPrompts(list);
      setError(undefined);
      // Histories that did not change since they were read stay; the rest are read again.
      const keep = new Map<string, PromptDetail>();
      for (const prompt of list) {
        const known = detailsRef.current.get(prompt.id);
        if (known && !stale.current.has(prompt.id) && known.versionCount === prompt.versionCount && known.updatedAt === prompt.updatedAt && known.name === prompt.name && known.archived === prompt.archived) {
          keep.set(prompt.id, known);
        }
      }
      stale.current.clear();
      setDetails(keep);
      void readDetails(
        list.filter((prompt) => !keep.has(prompt.id)).map((prompt) => prompt.id),
        run,
      );
    } catch (reason) {
      if (run === generation.current) setError(describeError(reason));
    }
  }, [api, readDetails]);

  useEffect(() => {
    void reload();
  }, [reload]);
  useEvent('prompts.changed', ({ promptId }) => {
    stale.current.add(promptId);
    void reload();
  });
  useReconnected(() => void reload());

  const versions = useMemo(() => {
    const index = new Map<string, PromptVersionInfo>();
    for (const detail of details.values()) {
      for (const version of detail.versions) {
        index.set(version.id, {
          id: version.id,
          promptId: detail.id,
          promptName: detail.name,
          number: version.number,
          labels: version.labels,
          archived: detail.archived,
        });
      }
    }
    return index;
  }, [details]);

  const complete = prompts !== undefined && prompts.every((prompt) => details.has(prompt.id));
  return { prompts, details, versions, complete, error };
}
