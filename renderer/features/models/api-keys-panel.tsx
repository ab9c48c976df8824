import { useState } from 'react';
import type { ModelEntry } from '../../../shared/contract/models.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { KeySetter } from './key-setter.js';
import { keyNamePattern } from './provider-presets.js';
import { keysAreReadOnly, type SecretsState } from './use-secrets.js';

/** Key names, masked values and who uses each; values go in once and never come back out. */
export function ApiKeysPanel({ secrets: state, models }: { secrets: SecretsState; models: ModelEntry[] | undefined }) {
  const { secrets, error } = state;
  const readOnly = keysAreReadOnly(secrets);
  const users = (name: string) => (models ?? []).filter((model) => model.kind === 'remote' && model.apiKeyName === name).map((model) => model.name);

  return (
    <div className="keys-panel" data-testid="api-keys">
      <div className="keys-inner">
        <div className="keys-head">
          <h2>API keys</h2>
          <p className="muted">
            Model requests run in the backend, which reads keys by name. This window sees only whether a key is set and its last characters.
          </p>
        </div>
        {readOnly && (
          <Notice testId="headless-keys-note">
            <strong>Headless mode: keys come from environment variables.</strong> Set them in the shell that starts the server, e.g.{' '}
            <span className="inline-code">OPENAI_API_KEY=… arbiter serve</span>, then restart it. They cannot be entered here, so they never travel over the network.
          </Notice>
        )}
        {error && <Notice tone="danger">{error}</Notice>}
        <table className="keys-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Used by</th>
              <th scope="col">{readOnly ? 'Source' : 'Set or replace'}</th>
            </tr>
          </thead>
          <tbody>
            {secrets?.map((secret) => {
              const usedBy = users(secret.name);
              return (
                <tr key={secret.name} data-testid="key-row" data-key-name={secret.name}>
                  <td className="mono keys-name">{secret.name}</td>
                  <td>
                    <span className="key-status" data-set={secret.isSet || undefined}>
                      <span className="status-dot" aria-hidden="true" />
                      {secret.isSet ? <span className="mono">{secret.masked ?? 'set'}</span> : 'not set'}
                    </span>
                  </td>
                  <td className="keys-users">{usedBy.length === 0 ? <span className="muted">—</span> : usedBy.join(', ')}</td>
                  <td>
                    {secret.writable ? (
                      <div className="keys-actions">
                        <KeySetter name={secret.name} isSet={secret.isSet} />
                        {secret.isSet && <ForgetKey name={secret.name} />}
                      </div>
                    ) : (
                      <span className="muted">{secret.source === 'environment' ? 'environment variable' : 'keychain'}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {!readOnly && secrets && <NewKey existing={secrets.map((secret) => secret.name)} />}
      </div>
    </div>
  );
}

function ForgetKey({ name }: { name: string }) {
  const api = useApi();
  const [error, setError] = useState<string>();
  return (
    <>
      <button
        type="button"
        className="icon-btn danger"
        aria-label={`Forget ${name}`}
        title={`Forget ${name}`}
        onClick={() => api.secrets.remove({ name }).catch((reason: unknown) => setError(describeError(reason)))}
      >
        <Icon name="trash" size={13} />
      </button>
      {error && <span className="form-error">{error}</span>}
    </>
  );
}

/** A key under a name no model uses yet (e.g. before adding an OpenRouter endpoint). */
function NewKey({ existing }: { existing: string[] }) {
  const [name, setName] = useState('');
  const valid = keyNamePattern.test(name) && !existing.includes(name);
  return (
    <div className="keys-new">
      <span className="section-title">Another key</span>
      <input
        className="input mono"
        value={name}
        placeholder="OPENROUTER_API_KEY"
        aria-label="New key name"
        spellCheck={false}
        onChange={(event) => setName(event.target.value.toUpperCase())}
      />
      {valid ? <KeySetter name={name} isSet={false} onDone={() => setName('')} /> : <span className="muted">{name && !valid ? (existing.includes(name) ? 'Already listed above.' : 'Names are like OPENAI_API_KEY.') : ''}</span>}
    </div>
  );
}
