import { useEffect, useState } from 'react';
import type { ModelEntry, RuntimeInfo, SecretInfo } from '../../../shared/contract/models.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { EditableName } from './editable-name.js';
import { LocalFacts } from './local-facts.js';
import { LocalSettingsForm } from './local-settings-form.js';
import { ModelStatus } from './model-status.js';
import { PricesForm } from './prices-form.js';
import { providerLabels } from './provider-presets.js';
import { RemoteEndpointForm } from './remote-endpoint-form.js';
import type { ConnectionTest } from './use-connection-tests.js';

export function ModelDetail({
  model,
  runtime,
  secrets,
  test,
  onTest,
  onSaved,
  onRemoved,
}: {
  model: ModelEntry;
  runtime: RuntimeInfo | undefined;
  secrets: readonly SecretInfo[] | undefined;
  test: ConnectionTest | undefined;
  onTest(): void;
  onSaved(entry: ModelEntry): void;
  onRemoved(): void;
}) {
  const api = useApi();
  const [busy, setBusy] = useState<'load' | 'unload' | 'remove'>();
  const [actionError, setActionError] = useState<string>();

  const act = async (kind: 'load' | 'unload' | 'remove') => {
    setBusy(kind);
    setActionError(undefined);
    try {
      if (kind === 'remove') {
        await api.models.remove({ id: model.id });
        onRemoved();
        return;
      }
      onSaved(kind === 'load' ? await api.models.load({ id: model.id }) : await api.models.unload({ id: model.id }));
    } catch (reason) {
      setActionError(describeError(reason));
    } finally {
      setBusy(undefined);
    }
  };

  const state = model.status.state;
  const testing = test?.state === 'running';
  return (
    <section className="model-detail" aria-label={`Model ${model.name}`} data-testid="model-detail" data-model-id={model.id}>
      <header className="model-detail-header">
        <div className="model-detail-main">
          <div className="model-detail-title-line">
            <EditableName name={model.name} onRename={async (name) => onSaved(await api.models.update({ id: model.id, name }))} />
            <ModelStatus model={model} test={test} />
          </div>
          <div className="model-detail-meta">
            <Icon name={model.kind === 'local' ? 'file' : 'globe'} size={12} />
            {model.kind === 'local' ? (
              <span className="mono model-path" title={model.path}>
                <bdi dir="ltr">{model.path}</bdi>
              </span>
            ) : (
              <span>
                {providerLabels[model.provider]} · <span className="mono">{model.model}</span>
              </span>
            )}
          </div>
        </div>
        <div className="model-detail-actions">
          <button
            type="button"
            className="btn btn-sm"
            onClick={onTest}
            disabled={testing}
            data-testid="test-connection"
            title={model.kind === 'local' ? 'Load the model and generate a few tokens' : 'Send a tiny request and measure the round trip'}
          >
            <Icon name="plug" size={13} />
            {testing ? 'Testing…' : model.kind === 'local' ? 'Test' : 'Test connection'}
          </button>
          {model.kind === 'local' &&
            (state === 'loaded' ? (
              <button type="button" className="btn btn-sm" onClick={() => void act('unload')} disabled={busy !== undefined} data-testid="unload-model">
                <Icon name="power" size={13} />
                {busy === 'unload' ? 'Unloading…' : 'Unload'}
              </button>
            ) : (
              <button
                type="button"
                className="btn btn-sm"
                onClick={() => void act('load')}
                disabled={busy !== undefined || state === 'loading'}
                data-testid="load-model"
              >
                <Icon name="power" size={13} />
                {busy === 'load' || state === 'loading' ? 'Loading…' : 'Load'}
              </button>
            ))}
          <RemoveButton name={model.name} kind={model.kind} busy={busy === 'remove'} onConfirm={() => void act('remove')} />
        </div>
      </header>
      <div className="model-detail-notices">
        {state === 'error' && model.status.message && (
          <Notice tone="danger" testId="model-error">
            <strong>{model.kind === 'local' ? 'This model failed to load.' : 'This endpoint reported an error.'}</strong> {model.status.message}
          </Notice>
        )}
        {actionError && actionError !== model.status.message && (
          <Notice tone="danger" onDismiss={() => setActionError(undefined)}>
            {actionError}
          </Notice>
        )}
        {test?.state === 'done' && <ConnectionNotice result={test.result} />}
      </div>
      <div className="model-detail-scroll">
        {model.kind === 'local' ? (
          <>
            <LocalFacts model={model} />
            <LocalSettingsForm model={model} runtime={runtime} onSaved={onSaved} />
          </>
        ) : (
          <RemoteEndpointForm model={model} secrets={secrets} onSaved={onSaved} />
        )}
        <PricesForm model={model} onSaved={onSaved} />
      </div>
    </section>
  );
}

function ConnectionNotice({ result }: { result: { ok: boolean; latencyMs: number | null; message: string } }) {
  return (
    <div className="connection-result" data-ok={result.ok || undefined} data-testid="connection-result" role="status">
      <Icon name={result.ok ? 'check' : 'alert'} size={14} />
      {result.ok && result.latencyMs !== null && (
        <span className="connection-latency" data-testid="connection-latency">
          {result.latencyMs.toLocaleString()} ms
        </span>
      )}
      <span className="connection-message">{result.message}</span>
    </div>
  );
}

/** Two steps, so a stray click never removes an entry; the file on disk always stays. */
function RemoveButton({ name, kind, busy, onConfirm }: { name: string; kind: ModelEntry['kind']; busy: boolean; onConfirm(): void }) {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setArmed(false), 4000);
    return () => clearTimeout(timer);
  }, [armed]);

  if (armed) {
    return (
      <button type="button" className="btn btn-sm btn-danger-solid" onClick={onConfirm} disabled={busy} data-testid="confirm-remove" autoFocus>
        {busy ? 'Removing…' : kind === 'local' ? 'Remove (file stays)' : 'Remove entry'}
      </button>
    );
  }
  return (
    <button type="button" className="btn btn-ghost btn-sm btn-danger" onClick={() => setArmed(true)} title={`Remove ${name} from the list`} data-testid="remove-model">
      <Icon name="trash" size={13} />
      Remove
    </button>
  );
}
