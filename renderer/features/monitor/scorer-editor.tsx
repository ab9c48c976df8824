import { useState } from 'react';
import type { ModelEntry } from '../../../shared/contract/models.js';
import { scorerCatalog, type ScorerConfigInput, type ScorerKind, type ScoreResult } from '../../../shared/contract/scoring.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { configOf, draftOf, fieldsByKind, kindOptions, newDraft, type FieldSpec, type ScorerDraft } from './scorer-fields.js';

/**
 * An experiment's automatic checks: add, change, remove, try one on a sample, then save. Saving
 * scores every stored generation again (scorers left as they were keep their scores).
 */
export function ScorerEditor({
  experimentId,
  scorers,
  models,
  sample,
  onSaved,
  onClose,
}: {
  experimentId: string;
  scorers: readonly ScorerConfigInput[];
  models: readonly ModelEntry[];
  /** An output and its row to try scorers on. */
  sample: { output: string; reference: string | null; context: string | null; question: string } | null;
  onSaved(): void;
  onClose(): void;
}) {
  const api = useApi();
  const [drafts, setDrafts] = useState<ScorerDraft[]>(() => scorers.map(draftOf));
  const [adding, setAdding] = useState<ScorerKind>('contains');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [tried, setTried] = useState<Record<number, ScoreResult | string>>({});

  const update = (key: number, change: (draft: ScorerDraft) => ScorerDraft) => setDrafts((current) => current.map((draft) => (draft.key === key ? change(draft) : draft)));
  const problems = drafts.map((draft) => {
    const result = configOf(draft);
    return 'error' in result ? result.error : null;
  });

  const save = async () => {
    const configs: ScorerConfigInput[] = [];
    for (const draft of drafts) {
      const result = configOf(draft);
      if ('error' in result) return setError(`${draft.name || scorerCatalog[draft.kind].label}: ${result.error}`);
      configs.push(result.config);
    }
    setBusy(true);
    setError(undefined);
    try {
      await api.scoring.configure({ experimentId, scorers: configs });
      onSaved();
    } catch (reason) {
      setError(describeError(reason));
    } finally {
      setBusy(false);
    }
  };

  const tryOne = async (draft: ScorerDraft) => {
    const result = configOf(draft);
    if ('error' in result || !sample) return;
    try {
      const answer = await api.scoring.test({ scorer: result.config, ...sample });
      setTried((current) => ({ ...current, [draft.key]: answer }));
    } catch (reason) {
      setTried((current) => ({ ...current, [draft.key]: describeError(reason) }));
    }
  };

  return (
    <div className="mon-dialog-backdrop" role="presentation" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div className="mon-dialog" role="dialog" aria-modal="true" aria-label="Scorers" data-testid="scorer-editor" onKeyDown={(event) => event.key === 'Escape' && onClose()}>
        <header className="mon-dialog-head">
          <h2>Scorers</h2>
          <span className="muted">Every generation is checked by each scorer as it is stored.</span>
          <span className="ex-spacer" />
          <button type="button" className="icon-btn" onClick={onClose} aria-label="Close">
            <Icon name="close" size={14} />
          </button>
        </header>
        <div className="mon-dialog-body">
          {drafts.length === 0 && <p className="muted">No scorers yet. Add one below: exact match, similarity to the reference, JSON Schema, an LLM judge, your own JavaScript…</p>}
          {drafts.map((draft, index) => (
            <section key={draft.key} className="scorer-card" data-testid="scorer-card">
              <div className="scorer-card-head">
                <span className="scorer-kind" title={scorerCatalog[draft.kind].summary}>
                  {scorerCatalog[draft.kind].label}
                </span>
                <input
                  className="input input-sm"
                  value={draft.name}
                  placeholder={draft.kind}
                  aria-label="Name"
                  onChange={(event) => update(draft.key, (d) => ({ ...d, name: event.target.value }))}
                  data-testid="scorer-name"
                />
                <span className="muted scorer-summary">{scorerCatalog[draft.kind].summary}</span>
                <span className="ex-spacer" />
                {sample && (
                  <button type="button" className="btn btn-ghost btn-sm" onClick={() => void tryOne(draft)} disabled={problems[index] !== null} title="Score the selected cell’s output with this scorer">
                    Try
                  </button>
                )}
                <button type="button" className="icon-btn" aria-label="Remove scorer" onClick={() => setDrafts((current) => current.filter((d) => d.key !== draft.key))}>
                  <Icon name="close" size={12} />
                </button>
              </div>
              {fieldsByKind[draft.kind].length > 0 && (
                <div className="scorer-fields">
                  {fieldsByKind[draft.kind].map((field) => (
                    <ScorerField key={field.key} field={field} value={draft.values[field.key] ?? ''} models={models} onChange={(value) => update(draft.key, (d) => ({ ...d, values: { ...d.values, [field.key]: value } }))} />
                  ))}
                </div>
              )}
              {problems[index] && <div className="form-hint">{problems[index]}</div>}
              {tried[draft.key] !== undefined && <TryResult result={tried[draft.key]!} />}
            </section>
          ))}
          <div className="scorer-add">
            <select className="select" value={adding} onChange={(event) => setAdding(event.target.value as ScorerKind)} aria-label="Kind of scorer" data-testid="scorer-kind">
              {['Match', 'Format', 'Limits', 'Similarity', 'LLM judge', 'Custom'].map((group) => (
                <optgroup key={group} label={group}>
                  {kindOptions
                    .filter((option) => option.group === group)
                    .map((option) => (
                      <option key={option.kind} value={option.kind}>
                        {option.label}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
            <button type="button" className="btn btn-sm" onClick={() => setDrafts((current) => [...current, newDraft(adding)])} data-testid="add-scorer">
              <Icon name="plus" size={12} /> Add scorer
            </button>
          </div>
        </div>
        {error && (
          <div className="mon-dialog-notice">
            <Notice tone="danger">{error}</Notice>
          </div>
        )}
        <footer className="mon-dialog-foot">
          <span className="muted">Saving scores every stored generation again; unchanged scorers keep their scores.</span>
          <span className="ex-spacer" />
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={busy} data-testid="save-scorers">
            {busy ? 'Saving…' : 'Save and score'}
          </button>
        </footer>
      </div>
    </div>
  );
}

function ScorerField({ field, value, models, onChange }: { field: FieldSpec; value: string | boolean; models: readonly ModelEntry[]; onChange(value: string | boolean): void }) {
  const id = `scorer-field-${field.key}`;
  if (field.type === 'checkbox') {
    return (
      <label className="check-row scorer-check">
        <input type="checkbox" className="checkbox" checked={Boolean(value)} onChange={(event) => onChange(event.target.checked)} />
        {field.label}
      </label>
    );
  }
  const wide = field.type === 'textarea' || field.type === 'code' || field.type === 'json' || field.type === 'list';
  return (
    <label className="scorer-field" data-wide={wide || undefined} htmlFor={id}>
      <span className="form-label">{field.label}</span>
      {field.type === 'model' ? (
        <select id={id} className="select" value={String(value)} onChange={(event) => onChange(event.target.value)}>
          <option value="">Pick a model…</option>
          {models.map((model) => (
            <option key={model.id} value={model.id}>
              {model.name}
            </option>
          ))}
        </select>
      ) : field.type === 'unit' ? (
        <select id={id} className="select" value={String(value)} onChange={(event) => onChange(event.target.value)}>
          <option value="characters">characters</option>
          <option value="words">words</option>
          <option value="tokens">tokens</option>
        </select>
      ) : wide ? (
        <textarea
          id={id}
          className={`textarea${field.type === 'code' || field.type === 'json' ? ' mono' : ''}`}
          rows={field.type === 'code' ? 5 : 3}
          spellCheck={false}
          value={String(value)}
          placeholder={field.placeholder}
          onChange={(event) => onChange(event.target.value)}
        />
      ) : (
        <input id={id} className={`input${field.type === 'number' ? ' input-number' : ''}`} value={String(value)} placeholder={field.placeholder} onChange={(event) => onChange(event.target.value)} />
      )}
      {field.hint && <span className="form-hint">{field.hint}</span>}
    </label>
  );
}

function TryResult({ result }: { result: ScoreResult | string }) {
  if (typeof result === 'string') return <div className="scorer-try" data-state="error">{result}</div>;
  const state = result.error ? 'error' : result.pass ? 'pass' : 'fail';
  return (
    <div className="scorer-try" data-state={state}>
      <strong>{state === 'pass' ? 'Passes' : state === 'fail' ? 'Fails' : 'Cannot score'}</strong>
      {result.score !== null && <span> · {result.score.toFixed(3)}</span>} · {result.reason}
    </div>
  );
}
