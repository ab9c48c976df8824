import type { ReactNode } from 'react';
import { exportFormats, type ExportFileType, type ExportFormatInfo } from '../../../shared/contract/export.js';
import type { TaskKind } from '../../../shared/contract/labeling.js';
import { Field } from '../../ui/form-field.js';
import { formatCount } from '../../ui/format.js';
import { Notice } from '../../ui/notice.js';
import type { DraftErrors, ExportDraft } from './export-draft.js';
import type { ExportSources } from './use-export-sources.js';

type SetDraft = (update: (draft: ExportDraft) => ExportDraft) => void;

const groups: { title: string; ids: string[] }[] = [
  { title: 'Preference pairs', ids: ['trl-conversational', 'trl-standard', 'trl-implicit', 'openai-dpo', 'anthropic-hh'] },
  { title: 'Rankings', ids: ['ranking-grouped', 'ranking-pairs'] },
  { title: 'Single outputs', ids: ['kto', 'sft'] },
];

const fileTypes: { id: ExportFileType; label: string }[] = [
  { id: 'jsonl', label: 'JSONL' },
  { id: 'parquet', label: 'Parquet' },
  { id: 'csv', label: 'CSV' },
];

/** The left column: what to export, in which format, and how judgments become rows. */
export function ExportOptionsPanel({ sources, draft, setDraft, errors }: { sources: ExportSources; draft: ExportDraft; setDraft: SetDraft; errors: DraftErrors }) {
  const selectedKinds = new Set<TaskKind>((sources.taskSets ?? []).filter((set) => draft.taskSetIds.includes(set.id)).map((set) => set.kind));
  const fits = (format: ExportFormatInfo) => selectedKinds.size === 0 || format.kinds.some((kind) => selectedKinds.has(kind));
  const set = <K extends keyof ExportDraft>(key: K, value: ExportDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const usesRubric = selectedKinds.has('rubric') && (draft.format === 'kto' || draft.format === 'sft');

  return (
    <aside className="ex-options" aria-label="Export options">
      <Section title="Task sets" aside={sources.taskSets && `${draft.taskSetIds.length} of ${sources.taskSets.length}`}>
        {sources.error && <Notice tone="danger">{sources.error}</Notice>}
        {sources.taskSets?.length === 0 && <p className="ex-hint">No task sets yet. Make one on the Label screen and judge a few items first.</p>}
        <ul className="ex-sets" data-testid="export-task-sets">
          {sources.taskSets?.map((taskSet) => {
            const judgments = taskSet.humanJudgments + taskSet.llmJudgments;
            return (
              <li key={taskSet.id}>
                <label className="ex-set" data-testid="export-task-set" data-name={taskSet.name}>
                  <input
                    type="checkbox"
                    className="checkbox"
                    checked={draft.taskSetIds.includes(taskSet.id)}
                    onChange={(event) =>
                      setDraft((current) => ({
                        ...current,
                        taskSetIds: event.target.checked ? [...current.taskSetIds, taskSet.id] : current.taskSetIds.filter((id) => id !== taskSet.id),
                      }))
                    }
                  />
                  <span className="ex-set-text">
                    <span className="ex-set-name">
                      {taskSet.name}
                      <span className="ex-kind" data-kind={taskSet.kind}>
                        {taskSet.kind}
                      </span>
                    </span>
                    <span className="ex-set-meta">
                      {taskSet.experimentName} · {formatCount(judgments)} judgment{judgments === 1 ? '' : 's'}
                      {taskSet.annotators > 1 ? ` · ${taskSet.annotators} annotators` : ''}
                    </span>
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
      </Section>

      <Section title="Format">
        <div className="ex-formats" role="radiogroup" aria-label="Format">
          {groups.map((group) => (
            <div key={group.title} className="ex-format-group">
              <div className="ex-format-group-title">{group.title}</div>
              {exportFormats
                .filter((format) => group.ids.includes(format.id))
                .map((format) => (
                  <label key={format.id} className="ex-format" data-disabled={!fits(format) || undefined} data-testid={`export-format-${format.id}`} title={format.shape}>
                    <input type="radio" name="export-format" checked={draft.format === format.id} onChange={() => set('format', format.id)} />
                    <span className="ex-format-text">
                      <span className="ex-format-label">{format.label}</span>
                      <span className="ex-format-consumer">{format.consumer}</span>
                    </span>
                  </label>
                ))}
            </div>
          ))}
        </div>
        <div className="ex-row">
          <span className="form-label">File</span>
          <div className="segmented" role="group" aria-label="File type">
            {fileTypes.map((type) => (
              <button key={type.id} type="button" aria-pressed={draft.fileType === type.id} onClick={() => set('fileType', type.id)} data-testid={`file-type-${type.id}`}>
                {type.label}
              </button>
            ))}
          </div>
        </div>
      </Section>

      <Section title="Annotators">
        <div className="ex-row">
          <span className="form-label">Several on an item</span>
          <select className="select" value={draft.resolve} onChange={(event) => set('resolve', event.target.value as ExportDraft['resolve'])} data-testid="export-resolve" aria-label="Several annotators on one item">
            <option value="majority">Majority</option>
            <option value="unanimous">Unanimous only</option>
            <option value="per-annotator">One row per annotator</option>
          </select>
        </div>
        <div className="ex-fields">
          <Field label="Minimum agreement, %" error={errors.minAgreement}>
            {(id) => <input id={id} className="input" inputMode="decimal" placeholder="0" value={draft.minAgreement} onChange={(event) => set('minAgreement', event.target.value)} data-testid="export-min-agreement" />}
          </Field>
          <Field label="Minimum strength">
            {(id) => (
              <select id={id} className="select" value={draft.minStrength} onChange={(event) => set('minStrength', event.target.value as ExportDraft['minStrength'])}>
                <option value="any">Any</option>
                <option value="slight">Slight or more</option>
                <option value="much">Much better only</option>
              </select>
            )}
          </Field>
        </div>
        <Check checked={draft.includeLlm} onChange={(value) => set('includeLlm', value)} testId="export-include-llm">
          Count LLM-judge verdicts as votes
        </Check>
      </Section>

      <Section title="Rows">
        <Check checked={draft.dropTies} onChange={(value) => set('dropTies', value)}>
          Drop ties
        </Check>
        <Check checked={draft.dropBothBad} onChange={(value) => set('dropBothBad', value)} hint="Both-bad never becomes a pair; kept, it makes undesirable KTO rows.">
          Drop both-bad
        </Check>
        <Check checked={draft.dedupe} onChange={(value) => set('dedupe', value)}>
          Remove duplicates and pairs of identical outputs
        </Check>
        <Check checked={draft.metadata} onChange={(value) => set('metadata', value)} hint="Ids, models, prompt versions, annotators, agreement and strength beside the training fields." testId="export-metadata">
          Metadata columns
        </Check>
        {usesRubric && (
          <Field label="Rubric threshold (0–1)" hint="Scores above are desirable, below undesirable." error={errors.rubricThreshold}>
            {(id) => <input id={id} className="input" inputMode="decimal" value={draft.rubricThreshold} onChange={(event) => set('rubricThreshold', event.target.value)} />}
          </Field>
        )}
      </Section>

      <Section title="Train / test split">
        <div className="ex-fields">
          <Field label="Test share of prompts, %" error={errors.testPercent}>
            {(id) => <input id={id} className="input" inputMode="decimal" placeholder="0 (train only)" value={draft.testPercent} onChange={(event) => set('testPercent', event.target.value)} data-testid="export-test-percent" />}
          </Field>
          <Field label="Seed" error={errors.splitSeed}>
            {(id) => <input id={id} className="input" inputMode="numeric" value={draft.splitSeed} onChange={(event) => set('splitSeed', event.target.value)} />}
          </Field>
        </div>
        <p className="ex-hint">A prompt is never in both splits: every row of one dataset row goes to the same side.</p>
      </Section>

      <Section title="Privacy">
        <div className="ex-checks-inline">
          {(['emails', 'phones', 'cards', 'ips'] as const).map((kind) => (
            <Check key={kind} checked={draft.mask[kind]} onChange={(value) => setDraft((current) => ({ ...current, mask: { ...current.mask, [kind]: value } }))} testId={`export-mask-${kind}`}>
              {{ emails: 'Emails', phones: 'Phone numbers', cards: 'Card numbers', ips: 'IP addresses' }[kind]}
            </Check>
          ))}
        </div>
        <Field label="Your own patterns, one a line" hint="Matches become [REDACTED] in every text field.">
          {(id) => <textarea id={id} className="textarea ex-patterns" rows={2} spellCheck={false} placeholder="e.g. ACME-[0-9]{6}" value={draft.patterns} onChange={(event) => set('patterns', event.target.value)} data-testid="export-patterns" />}
        </Field>
        <p className="ex-hint">API keys, your local model paths and your home folder are always removed.</p>
      </Section>
    </aside>
  );
}

function Section({ title, aside, children }: { title: string; aside?: ReactNode; children: ReactNode }) {
  return (
    <section className="ex-section">
      <header className="ex-section-head">
        <h3 className="section-title">{title}</h3>
        {aside && <span className="ex-count">{aside}</span>}
      </header>
      {children}
    </section>
  );
}

function Check({ checked, onChange, hint, testId, children }: { checked: boolean; onChange: (value: boolean) => void; hint?: string; testId?: string; children: ReactNode }) {
  return (
    <label className="ex-check" title={hint}>
      <input type="checkbox" className="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} data-testid={testId} />
      <span>{children}</span>
    </label>
  );
}
