import { useState } from 'react';
import type { MethodOutput } from '../../../shared/contract/index.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { Field } from '../../ui/form-field.js';
import { localSummary } from './model-facts.js';

type AddLocalResult = MethodOutput<'models', 'addLocal'>;

export function AddLocalForm({ onOpen }: { onOpen(id: string): void }) {
  const api = useApi();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ scanned: string; value: AddLocalResult }>();
  const [error, setError] = useState<string>();

  const add = async () => {
    if (!path.trim() || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      setResult({ scanned: path.trim(), value: await api.models.addLocal({ path: path.trim() }) });
    } catch (reason) {
      setResult(undefined);
      setError(describeError(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="add-body" data-testid="add-local">
      <p className="add-intro">
        A <span className="inline-code">.gguf</span> file, or a folder: every GGUF file under it is added (subfolders too). Arbiter reads each file’s header now and loads
        nothing until a model is used.
      </p>
      <form
        className="add-form"
        onSubmit={(event) => {
          event.preventDefault();
          void add();
        }}
      >
        <Field label="File or folder" wide hint="An absolute path on the machine that runs the backend.">
          {(id) => (
            <div className="add-row">
              <input
                id={id}
                className="input mono"
                value={path}
                placeholder="/home/me/models or /home/me/models/qwen2.5-7b-instruct-q4_k_m.gguf"
                spellCheck={false}
                autoFocus
                onChange={(event) => setPath(event.target.value)}
                data-testid="local-path"
              />
              <button type="submit" className="btn btn-primary" disabled={!path.trim() || busy} data-testid="add-local-submit">
                {busy ? 'Scanning…' : 'Add'}
              </button>
            </div>
          )}
        </Field>
      </form>
      {error && <Notice tone="danger">{error}</Notice>}
      {result && <ScanResult scanned={result.scanned} result={result.value} onOpen={onOpen} />}
    </div>
  );
}

function ScanResult({ scanned, result, onOpen }: { scanned: string; result: AddLocalResult; onOpen(id: string): void }) {
  return (
    <div className="scan-result" data-testid="scan-result">
      <h4 className="scan-title">
        {result.added.length === 0 ? 'No new models' : result.added.length === 1 ? '1 model added' : `${result.added.length} models added`}
        {result.skipped.length > 0 && <span className="muted"> · {result.skipped.length} skipped</span>}
      </h4>
      {result.added.length > 0 && (
        <ul className="scan-list">
          {result.added.map((model) => (
            <li key={model.id} className="scan-item" data-testid="scan-added">
              <Icon name="check" size={13} className="scan-ok" />
              <button type="button" className="link-button" onClick={() => onOpen(model.id)}>
                {model.name}
              </button>
              <span className="scan-detail">
                {model.kind === 'local' && (
                  <>
                    <span className="mono">{shownPath(model.path, scanned)}</span> · {localSummary(model)}
                  </>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {result.skipped.length > 0 && (
        <ul className="scan-list">
          {result.skipped.map((skip) => (
            <li key={skip.path} className="scan-item" data-testid="scan-skipped">
              <Icon name="alert" size={13} className="scan-skip" />
              <span className="mono scan-path" title={skip.path}>
                {shownPath(skip.path, scanned)}
              </span>
              <span className="scan-detail">{withoutPath(skip.reason, skip.path)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Inside the scanned folder, the path below it ("nested/model.gguf"); otherwise the file name. */
function shownPath(path: string, scanned: string): string {
  const folder = scanned.replace(/[\\/]+$/, '');
  if (path.startsWith(folder) && /^[\\/]/.test(path.slice(folder.length))) return path.slice(folder.length + 1);
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** Reasons name the file in full; next to its name that is noise ("x.gguf  is truncated: …" still reads). */
function withoutPath(reason: string, path: string): string {
  if (!reason.startsWith(path)) return reason;
  return reason.slice(path.length).trim();
}
