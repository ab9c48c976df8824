import { useRef, useState } from 'react';
import type { TaskKind, TaskSetSummary } from '../../../shared/contract/labeling.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';
import { Field } from '../../ui/form-field.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { useModShortcut } from '../../ui/use-mod-shortcut.js';
import { RubricEditor } from './rubric-editor.js';
import { TagEditor } from './tag-editor.js';
import { kindWords } from './task-kind.js';
import { checkTaskSetDraft, emptyTaskSetDraft, type TaskSetDraft } from './task-set-draft.js';
import { TaskSetPreviewPanel } from './task-set-preview.js';
import { useExperiments } from './use-experiments.js';
import { useTaskSetPreview } from './use-task-set-preview.js';

type SetDraft = (update: (current: TaskSetDraft) => TaskSetDraft) => void;

const kinds: TaskKind[] = ['pairwise', 'ranking', 'rubric'];

const samplingWords: Record<TaskKind, { all: string; sample: string; unit: string }> = {
  pairwise: { all: 'Every pair of variants on every row', sample: 'A random sample of', unit: 'pairs' },
  ranking: { all: 'Every row (all variants ranked together)', sample: 'A random sample of', unit: 'rows' },
  rubric: { all: 'Every output of every variant', sample: 'A random sample of', unit: 'outputs' },
};

