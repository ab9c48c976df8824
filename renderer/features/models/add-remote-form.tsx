import { useState } from 'react';
import type { SecretInfo } from '../../../shared/contract/models.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';
import { Notice } from '../../ui/notice.js';
import { checkNumber, Field, parseOptionalNumber } from '../../ui/form-field.js';
import { keyNamePattern, providerChoices, type ProviderChoice } from './provider-presets.js';

export function AddRemoteForm({ secrets, onAdded }: { secrets: readonly SecretInfo[] | undefined; onAdded(id: string): void }) {
  const api = useApi();
  const [choice, setChoice] = useState<ProviderChoice>(providerChoices[0]!);
  const [baseUrl, setBaseUrl] = useState('');
  const [model, setModel] = useState('');
  const [name, setName] = useState('');
  const [keyName, setKeyName] = useState('');
  const [input, setInput] = useState('');
  const [output, setOutput] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [tried, setTried] = useState(false);

  const compatible = choice.provider === 'openai-compatible';
  const effectiveKey = keyName.trim() || choice.keyName || 'OPENAI_COMPATIBLE_API_KEY';
  const keyInfo = secrets?.find((secret) => secret.name === effectiveKey);
  const errors = {
    baseUrl: compatible && !baseUrl.trim() ? 'This server’s base URL is required.' : baseUrl.trim() && !isUrl(baseUrl) ? 'This is not an http(s) URL.' : undefined,
    model: model.trim() ? undefined : 'The model name is required.',
    keyName: keyName.trim() && !keyNamePattern.test(keyName.trim()) ? 'Key names are like OPENAI_API_KEY.' : undefined,
    input: checkNumber(input, 'The input price', 0, 100_000),
    output: checkNumber(output, 'The output price', 0, 100_000),
  };
  const invalid = Object.values(errors).some(Boolean);
  const shown = tried ? errors : { ...errors, baseUrl: undefined, model: undefined };

  const pick = (id: string) => {
    const next = providerChoices.find((candidate) => candidate.id === id) ?? providerChoices[0]!;
    setChoice(next);
    setBaseUrl(next.baseUrl ?? '');
    setKeyName('');
  };

  const add = async () => {
    setTried(true);
    if (invalid || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const prices = { inputPerMillion: parseOptionalNumber(input), outputPerMillion: parseOptionalNumber(output) };
      const entry = await api.models.addRemote({
        provider: choice.provider,
        model: model.trim(),
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
        ...(keyName.trim() ? { apiKeyName: keyName.trim() } : choice.keyName ? { apiKeyName: choice.keyName } : {}),
        ...(prices.inputPerMillion !== undefined || prices.outputPerMillion !== undefined ? { prices: definedPrices(prices) } : {}),
      });
      onAdded(entry.id);
    } catch (reason) {
      setError(describeError(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="add-body" data-testid="add-remote">
      <p className="add-intro">A hosted API or a server you run. Requests go from the backend; API keys never reach this window.</p>
      <form
        className="add-form"
        onSubmit={(event) => {
          event.preventDefault();
          void add();
        }}
      >
        <div className="form-grid">
          <Field label="Provider" hint={choice.hint}>
            {(id) => (
              <select id={id} className="select" value={choice.id} onChange={(event) => pick(event.target.value)} data-testid="provider-select">
                <optgroup label="Hosted APIs">
                  {providerChoices
                    .filter((candidate) => candidate.provider !== 'openai-compatible')
                    .map((candidate) => (
                      <option key={candidate.id} value={candidate.id}>
                        {candidate.label}
                      </option>
                    ))}
                </optgroup>
                <optgroup label="OpenAI-compatible">
                  {providerChoices
                    .filter((candidate) => candidate.provider === 'openai-compatible')
                    .map((candidate) => (
                      <option key={candidate.id} value={candidate.id}>
                        {candidate.label}
                      </option>
                    ))}
                </optgroup>
              </select>
            )}
          </Field>
          <Field label="Model" error={shown.model}>
            {(id) => (
              <input
                id={id}
                className="input mono"
                value={model}
                placeholder={choice.modelPlaceholder}
                spellCheck={false}
                onChange={(event) => setModel(event.target.value)}
                data-testid="remote-model"
              />
            )}
          </Field>
          <Field
            label="Base URL"
            wide
            error={shown.baseUrl}
            hint={compatible ? 'Change host and port to where your server listens.' : 'Leave empty for the provider’s own API, or give a proxy or gateway.'}
          >
            {(id) => (
              <input
                id={id}
                className="input mono"
                value={baseUrl}
                placeholder={choice.defaultBaseUrl ?? 'http://127.0.0.1:8000/v1'}
                spellCheck={false}
                onChange={(event) => setBaseUrl(event.target.value)}
                data-testid="remote-base-url"
              />
            )}
          </Field>
          <Field label="Display name" hint="Optional; the model name otherwise.">
            {(id) => <input id={id} className="input" value={name} placeholder={model.trim() || 'e.g. GPT-4o mini (prod)'} onChange={(event) => setName(event.target.value)} data-testid="remote-name" />}
          </Field>
          <Field
            label="API key name"
            error={shown.keyName}
            hint={
              keyInfo?.isSet
                ? `${effectiveKey} is set (${keyInfo.masked ?? 'masked'}).`
                : choice.keyName === null && !keyName.trim()
                  ? 'Servers on this machine usually need no key.'
                  : `${effectiveKey} is not set yet: add it under API keys${keyInfo && !keyInfo.writable ? ' (an environment variable in headless mode)' : ''}.`
            }
          >
            {(id) => (
              <input
                id={id}
                className="input mono"
                value={keyName}
                placeholder={choice.keyName ?? 'OPENAI_COMPATIBLE_API_KEY'}
                spellCheck={false}
                onChange={(event) => setKeyName(event.target.value.toUpperCase())}
                data-testid="remote-key-name"
              />
            )}
          </Field>
          <Field label="Input price, $ per 1M tokens" error={shown.input} hint="Empty: the list price for well-known models.">
            {(id) => <input id={id} className="input input-number" inputMode="decimal" value={input} placeholder="list price" onChange={(event) => setInput(event.target.value)} />}
          </Field>
          <Field label="Output price, $ per 1M tokens" error={shown.output}>
            {(id) => <input id={id} className="input input-number" inputMode="decimal" value={output} placeholder="list price" onChange={(event) => setOutput(event.target.value)} />}
          </Field>
        </div>
        {error && <Notice tone="danger">{error}</Notice>}
        <div className="add-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="add-remote-submit">
            {busy ? 'Adding…' : 'Add endpoint'}
          </button>
        </div>
      </form>
    </div>
  );
}

function isUrl(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function definedPrices(prices: { inputPerMillion: number | undefined; outputPerMillion: number | undefined }) {
  return Object.fromEntries(Object.entries(prices).filter(([, value]) => value !== undefined)) as { inputPerMillion?: number; outputPerMillion?: number };
}
