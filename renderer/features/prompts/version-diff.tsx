import { Suspense } from 'react';
import type { PromptVersion, PromptVersionSummary } from '../../../shared/contract/prompts.js';
import { formatDateTime } from '../../lib/format-date.js';
import { DiffView } from '../../monaco/index.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { serializeTemplate } from './serialize-template.js';
import { useVersions } from './use-version.js';

export function VersionDiff({
  from,
  to,
  summaries,
  load,
  onBack,
  onChange,
}: {
  from: number;
  to: number;
  summaries: readonly PromptVersionSummary[];
  load(number: number): Promise<PromptVersion>;
  onBack(): void;
  onChange(from: number, to: number): void;
}) {
  const { versions, error } = useVersions(load, [from, to]);
  const [original, modified] = versions ?? [];

  return (
    <div className="mode-view" data-testid="version-diff" data-from={from} data-to={to}>
      <div className="mode-bar">
        <button type="button" className="btn btn-ghost btn-sm" onClick={onBack} data-testid="back-to-editor">
          <Icon name="back" size={13} />
          Editor
        </button>
        <div className="mode-title">
          <strong>Compare</strong>
          <VersionPicker label="Left version" value={from} summaries={summaries} onChange={(n) => onChange(n, to)} />
          <span className="muted">→</span>
          <VersionPicker label="Right version" value={to} summaries={summaries} onChange={(n) => onChange(from, n)} />
        </div>
        <span className="mode-spacer" />
        <button type="button" className="btn btn-sm" onClick={() => onChange(to, from)} title="Swap sides">
          <Icon name="swap" size={13} />
          Swap
        </button>
      </div>
      <div className="diff-heads">
        <DiffHead number={from} summary={summaries.find((s) => s.number === from)} />
        <DiffHead number={to} summary={summaries.find((s) => s.number === to)} />
      </div>
      {error && <Notice tone="danger">{error}</Notice>}
      <div className="diff-body">
        {original && modified && (
          <Suspense fallback={null}>
            <DiffView original={serializeTemplate(original.template)} modified={serializeTemplate(modified.template)} />
          </Suspense>
        )}
      </div>
    </div>
  );
}

function DiffHead({ number, summary }: { number: number; summary: PromptVersionSummary | undefined }) {
  return (
    <div className="diff-head">
      <strong>v{number}</strong>
      {summary && <span className="muted">{formatDateTime(summary.createdAt)}</span>}
      {summary?.note && <span className="diff-head-note">{summary.note}</span>}
    </div>
  );
}

function VersionPicker({
  label,
  value,
  summaries,
  onChange,
}: {
  label: string;
  value: number;
  summaries: readonly PromptVersionSummary[];
  onChange(number: number): void;
}) {
  return (
    <select className="select version-picker" aria-label={label} value={value} onChange={(event) => onChange(Number(event.target.value))}>
      {summaries.map((summary) => (
        <option key={summary.number} value={summary.number}>
          v{summary.number}
          {summary.labels.length > 0 ? ` · ${summary.labels.join(', ')}` : ''}
          {summary.note ? ` — ${summary.note.slice(0, 40)}` : ''}
        </option>
      ))}
    </select>
  );
}