/** A new task set from an experiment's stored generations, with a live preview of what it will hold. */
export function TaskSetForm({ draft, setDraft, onCreated }: { draft: TaskSetDraft; setDraft: SetDraft; onCreated(summary: TaskSetSummary): void }) {
  const api = useApi();
  const rootRef = useRef<HTMLDivElement>(null);
  const experiments = useExperiments();
  const [busy, setBusy] = useState(false);
  const [createError, setCreateError] = useState<string>();

  const experiment = experiments.experiments?.find((candidate) => candidate.id === draft.experimentId);
  const fallbackName = experiment ? `${experiment.name} · ${kindWords[draft.kind].short}` : 'Name this task set';
  const check = checkTaskSetDraft(draft, fallbackName);
  const preview = useTaskSetPreview(check.config);
  // Every variant of the experiment, whatever is ticked: the list to tick from.
  const catalog = useTaskSetPreview(draft.experimentId ? { name: 'catalog', experimentId: draft.experimentId, kind: 'pairwise' } : null);
  const variants = catalog.preview?.variants ?? [];

  const set = <K extends keyof TaskSetDraft>(key: K, value: TaskSetDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const included = (key: string) => draft.variantKeys === null || draft.variantKeys.includes(key);
  const toggleVariant = (key: string) => {
    const current = draft.variantKeys ?? variants.map((variant) => variant.key);
    const next = current.includes(key) ? current.filter((entry) => entry !== key) : [...current, key];
    set('variantKeys', next.length === variants.length && variants.every((variant) => next.includes(variant.key)) ? null : next);
  };

  const ready = check.config !== null && preview.preview !== undefined && !preview.pending && preview.preview.problems.length === 0 && !preview.error;
  const create = async () => {
    if (!check.config || !ready || busy) return;
    setBusy(true);
    setCreateError(undefined);
    try {
      const summary = await api.labeling.createTaskSet(check.config);
      // The settings stay for the next set (e.g. the same experiment as a rubric); the name does not.
      setDraft((current) => ({ ...current, name: '' }));
      onCreated(summary);
    } catch (reason) {
      setCreateError(describeError(reason));
    } finally {
      setBusy(false);
    }
  };
  useModShortcut(rootRef, 'Enter', () => void create());
  const words = samplingWords[draft.kind];

  return (
    <div className="lb-form" ref={rootRef} data-testid="task-set-form">
      <header className="lb-form-head">
        <Icon name="label" size={16} className="lb-form-icon" />
        <input
          className="lb-name-input"
          value={draft.name}
          placeholder={fallbackName}
          aria-label="Task set name"
          spellCheck={false}
          maxLength={200}
          onChange={(event) => set('name', event.target.value)}
          data-testid="task-set-name"
        />
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => setDraft(() => emptyTaskSetDraft)} title="Start over with the defaults">
          Clear
        </button>
      </header>
      <div className="lb-form-body">
        <div className="lb-form-scroll">
          <section className="lb-section">
            <h3 className="section-title">What to judge</h3>
            <div className="lb-form-row">
              <Field label="Experiment" error={experiments.error} hint={experiment ? `${experiment.progress.succeeded.toLocaleString()} outputs stored` : 'Its stored outputs become the items.'}>
                {(id) => (
                  <select
                    id={id}
                    className="select"
                    value={draft.experimentId}
                    onChange={(event) => setDraft((current) => ({ ...current, experimentId: event.target.value, variantKeys: null }))}
                    data-testid="task-set-experiment"
                  >
                    <option value="">Pick an experiment…</option>
                    {experiments.experiments?.map((candidate) => (
                      <option key={candidate.id} value={candidate.id} disabled={candidate.progress.succeeded === 0}>
                        {candidate.name}
                        {candidate.state === 'completed' ? '' : ` (${candidate.state})`}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <div className="form-field">
                <span className="form-label" id="task-kind-label">
                  Kind
                </span>
                <div className="segmented lb-kind-switch" role="radiogroup" aria-labelledby="task-kind-label">
                  {kinds.map((kind) => (
                    <button key={kind} type="button" role="radio" aria-checked={draft.kind === kind} aria-pressed={draft.kind === kind} onClick={() => set('kind', kind)} data-testid={`kind-${kind}`}>
                      {kindWords[kind].name}
                    </button>
                  ))}
                </div>
                <span className="form-hint">{kindWords[draft.kind].hint}</span>
              </div>
            </div>
          </section>

          <section className="lb-section">
            <div className="lb-section-head">
              <h3 className="section-title">Variants</h3>
              <span className="lb-count">
                {variants.length > 0 ? `${variants.filter((variant) => included(variant.key)).length} of ${variants.length} included` : ''}
              </span>
            </div>
            {!draft.experimentId ? (
              <p className="lb-hint">Pick an experiment to see its variants (each model × prompt version).</p>
            ) : catalog.error ? (
              <Notice tone="danger">{catalog.error}</Notice>
            ) : (
              <ul className="lb-variant-list" data-testid="variant-list" aria-busy={catalog.pending}>
                {variants.map((variant) => (
                  <li key={variant.key}>
                    <label className="check-row">
                      <input type="checkbox" className="checkbox" checked={included(variant.key)} onChange={() => toggleVariant(variant.key)} data-testid="variant-option" data-label={variant.label} />
                      <span className="lb-variant-model">{variant.modelName}</span>
                      <span className="lb-variant-prompt">
                        {variant.promptName} v{variant.promptVersionNumber}
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            )}
            {check.errors.variants && <p className="form-error">{check.errors.variants}</p>}
          </section>

          <section className="lb-section">
            <h3 className="section-title">Items and annotators</h3>
            <div className="lb-sampling" role="radiogroup" aria-label="Sampling">
              <label className="check-row">
                <input type="radio" name="sampling" checked={draft.sampling === 'all'} onChange={() => set('sampling', 'all')} data-testid="sampling-all" />
                {words.all}
              </label>
              <label className="check-row">
                <input type="radio" name="sampling" checked={draft.sampling === 'sample'} onChange={() => set('sampling', 'sample')} data-testid="sampling-sample" />
                {words.sample}
                <input
                  className="input input-number lb-sample-size"
                  inputMode="numeric"
                  value={draft.sampleSize}
                  aria-label="Sample size"
                  aria-invalid={check.errors.sampleSize ? true : undefined}
                  onFocus={() => set('sampling', 'sample')}
                  onChange={(event) => set('sampleSize', event.target.value)}
                  data-testid="sample-size"
                />
                {words.unit}
              </label>
              {check.errors.sampleSize && <p className="form-error">{check.errors.sampleSize}</p>}
            </div>
            <div className="lb-settings-grid">
              <Field label="Annotators per item" error={check.errors.overlap} hint="Overlap: how many people judge each item (2+ measures agreement).">
                {(id) => <input id={id} className="input input-number" inputMode="numeric" value={draft.overlap} onChange={(event) => set('overlap', event.target.value)} data-testid="task-set-overlap" />}
              </Field>
              <Field label="Seed" error={check.errors.seed} hint="Fixes the item order, the sample and each annotator’s left/right order.">
                {(id) => <input id={id} className="input input-number" inputMode="numeric" value={draft.seed} onChange={(event) => set('seed', event.target.value)} data-testid="task-set-seed" />}
              </Field>
              <div className="form-field">
                <span className="form-label">Blind</span>
                <label className="check-row">
                  <input type="checkbox" className="checkbox" checked={draft.blind} onChange={(event) => set('blind', event.target.checked)} data-testid="task-set-blind" />
                  Hide model and prompt names until the vote
                </label>
              </div>
            </div>
          </section>

          {draft.kind === 'rubric' && (
            <section className="lb-section">
              <div className="lb-section-head">
                <h3 className="section-title">Rubric</h3>
                <span className="lb-count">{draft.rubric.length} criteria · number keys score the focused one</span>
              </div>
              <RubricEditor rubric={draft.rubric} error={check.errors.rubric} onChange={(rubric) => set('rubric', rubric)} />
            </section>
          )}

          <section className="lb-section">
            <div className="lb-section-head">
              <h3 className="section-title">Tags</h3>
              <span className="lb-count">optional · annotators toggle them by click or Alt+number</span>
            </div>
            <TagEditor tags={draft.tags} onChange={(tags) => set('tags', tags)} />
          </section>

          <section className="lb-section">
            <div className="lb-section-head">
              <h3 className="section-title">Instructions for annotators</h3>
              <span className="lb-count">shown open on their first item</span>
            </div>
            <textarea
              className="textarea lb-instructions-input"
              rows={5}
              value={draft.instructions}
              maxLength={20_000}
              placeholder={'What makes an answer better here? e.g.\n- Correctness first, then completeness, then concision.\n- Mark “both bad” when neither answers the question.'}
              aria-label="Instructions for annotators"
              onChange={(event) => set('instructions', event.target.value)}
              data-testid="task-set-instructions"
            />
          </section>
        </div>
        <TaskSetPreviewPanel
          preview={preview}
          missing={check.missing}
          overlap={check.config?.overlap ?? (Number(draft.overlap) || 1)}
          kind={draft.kind}
          ready={ready}
          busy={busy}
          createError={createError}
          onCreate={() => void create()}
        />
      </div>
    </div>
  );
}
