import { useRef } from 'react';
import type { ChatMessage } from '../../../shared/contract/prompts.js';
import type { ModelEntry } from '../../../shared/contract/models.js';
import { formatCost, formatDuration } from '../../ui/format.js';
import { Field } from '../../ui/form-field.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { modShortcutLabel, useModShortcut } from '../../ui/use-mod-shortcut.js';
import { ModelPicker } from './model-picker.js';
import { OutputColumn } from './output-column.js';
import { maxPlaygroundModels, usePlaygroundDraft, type PlaygroundDraft } from './playground-draft.js';
import { toSamplingParams } from './sampling-params.js';
import { StopSequences } from './stop-sequences.js';
import { useNow } from './use-now.js';
import { usePlaygroundRun, type PlaygroundRun } from './use-playground-run.js';
import './playground.css';

/** Up to four models answer the same messages side by side, streaming, with the numbers to compare them by. */
export function PlaygroundPanel({ models }: { models: ModelEntry[] | undefined }) {
  const rootRef = useRef<HTMLDivElement>(null);
  const [draft, setDraft] = usePlaygroundDraft();
  const { run, busy, start, stop, clear } = usePlaygroundRun();
  const set = <K extends keyof PlaygroundDraft>(key: K, value: PlaygroundDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));

  const known = new Set(models?.map((model) => model.id));
  const selected = models ? draft.modelIds.filter((id) => known.has(id)) : draft.modelIds;
  const { params, errors } = toSamplingParams(draft);
  const problem =
    selected.length === 0 ? 'Pick at least one model.' : !draft.user.trim() ? 'Write a user message.' : Object.values(errors).find(Boolean) ?? null;

  const runNow = () => {
    if (busy || problem) return;
    const messages: ChatMessage[] = [
      ...(draft.system.trim() ? [{ role: 'system' as const, content: draft.system }] : []),
      { role: 'user' as const, content: draft.user },
    ];
    void start(selected, { messages, params });
  };
  useModShortcut(rootRef, 'Enter', () => (busy ? undefined : runNow()));

  return (
    <div className="playground" ref={rootRef} data-testid="playground">
      <aside className="playground-config" aria-label="Playground setup">
        <div className="playground-config-scroll">
          <section className="pg-section">
            <div className="pg-section-head">
              <h3 className="section-title">Models</h3>
              <span className="pg-count">
                {selected.length} of {maxPlaygroundModels}
              </span>
            </div>
            <ModelPicker models={models} selected={selected} onChange={(ids) => set('modelIds', ids)} />
          </section>
          <section className="pg-section">
            <div className="pg-section-head">
              <h3 className="section-title">Messages</h3>
            </div>
            <div className="pg-message" data-role="system">
              <label className="pg-role" htmlFor="pg-system">
                System
              </label>
              <textarea
                id="pg-system"
                className="textarea pg-textarea"
                rows={3}
                value={draft.system}
                placeholder="Optional instructions for every model"
                onChange={(event) => set('system', event.target.value)}
                data-testid="pg-system"
              />
            </div>
            <div className="pg-message" data-role="user">
              <label className="pg-role" htmlFor="pg-user">
                User
              </label>
              <textarea
                id="pg-user"
                className="textarea pg-textarea"
                rows={6}
                value={draft.user}
                placeholder="What every model is asked"
                onChange={(event) => set('user', event.target.value)}
                data-testid="pg-user"
              />
            </div>
          </section>
          <section className="pg-section">
            <div className="pg-section-head">
              <h3 className="section-title">Sampling</h3>
              <span className="pg-hint">A backend ignores what it cannot honour</span>
            </div>
            <div className="pg-params">
              <Field label="Temperature" error={errors.temperature}>
                {(id) => <input id={id} className="input input-number" inputMode="decimal" value={draft.temperature} onChange={(event) => set('temperature', event.target.value)} data-testid="pg-temperature" />}
              </Field>
              <Field label="Max tokens" error={errors.maxTokens}>
                {(id) => <input id={id} className="input input-number" inputMode="numeric" value={draft.maxTokens} onChange={(event) => set('maxTokens', event.target.value)} data-testid="pg-max-tokens" />}
              </Field>
              <Field label="Top P" error={errors.topP}>
                {(id) => <input id={id} className="input input-number" inputMode="decimal" value={draft.topP} placeholder="default" onChange={(event) => set('topP', event.target.value)} />}
              </Field>
              <Field label="Top K" error={errors.topK}>
                {(id) => <input id={id} className="input input-number" inputMode="numeric" value={draft.topK} placeholder="default" onChange={(event) => set('topK', event.target.value)} />}
              </Field>
              <Field label="Seed" error={errors.seed}>
                {(id) => (
                  <div className="pg-seed">
                    <input id={id} className="input input-number" inputMode="numeric" value={draft.seed} placeholder="random" onChange={(event) => set('seed', event.target.value)} data-testid="pg-seed" />
                    <button type="button" className="icon-btn" title="A new random seed" aria-label="A new random seed" onClick={() => set('seed', String(Math.floor(Math.random() * 1_000_000)))}>
                      <Icon name="refresh" size={13} />
                    </button>
                  </div>
                )}
              </Field>
              <Field label="Stop sequences" wide>
                {(id) => <StopSequences id={id} value={draft.stop} onChange={(stop) => set('stop', stop)} />}
              </Field>
            </div>
          </section>
        </div>
        <footer className="pg-run-bar">
          {busy ? (
            <button type="button" className="btn btn-danger-solid pg-run" onClick={() => void stop()} data-testid="pg-stop">
              <Icon name="stop" size={12} />
              Stop
            </button>
          ) : (
            <button type="button" className="btn btn-primary pg-run" onClick={runNow} disabled={problem !== null} data-testid="pg-run" title={problem ?? `Run (${modShortcutLabel('Enter')})`}>
              <Icon name="play" size={12} />
              Run
              <span className="btn-kbd">{modShortcutLabel('Enter')}</span>
            </button>
          )}
          <span className="pg-run-note">{busy ? `Streaming from ${run?.columns.length ?? 0} ${run?.columns.length === 1 ? 'model' : 'models'}…` : problem}</span>
        </footer>
      </aside>
      <section className="playground-outputs" aria-label="Outputs">
        {run ? (
          <RunView run={run} models={models} onClear={clear} busy={busy} />
        ) : (
          <div className="empty-state pg-empty">
            <h2>Same question, side by side</h2>
            <p>
              Pick up to four models, write a message and press <span className="kbd">{modShortcutLabel('Enter')}</span>. Each answer streams into its own column with
              tokens per second, time to first token, latency, tokens and cost.
            </p>
          </div>
        )}
      </section>
    </div>
  );
}

