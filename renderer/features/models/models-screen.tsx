import { useEffect, useRef, useState, type ReactNode } from 'react';
import { replaceRoute, useNavigate, useRoute } from '../../app/router.js';
import { Icon, type IconName } from '../../ui/icon.js';
import { PlaygroundPanel } from '../playground/playground-panel.js';
import { AddPanel } from './add-panel.js';
import { ApiKeysPanel } from './api-keys-panel.js';
import { ModelDetail } from './model-detail.js';
import { ModelList } from './model-list.js';
import { parseModelsView } from './models-route.js';
import { RuntimeStrip } from './runtime-strip.js';
import { useConnectionTests } from './use-connection-tests.js';
import { useDownloads } from './use-downloads.js';
import { useModels } from './use-models.js';
import { useRuntime } from './use-runtime.js';
import { useSecrets } from './use-secrets.js';
import './models.css';

type Tab = 'library' | 'playground' | 'keys';

export function ModelsScreen() {
  const route = useRoute();
  const navigate = useNavigate();
  const view = parseModelsView(route);
  const rootRef = useRef<HTMLDivElement>(null);
  const models = useModels();
  const secrets = useSecrets();
  const { runtime, error: runtimeError } = useRuntime(rootRef);
  const downloads = useDownloads();
  const tests = useConnectionTests();
  // Coming back to the library opens the model that was open when the user left it.
  const [lastSelected, setLastSelected] = useState<string>();
  const selectedId = view.tab === 'library' && 'selectedId' in view ? view.selectedId : undefined;
  const selected = models.models?.find((model) => model.id === selectedId);

  useEffect(() => {
    if (selectedId) setLastSelected(selectedId);
  }, [selectedId]);

  // Nothing chosen yet: open the first model, so the screen is never a blank half.
  const wantsDefault = route.screen === 'models' && view.tab === 'library' && 'selectedId' in view && !view.selectedId;
  useEffect(() => {
    if (!wantsDefault) return;
    const first = models.models?.find((model) => model.id === lastSelected) ?? models.models?.[0];
    if (first) replaceRoute('models', first.id);
  }, [wantsDefault, models.models, lastSelected]);

  const openTab = (tab: Tab) => {
    if (tab === 'library') navigate('models', ...(lastSelected ? [lastSelected] : []));
    else navigate('models', tab);
  };

  const unknownSelection = selectedId !== undefined && models.models !== undefined && !selected;
  const keysSet = secrets.secrets?.filter((secret) => secret.isSet).length ?? 0;

  return (
    <div className="models-screen" ref={rootRef} data-testid="models-screen">
      <div className="models-topbar">
        <div className="models-tabs" role="tablist" aria-label="Models screen">
          <TabButton tab="library" current={view.tab} icon="models" onSelect={openTab}>
            Library {models.models && <span className="tab-count">{models.models.length}</span>}
          </TabButton>
          <TabButton tab="playground" current={view.tab} icon="play" onSelect={openTab}>
            Playground
          </TabButton>
          <TabButton tab="keys" current={view.tab} icon="key" onSelect={openTab}>
            API keys {keysSet > 0 && <span className="tab-count">{keysSet} set</span>}
          </TabButton>
        </div>
        <RuntimeStrip runtime={runtime} error={runtimeError} />
      </div>
      <div className="models-body" hidden={view.tab !== 'library'}>
        <ModelList
          models={models.models}
          error={models.error}
          secrets={secrets.secrets}
          tests={tests.tests}
          selectedId={selectedId}
          addingActive={'adding' in view}
          onAdd={() => navigate('models', 'add', 'adding' in view ? view.adding : 'local')}
        />
        {'adding' in view ? (
          <AddPanel
            kind={view.adding}
            secrets={secrets.secrets}
            downloads={downloads}
            onKind={(kind) => navigate('models', 'add', kind)}
            onOpen={(id) => navigate('models', id)}
            onClose={() => navigate('models', ...(lastSelected ? [lastSelected] : []))}
          />
        ) : selected ? (
          <ModelDetail
            key={selected.id}
            model={selected}
            runtime={runtime}
            secrets={secrets.secrets}
            test={tests.tests.get(selected.id)}
            onTest={() => void tests.run(selected.id)}
            onSaved={models.accept}
            onRemoved={() => {
              setLastSelected(undefined);
              navigate('models');
            }}
          />
        ) : (
          <div className="model-detail models-placeholder empty-state" data-testid="models-empty">
            {unknownSelection ? (
              <>
                <h2>This model is not in the list any more</h2>
                <p>It was removed, perhaps in another window.</p>
              </>
            ) : models.models?.length === 0 ? (
              <>
                <h2>Bring the models you want to compare</h2>
                <p>
                  Local GGUF files run on this machine’s {runtime ? runtime.backend.toUpperCase() : 'GPU or CPU'} through llama.cpp; remote endpoints are OpenAI, Anthropic,
                  Google Gemini, or any OpenAI-compatible server such as vLLM, Ollama, LM Studio or OpenRouter.
                </p>
                <button type="button" className="btn btn-primary" onClick={() => navigate('models', 'add', 'local')}>
                  <Icon name="plus" size={14} />
                  Add a model
                </button>
              </>
            ) : null}
          </div>
        )}
      </div>
      {/* Kept mounted while hidden: a run keeps streaming and the draft stays while the user looks at a model. */}
      <div className="models-tab-panel" hidden={view.tab !== 'playground'} role="tabpanel" aria-label="Playground">
        <PlaygroundPanel models={models.models} />
      </div>
      {view.tab === 'keys' && (
        <div className="models-tab-panel" role="tabpanel" aria-label="API keys">
          <ApiKeysPanel secrets={secrets} models={models.models} />
        </div>
      )}
    </div>
  );
}

function TabButton({ tab, current, icon, onSelect, children }: { tab: Tab; current: Tab; icon: IconName; onSelect(tab: Tab): void; children: ReactNode }) {
  return (
    <button type="button" role="tab" aria-selected={tab === current} className="models-tab" onClick={() => onSelect(tab)} data-testid={`models-tab-${tab}`}>
      <Icon name={icon} size={14} />
      {children}
    </button>
  );
}
