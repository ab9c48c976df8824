import { useCallback } from 'react';
import type { Annotator } from '../../../shared/contract/labeling.js';
import { usePreferences } from '../../app/preferences-context.js';
import type { AnnotatorsState } from './use-annotators.js';

export interface CurrentAnnotator {
  /** The profile picked on this machine, once the list confirms it exists in this workspace. */
  annotator: Annotator | undefined;
  /** The list is still on its way: whether someone is picked is not known yet. */
  loading: boolean;
  choose(id: string | null): void;
}

/** Who is labeling: the `annotatorId` preference, checked against the workspace's profiles. */
export function useCurrentAnnotator(list: AnnotatorsState): CurrentAnnotator {
  const { preferences, update } = usePreferences();
  const id = preferences.annotatorId;
  // A preference from another workspace names nobody here.
  const annotator = id ? list.annotators?.find((candidate) => candidate.id === id && candidate.kind === 'human') : undefined;
  const choose = useCallback((next: string | null) => update({ annotatorId: next }), [update]);
  return { annotator, loading: list.annotators === undefined && !list.error, choose };
}
