import { useState } from 'react';
import type { ModelEntry, RemoteModel, SecretInfo } from '../../../shared/contract/models.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';
import { Notice } from '../../ui/notice.js';
import { Field } from '../../ui/form-field.js';
import { isLocalEndpoint, keyState } from './model-facts.js';
import { KeySetter } from './key-setter.js';
import { keyNamePattern, providerChoices, providerLabels } from './provider-presets.js';
import { useDraft } from './use-draft.js';

export function RemoteEndpointForm({ model, secrets, onSaved }: { model: RemoteModel; secrets: readonly SecretInfo[] | undefined; onSaved(entry: ModelEntry): void }) {
  const api = useApi();
  const { draft, setDraft, dirty, reset } = useDraft({ baseUrl: model.baseUrl ?? '', model: model.model, apiKeyName: model.apiKeyName });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const defaultBaseUrl = providerChoices.find((choice) => choice.provider === model.provider)?.defaultBaseUrl;
  const errors = {
    baseUrl: checkUrl(draft.baseUrl, model.provider === 'openai-compatible'),
    model: draft.model.trim() ? undefined : 'The model name is required.',
    apiKeyName: keyNamePattern.test(draft.apiKeyName) ? undefined : 'Key names are like OPENAI_API_KEY: capitals, digits and _.',
  };
  const invalid = Boolean(errors.baseUrl ?? errors.model ?? errors.apiKeyName);

  const save = async () => {
    if (invalid) return;
    setSaving(true);
    try {
      const entry = await api.models.update({
        id: model.id,
        baseUrl: draft.baseUrl.trim() ? draft.baseUrl.trim() : null,
        model: draft.model.trim(),
        apiKeyName: draft.apiKeyName,
      });
      onSaved(entry);
      setError(undefined);
    } catch (reason) {
      setError(describeError(reason));
    } finally {
      setSaving(false);
    }
  };

  const key = keyState(model, secrets);
  const secret = secrets?.find((candidate) => candidate.name === model.apiKeyName);
  return (
    <section className="detail-section" aria-label="Endpoint" data-testid="endpoint">
      <div className="detail-section-head">
        <h3 className="section-title">Endpoint</h3>
        <span className="detail-section-note">{providerLabels[model.provider]}</span>
        <span className="detail-section-spacer" />
        <button type="button" className="btn btn-ghost btn-sm" disabled={!dirty || saving} onClick={reset}>
          Reset
        </button>
        <button type="button" className="btn btn-primary btn-sm" disabled={!dirty || saving || invalid} onClick={() => void save()}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
      {error && (
        <div className="detail-section-status">
          <Notice tone="danger" onDismiss={() => setError(undefined)}>
            Not saved: {error}
          </Notice>
        </div>
      )}
      <div className="form-grid">
        <Field label="Base URL" wide error={dirty ? errors.baseUrl : undefined} hint={model.provider === 'openai-compatible' ? 'Where the server’s /chat/completions lives, usually ending in /v1.' : 'Leave empty for the provider’s own API.'}>
          {(id) => (
            <input
              id={id}
              className="input mono"
              value={draft.baseUrl}
              placeholder={defaultBaseUrl ?? 'http://127.0.0.1:8000/v1'}
              spellCheck={false}
              onChange={(event) => setDraft((current) => ({ ...current, baseUrl: event.target.value }))}
            />
          )}
        </Field>
        <Field label="Model" error={dirty ? errors.model : undefined}>
          {(id) => (
            <input
              id={id}
              className="input mono"
              value={draft.model}
              spellCheck={false}
              onChange={(event) => setDraft((current) => ({ ...current, model: event.target.value }))}
            />
          )}
        </Field>
        <Field label="API key name" error={dirty ? errors.apiKeyName : undefined} hint="The name the key is stored under, or (headless) the environment variable.">
          {(id) => (
            <input
              id={id}
              className="input mono"
              value={draft.apiKeyName}
              spellCheck={false}
              onChange={(event) => setDraft((current) => ({ ...current, apiKeyName: event.target.value.toUpperCase() }))}
            />
          )}
        </Field>
        <Field label="API key" wide>
          {() => (
            <div className="key-status-block">
              <span className="key-status" data-set={key.isSet || undefined} data-testid="key-status">
                <span className="status-dot" aria-hidden="true" />
                <span>
                  {key.isSet ? (
                    <>
                      {model.apiKeyName} is set <span className="mono muted">{key.masked}</span>
                      {secret && <span className="muted"> · from {secret.source === 'environment' ? 'the environment' : 'the keychain'}</span>}
                    </>
                  ) : isLocalEndpoint(model) ? (
                    `${model.apiKeyName} is not set: fine for a server on this machine that asks for none.`
                  ) : (
                    `${model.apiKeyName} is not set: requests will be refused until it is.`
                  )}
                </span>
              </span>
              {secret?.writable ? (
                <KeySetter name={model.apiKeyName} isSet={key.isSet} />
              ) : (
                secret?.source === 'environment' && (
                  <span className="form-hint">
                    Headless mode reads keys from environment variables: set <span className="inline-code">{model.apiKeyName}</span> before{' '}
                    <span className="inline-code">arbiter serve</span>.
                  </span>
                )
              )}
            </div>
          )}
        </Field>
      </div>
    </section>
  );
}

function checkUrl(text: string, required: boolean): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return required ? 'An OpenAI-compatible endpoint needs a base URL.' : undefined;
  try {
    const url = new URL(trimmed);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'A base URL starts with http:// or https://.';
  } catch {
    return 'This is not a URL; it looks like http://127.0.0.1:8000/v1.';
  }
  return undefined;
}
