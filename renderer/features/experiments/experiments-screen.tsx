import { useCallback, useEffect, useState } from 'react';
import { replaceRoute, useNavigate, useRoute } from '../../app/router.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';
import { Icon } from '../../ui/icon.js';
import { draftFromConfig, emptyBuilderDraft, type BuilderDraft } from './builder-draft.js';
import { CatalogProvider } from './catalog-context.js';
import { ExperimentBuilder } from './experiment-builder.js';
import { ExperimentList } from './experiment-list.js';
import { ExperimentView } from './experiment-view.js';
import { experimentsView, newKey } from './experiments-route.js';
import { useExperimentList } from './use-experiment-list.js';
import './experiments.css';

export function ExperimentsScreen() {
  return (
    <CatalogProvider>
      <ExperimentsLayout />
    </CatalogProvider>
  );
}

function ExperimentsLayout() {
  const api = useApi();
  const route = useRoute();
  const navigate = useNavigate();
  const here = route.screen === 'experiments';
  // What was open here stays open while another screen is shown, and when the navigation brings the user back.
  const [params, setParams] = useState<string[]>([]);
  const routeKey = route.params.join('/');
  useEffect(() => {
    if (!here) return;
    if (route.params.length === 0 && params.length > 0) replaceRoute('experiments', ...params);
    else setParams(route.params);
    // routeKey stands for route.params.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [here, routeKey]);
  const view = experimentsView({ screen: 'experiments', params: here && route.params.length > 0 ? route.params : params });

  const [draft, setDraftState] = useState<BuilderDraft>(emptyBuilderDraft);
  const setDraft = useCallback((update: (current: BuilderDraft) => BuilderDraft) => setDraftState(update), []);
  const [copyError, setCopyError] = useState<string>();
  const [revision, setRevision] = useState(0);
  const list = useExperimentList(revision);

  // "Run again with changes": the experiment's settings become the draft, once; then it is an ordinary new experiment.
  const fromId = view.kind === 'new' ? view.fromId : undefined;
  useEffect(() => {
    if (!fromId) return;
    let live = true;
    api.experiments.get({ id: fromId }).then(
      (summary) => {
        if (!live) return;
        setDraftState(draftFromConfig(summary.config, ''));
        setCopyError(undefined);
        replaceRoute('experiments', newKey);
      },
      (reason: unknown) => {
        if (!live) return;
        setCopyError(`That experiment’s settings could not be read: ${describeError(reason)}`);
        replaceRoute('experiments', newKey);
      },
    );
    return () => {
      live = false;
    };
  }, [api, fromId]);

  const selectedId = view.kind === 'experiment' ? view.id : undefined;
  return (
    <div className="experiments-screen">
      <ExperimentList list={list} selectedId={selectedId} building={view.kind === 'new'} />
      {view.kind === 'new' ? (
        fromId ? (
          <div className="ex-builder" aria-busy="true" />
        ) : (
          <ExperimentBuilder
            draft={draft}
            setDraft={setDraft}
            copyError={copyError}
            onCreated={(summary) => {
              setRevision((n) => n + 1);
              navigate('experiments', summary.id);
            }}
          />
        )
      ) : view.kind === 'experiment' ? (
        <ExperimentView key={view.id} id={view.id} onCopy={() => navigate('experiments', newKey, view.id)} />
      ) : (
        <div className="ex-empty empty-state" data-testid="experiments-empty">
          <h2>{list.experiments?.length ? 'Pick an experiment, or build a new one' : 'Test prompts and models against each other'}</h2>
          <p>
            An experiment runs prompt versions × models × dataset rows × samples, with sampling parameters and a seed. The grid fills cell by cell as
            results arrive; a run can be cancelled and resumed, and identical requests come from the cache.
          </p>
          <div className="ex-empty-actions">
            <button type="button" className="btn btn-primary" onClick={() => navigate('experiments', newKey)} data-testid="empty-new-experiment">
              <Icon name="plus" size={14} />
              New experiment
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
