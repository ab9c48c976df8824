import { useState } from 'react';
import type { GenerationRecord } from '../../../shared/contract/experiments.js';
import type { DatasetRow } from '../../../shared/contract/datasets.js';
import { formatDateTime } from '../../lib/format-date.js';
import { displayValue } from '../datasets/cell-value.js';
import { formatCost, formatCount, formatDuration, formatRate } from '../../ui/format.js';
import { Icon } from '../../ui/icon.js';
import type { GridColumn } from './grid-columns.js';
import { errorWord } from './result-cell.js';

/** One cell in full: the row it was filled with, then every sample's output, numbers, parameters and rendered messages. */
export function CellDetail({
  column,
  rowIndex,
  row,
  samples,
  expected,
  onClose,
}: {
  column: GridColumn;
  rowIndex: number;
  row: DatasetRow | undefined;
  samples: readonly GenerationRecord[];
  expected: number;
  onClose(): void;
}) {
  return (
    <aside
      className="ex-detail"
      aria-label="Cell detail"
      data-testid="cell-detail"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <header className="ex-detail-head">
        <div className="ex-detail-title">
          <span className="ex-detail-column" title={`${column.promptLabel} × ${column.modelName}`}>
            {column.promptLabel} <span className="muted">×</span> {column.modelName}
          </span>
          <span className="muted">Row {formatCount(rowIndex + 1)}</span>
        </div>
        <button type="button" className="icon-btn" onClick={onClose} aria-label="Close" title="Close (Esc)" data-testid="close-detail">
          <Icon name="close" size={14} />
        </button>
      </header>
      <div className="ex-detail-scroll">
        {row && (
          <section className="ex-detail-section">
            <h4 className="section-title">Row</h4>
            <dl className="ex-detail-vars">
              {Object.entries(row.variables).map(([name, value]) => (
                <div key={name}>
                  <dt>{name}</dt>
                  <dd>{displayValue(value)}</dd>
                </div>
              ))}
              {row.reference !== null && (
                <div>
                  <dt>reference</dt>
                  <dd>{row.reference}</dd>
                </div>
              )}
              {row.context !== null && (
                <div>
                  <dt>context</dt>
                  <dd className="ex-detail-context">{row.context}</dd>
                </div>
              )}
            </dl>
          </section>
        )}
        {samples.length === 0 && <p className="ex-hint ex-detail-section">No result yet.</p>}
        {samples.map((sample) => (
          <SampleDetail key={sample.sampleIndex} sample={sample} showIndex={expected > 1} />
        ))}
        {expected > 1 && samples.length < expected && (
          <p className="ex-hint ex-detail-section">
            {expected - samples.length} of {expected} samples have no result yet.
          </p>
        )}
      </div>
    </aside>
  );
}

function SampleDetail({ sample, showIndex }: { sample: GenerationRecord; showIndex: boolean }) {
  const [copied, setCopied] = useState(false);
  const rate = sample.timeToFirstTokenMs !== null && sample.latencyMs > sample.timeToFirstTokenMs ? (sample.outputTokens / (sample.latencyMs - sample.timeToFirstTokenMs)) * 1000 : null;
  const copy = () => {
    void navigator.clipboard?.writeText(sample.output).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1200);
    });
  };
  return (
    <section className="ex-detail-section" data-testid="sample-detail">
      <div className="ex-detail-sample-head">
        <h4 className="section-title">{showIndex ? `Sample ${sample.sampleIndex + 1}` : 'Output'}</h4>
        {sample.cached && (
          <span className="ex-tag" data-tone="accent">
            cached
          </span>
        )}
        <span className="ex-spacer" />
        {!sample.error && (
          <button type="button" className="btn btn-ghost btn-sm" onClick={copy} title="Copy the output">
            <Icon name={copied ? 'check' : 'copy'} size={12} />
            {copied ? 'Copied' : 'Copy'}
          </button>
        )}
      </div>
      {sample.error ? (
        <div className="ex-detail-error" role="status">
          <strong>{errorWord(sample.error.code)}</strong> {sample.error.message}
        </div>
      ) : (
        <pre className="ex-detail-output" data-testid="detail-output">
          {sample.output === '' ? '(empty output)' : sample.output}
        </pre>
      )}
      <dl className="ex-detail-facts">
        <Fact name="Tokens" value={`${formatCount(sample.inputTokens)} in · ${formatCount(sample.outputTokens)} out`} />
        <Fact name="Latency" value={formatDuration(sample.latencyMs)} />
        <Fact name="First token" value={formatDuration(sample.timeToFirstTokenMs)} />
        <Fact name="Speed" value={rate === null ? '—' : `${formatRate(rate)} tok/s`} />
        <Fact name="Cost" value={formatCost(sample.costUsd)} />
        <Fact name="Finish" value={finishWords[sample.finishReason] ?? sample.finishReason} />
        <Fact name="Attempts" value={String(sample.attempts)} />
        <Fact name="Seed" value={String(sample.seed)} />
        <Fact name="Stored" value={formatDateTime(sample.createdAt)} />
      </dl>
      <details className="ex-detail-more">
        <summary>Parameters</summary>
        <pre className="ex-detail-json">{JSON.stringify(sample.params, null, 2)}</pre>
      </details>
      <details className="ex-detail-more">
        <summary>Rendered messages ({sample.messages.length})</summary>
        {sample.messages.map((message, index) => (
          <div key={index} className="ex-detail-message" data-role={message.role}>
            <span className="ex-detail-role">{message.role}</span>
            <pre>{message.content}</pre>
          </div>
        ))}
      </details>
    </section>
  );
}

function Fact({ name, value }: { name: string; value: string }) {
  return (
    <div>
      <dt>{name}</dt>
      <dd>{value}</dd>
    </div>
  );
}

const finishWords: Record<string, string> = {
  stop: 'Stopped on its own',
  length: 'Max tokens reached',
  'stop-sequence': 'Stop sequence',
  'content-filter': 'Content filter',
  cancelled: 'Cancelled',
  error: 'Error',
  other: 'Other',
};
