import { useMemo, useState, type KeyboardEvent } from 'react';
import type { ModelEntry, SecretInfo } from '../../../shared/contract/models.js';
import { routeHref } from '../../app/router.js';
import { formatBytes } from '../../ui/format.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { contextLabel, endpointLabel, isLocalEndpoint, keyState, localSummary, remoteSummary } from './model-facts.js';
import { ModelStatus } from './model-status.js';
import type { ConnectionTest } from './use-connection-tests.js';
import { SearchBox } from '../../ui/search-box.js';

export function ModelList({
  models,
  error,
  secrets,
  tests,
  selectedId,
  addingActive,
  onAdd,
}: {
  models: ModelEntry[] | undefined;
  error: string | undefined;
  secrets: readonly SecretInfo[] | undefined;
  tests: ReadonlyMap<string, ConnectionTest>;
  selectedId: string | undefined;
  addingActive: boolean;
  onAdd(): void;
}) {
  const [query, setQuery] = useState('');
  const filtered = useMemo(() => filterModels(models ?? [], query), [models, query]);
  const local = filtered.filter((model) => model.kind === 'local');
  const remote = filtered.filter((model) => model.kind === 'remote');

  return (
    <aside className="side-list" aria-label="Model list">
      <div className="side-list-top model-list-top">
        <SearchBox label="Filter models" value={query} onChange={setQuery} />
        <button
          type="button"
          className="btn btn-primary"
          onClick={onAdd}
          aria-pressed={addingActive}
          data-testid="add-model"
          title="Add a local GGUF file or folder, a remote endpoint, or a download"
        >
          <Icon name="plus" size={14} />
          Add
        </button>
      </div>
      {error && (
        <div className="side-list-notice">
          <Notice tone="danger">{error}</Notice>
        </div>
      )}
      <div className="model-list-scroll" onKeyDown={moveFocus}>
        {models && models.length === 0 && (
          <div className="model-list-empty">
            <p>No models yet.</p>
            <p className="muted">Add a GGUF file or folder from this computer, or an API endpoint such as OpenAI, Anthropic, Gemini, vLLM or Ollama.</p>
          </div>
        )}
        {models && models.length > 0 && filtered.length === 0 && <p className="model-list-empty muted">No model matches “{query}”.</p>}
        <ModelGroup title="Local" models={local} secrets={secrets} tests={tests} selectedId={selectedId} />
        <ModelGroup title="Remote" models={remote} secrets={secrets} tests={tests} selectedId={selectedId} />
      </div>
    </aside>
  );
}

function ModelGroup({
  title,
  models,
  secrets,
  tests,
  selectedId,
}: {
  title: string;
  models: ModelEntry[];
  secrets: readonly SecretInfo[] | undefined;
  tests: ReadonlyMap<string, ConnectionTest>;
  selectedId: string | undefined;
}) {
  if (models.length === 0) return null;
  return (
    <section className="model-group" aria-label={`${title} models`}>
      <h3 className="model-group-title">
        {title} <span className="model-group-count">{models.length}</span>
      </h3>
      <ul data-testid={`model-group-${title.toLowerCase()}`}>
        {models.map((model) => (
          <ModelRow key={model.id} model={model} secrets={secrets} test={tests.get(model.id)} selected={model.id === selectedId} />
        ))}
      </ul>
    </section>
  );
}

function ModelRow({ model, secrets, test, selected }: { model: ModelEntry; secrets: readonly SecretInfo[] | undefined; test: ConnectionTest | undefined; selected: boolean }) {
  return (
    <li>
      <a
        className="model-row"
        href={routeHref('models', model.id)}
        aria-current={selected ? 'page' : undefined}
        data-testid="model-row"
        data-model-name={model.name}
        data-kind={model.kind}
      >
        <span className="model-row-line">
          <Icon name={model.kind === 'local' ? 'file' : 'globe'} size={13} className="model-row-kind" />
          <span className="model-row-name">{model.name}</span>
          <ModelStatus model={model} test={test} />
        </span>
        {model.kind === 'local' ? (
          <>
            <span className="model-row-facts" data-testid="model-facts">
              {localSummary(model)}
            </span>
            <span className="model-row-sub">
              <span>ctx {contextLabel(model.header?.trainedContextLength)}</span>
              <span>·</span>
              <span>{model.header?.hasChatTemplate ? 'chat template' : 'no chat template'}</span>
              {model.estimatedMemoryBytes !== null && (
                <>
                  <span>·</span>
                  <span title="Estimated memory to load it with its current settings">
                    ~{formatBytes(model.estimatedMemoryBytes)}
                  </span>
                </>
              )}
            </span>
          </>
        ) : (
          <>
            <span className="model-row-facts" data-testid="model-facts">
              {remoteSummary(model)}
            </span>
            <span className="model-row-sub">
              <span className="model-row-endpoint" title={model.baseUrl ?? undefined}>
                {endpointLabel(model)}
              </span>
            </span>
            <span className="model-row-sub">
              <RowKey model={model} secrets={secrets} />
            </span>
          </>
        )}
        {model.status.state === 'error' && model.status.message && (
          <span className="model-row-error" data-testid="model-row-error">
            {model.status.message}
          </span>
        )}
      </a>
    </li>
  );
}

/** The key's name and state; the value itself never comes here, only its mask. */
function RowKey({ model, secrets }: { model: Extract<ModelEntry, { kind: 'remote' }>; secrets: readonly SecretInfo[] | undefined }) {
  const key = keyState(model, secrets);
  return (
    <span className="model-row-key" data-testid="model-row-key">
      <Icon name="key" size={11} />
      <span className="model-row-key-name">{model.apiKeyName}</span>
      {key.isSet ? (
        <span className="mono">{key.masked ?? 'set'}</span>
      ) : isLocalEndpoint(model) ? (
        <span title="Servers on this machine usually need no key">not set</span>
      ) : (
        <span className="model-row-warn">not set</span>
      )}
    </span>
  );
}

function filterModels(models: ModelEntry[], query: string): ModelEntry[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return models;
  return models.filter((model) => {
    const haystack =
      model.kind === 'local'
        ? [model.name, model.path, model.header?.architecture, model.header?.quantization]
        : [model.name, model.model, model.provider, model.baseUrl];
    return haystack.some((value) => value?.toLowerCase().includes(needle));
  });
}

/** Arrow keys walk the list (and open what they land on), as in a file browser. */
function moveFocus(event: KeyboardEvent<HTMLElement>) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const rows = [...event.currentTarget.querySelectorAll<HTMLAnchorElement>('a.model-row')];
  if (rows.length === 0) return;
  const current = rows.indexOf(document.activeElement as HTMLAnchorElement);
  const next = current === -1 ? 0 : Math.min(rows.length - 1, Math.max(0, current + (event.key === 'ArrowDown' ? 1 : -1)));
  event.preventDefault();
  rows[next]?.focus();
  rows[next]?.click();
}
