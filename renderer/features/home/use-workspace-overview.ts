import { useCallback, useEffect, useRef, useState } from 'react';
import type { WorkspaceStatus } from '../../../shared/contract/workspace.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi, useEvent, useReconnected } from '../../transport/index.js';

/** What the workspace holds, counted, for the home screen's checklist. */
export interface WorkspaceOverview {
  status: WorkspaceStatus;
  models: number;
  prompts: number;
  datasets: number;
  experiments: number;
  /** Experiments that ran to the end. */
  finishedExperiments: number;
  taskSets: number;
  humanJudgments: number;
  /** The newest of each (the experiment: the one being judged), for links straight to it. */
  newest: { modelId?: string; promptId?: string; datasetId?: string; experimentId?: string; taskSetId?: string };
}

export interface OverviewState {
  overview: WorkspaceOverview | undefined;
  error: string | undefined;
  reload(): void;
}

/** Counts of everything a newcomer makes in order, read again when any of it changes or the screen is shown. */
export function useWorkspaceOverview(visible: boolean): OverviewState {
  const api = useApi();
  const [overview, setOverview] = useState<WorkspaceOverview>();
  const [error, setError] = useState<string>();
  const request = useRef(0);

  const reload = useCallback(() => {
    const id = ++request.current;
    // A list that fails (a screen still being built, say) counts as empty rather than hiding the rest.
    const count = <T,>(promise: Promise<T[]>) => promise.then((items) => items, () => [] as T[]);
    Promise.all([
      api.workspace.status(),
      count(api.models.list()),
      count(api.prompts.list({})),
      count(api.datasets.list()),
      count(api.experiments.list()),
      count(api.labeling.listTaskSets()),
    ]).then(
      ([status, models, prompts, datasets, experiments, taskSets]) => {
        if (id !== request.current) return;
        setOverview({
          status,
          models: models.length,
          prompts: prompts.length,
          datasets: datasets.length,
          experiments: experiments.length,
          finishedExperiments: experiments.filter((experiment) => experiment.state === 'completed').length,
          taskSets: taskSets.length,
          humanJudgments: taskSets.reduce((sum, set) => sum + set.humanJudgments, 0),
          // The experiment people are judging says more than the newest one.
          newest: { modelId: models[0]?.id, promptId: prompts[0]?.id, datasetId: datasets[0]?.id, experimentId: taskSets[0]?.experimentId ?? experiments[0]?.id, taskSetId: taskSets[0]?.id },
        });
        setError(undefined);
      },
      (reason: unknown) => {
        if (id === request.current) setError(describeError(reason));
      },
    );
  }, [api]);

  useEffect(() => {
    if (visible) reload();
  }, [visible, reload]);
  useReconnected(reload);
  useEvent('models.changed', reload);
  useEvent('prompts.changed', reload);
  useEvent('datasets.changed', reload);
  useEvent('labeling.changed', reload);
  useEvent('experiment.progress', (progress) => {
    if (progress.state !== 'running') reload();
  });

  return { overview, error, reload };
}