function RunView({ run, models, busy, onClear }: { run: PlaygroundRun; models: ModelEntry[] | undefined; busy: boolean; onClear(): void }) {
  const now = useNow(busy);
  const finished = run.columns.filter((column) => column.result !== null);
  const totalCost = finished.reduce<number | null>((sum, column) => (column.result?.costUsd == null ? sum : (sum ?? 0) + column.result.costUsd), null);
  const wall = busy ? now - run.startedAt : Math.max(0, ...finished.map((column) => column.result?.latencyMs ?? 0));
  return (
    <>
      <div className="pg-run-head">
        <span className="pg-run-title" data-testid="pg-run-status">
          {run.status === 'starting' && 'Starting…'}
          {run.status === 'running' && `Running · ${finished.length} of ${run.columns.length} done`}
          {run.status === 'finished' && `Done · ${run.columns.length} ${run.columns.length === 1 ? 'model' : 'models'}`}
          {run.status === 'failed' && 'Could not start'}
        </span>
        <span className="pg-run-meta">
          {formatDuration(wall)}
          {totalCost !== null && ` · ${formatCost(totalCost)}`}
        </span>
        <span className="pg-spacer" />
        <button type="button" className="btn btn-ghost btn-sm" onClick={onClear} disabled={busy}>
          Clear
        </button>
      </div>
      {(run.error || run.interrupted) && (
        <div className="pg-notices">
          {run.error && <Notice tone="danger">{run.error}</Notice>}
          {run.interrupted && <Notice tone="warning">The connection to the server dropped during this run; text streamed meanwhile appears when each model finishes.</Notice>}
        </div>
      )}
      {run.status !== 'failed' && (
        <div className="pg-columns" style={{ gridTemplateColumns: `repeat(${run.columns.length}, minmax(0, 1fr))` }}>
          {run.columns.map((column, index) => (
            <OutputColumn key={column.modelId} column={column} model={models?.find((model) => model.id === column.modelId)} index={index} startedAt={run.startedAt} now={now} />
          ))}
        </div>
      )}
    </>
  );
}
