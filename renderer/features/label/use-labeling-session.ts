import { useMemo, useSyncExternalStore } from 'react';
import type { RubricCriterion, TaskKind } from '../../../shared/contract/labeling.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';
import { sessionFor, type LabelingSession, type SessionSnapshot } from './labeling-session.js';

/** The session of this annotator in this task set (kept by the page, so it survives the view). */
export function useLabelingSession(taskSetId: string, annotatorId: string, kind: TaskKind, rubric: readonly RubricCriterion[]): { session: LabelingSession; snapshot: SessionSnapshot } {
  const api = useApi();
  const session = useMemo(() => sessionFor(api, { taskSetId, annotatorId, kind, rubric }), [api, taskSetId, annotatorId, kind, rubric]);
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);
  // Events may have been missed, and the outbox may have waited for the line: both go again.
  useReconnected(() => session.retryNow());
  useEvent('labeling.changed', (payload) => {
    if (payload.taskSetId === taskSetId) session.refreshCounts();
  });
  return { session, snapshot };
}
