import { useCallback, useEffect, useState } from 'react';
import { replaceRoute, useNavigate, useRoute } from '../../app/router.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { labelView, newKey } from './label-route.js';
import { emptyTaskSetDraft, type TaskSetDraft } from './task-set-draft.js';
import { TaskSetForm } from './task-set-form.js';
import { TaskSetList } from './task-set-list.js';
import { TaskSetView } from './task-set-view.js';
import { useTaskSet } from './use-task-set.js';
import { useTaskSets } from './use-task-sets.js';
import './label.css';

/** Label: task sets on the side; a new task set, labeling, or review beside them. */
export function LabelScreen() {
  const route = useRoute();
  const navigate = useNavigate();
  const here = route.screen === 'label';
  // What was open stays open while another screen is shown, and when the navigation brings the user back.
  const [params, setParams] = useState<string[]>([]);
  const routeKey = route.params.join('/');
  useEffect(() => {
    if (!here) return;
    if (route.params.length === 0 && params.length > 0) replaceRoute('label', ...params);
    else setParams(route.params);
    // routeKey stands for route.params.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [here, routeKey]);
  const view = labelView({ screen: 'label', params: here && route.params.length > 0 ? route.params : params });

  const list = useTaskSets();
  const [draft, setDraftState] = useState<TaskSetDraft>(emptyTaskSetDraft);
  const setDraft = useCallback((update: (current: TaskSetDraft) => TaskSetDraft) => setDraftState(update), []);
  const selectedId = view.kind === 'set' ? view.id : undefined;
  const { set, error } = useTaskSet(selectedId, list.taskSets);

  return (
    <div className="label-screen">
      <TaskSetList list={list} selectedId={selectedId} creating={view.kind === 'new'} />
      {view.kind === 'new' ? (
        <TaskSetForm
          draft={draft}
          setDraft={setDraft}
          onCreated={(summary) => {
            list.reload();
            navigate('label', summary.id);
          }}
        />
      ) : view.kind === 'set' ? (
        set ? (
          <TaskSetView key={set.id} set={set} tab={view.tab} />
        ) : (
          <div className="lb-set-view" aria-busy={!error}>
            {error && (
              <div className="lb-banner">
                <Notice tone="danger">
                  <strong>This task set could not be opened.</strong> {error}
                </Notice>
              </div>
            )}
          </div>
        )
      ) : (
        <div className="lb-empty empty-state" data-testid="label-empty">
          <h2>{list.taskSets?.length ? 'Pick a task set, or make a new one' : 'Judge outputs blind, and turn the judgments into data'}</h2>
          <p>
            A task set turns an experiment’s outputs into blind items: pairs (which is better, tie, both bad), K-way rankings, or rubric scores. Sides are shuffled
            and names stay hidden until you vote; the keyboard does everything.
          </p>
          <div className="lb-empty-actions">
            <button type="button" className="btn btn-primary" onClick={() => navigate('label', newKey)} data-testid="empty-new-task-set">
              <Icon name="plus" size={14} />
              New task set
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
