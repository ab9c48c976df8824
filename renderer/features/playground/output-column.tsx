import { useEffect, useRef, useState } from 'react';
import type { FinishReason } from '../../../shared/contract/generation.js';
import type { ModelEntry } from '../../../shared/contract/models.js';
import { formatCost, formatCount, formatDuration, formatRate } from '../../ui/format.js';
import { Icon } from '../../ui/icon.js';
import type { ColumnRun } from './use-playground-run.js';

const finishLabels: Record<FinishReason, string> = {
  stop: 'stop',
  length: 'max tokens',
  'stop-sequence': 'stop sequence',
  'content-filter': 'content filter',
  cancelled: 'stopped',
  error: 'error',
  other: 'other',
};

const errorTitles: Record<string, string> = {
  AUTH: 'The provider refused the key',
  RATE_LIMITED: 'Rate limited',
  SERVER: 'The provider had a server error',
  TIMEOUT: 'Timed out',
  NETWORK: 'Could not reach the endpoint',
  BAD_RESPONSE: 'The answer made no sense',
  BAD_REQUEST: 'The request was refused',
  CANCELLED: 'Stopped',
  MODEL_LOAD: 'The model failed to load',
  WORKER_CRASHED: 'The local inference process crashed',
  OUT_OF_MEMORY: 'Out of memory',
  UNKNOWN: 'Something went wrong',
};

/**
 * One model's answer. Model output is untrusted text: it is rendered as a text node in a
 * pre-wrap block, never parsed as HTML or Markdown here.
 */
export function OutputColumn({ column, model, index, startedAt, now }: { column: ColumnRun; model: ModelEntry | undefined; index: number; startedAt: number; now: number }) {
  const { result } = column;
  const streaming = result === null;
  const state = streaming ? (column.text ? 'streaming' : 'waiting') : result.error && result.error.code !== 'CANCELLED' ? 'error' : result.finishReason === 'cancelled' ? 'cancelled' : 'done';
  const textRef = useRef<HTMLDivElement>(null);
  const [pinned, setPinned] = useState(true);

  // Follow the stream like a terminal, unless the reader scrolled up to read.
  useEffect(() => {
    const element = textRef.current;
    if (element && pinned && streaming) element.scrollTop = element.scrollHeight;
  }, [column.text, pinned, streaming]);

  const elapsed = now - startedAt;
  const liveTtft = column.firstTextAt === null ? null : column.firstTextAt - startedAt;
  return (
    <article className="output-column" data-state={state} data-testid="output-column" data-model-id={column.modelId} aria-label={`Output of ${model?.name ?? 'a removed model'}`}>
      <header className="output-head">
        <span className="output-index">{index + 1}</span>
        <Icon name={model?.kind === 'local' ? 'file' : 'globe'} size={12} className="output-kind" />
        <span className="output-name" title={model?.name}>
          {model?.name ?? 'Removed model'}
        </span>
        <span className="output-state" data-testid="output-state">
          {state === 'waiting' && 'waiting…'}
          {state === 'streaming' && 'streaming…'}
          {state === 'done' && finishLabels[result!.finishReason]}
          {state === 'cancelled' && 'stopped'}
          {state === 'error' && 'error'}
        </span>
        <CopyButton text={column.text} />
      </header>
      <div
        className="output-text-wrap"
        ref={textRef}
        onScroll={(event) => {
          const element = event.currentTarget;
          setPinned(element.scrollHeight - element.scrollTop - element.clientHeight < 24);
        }}
      >
        {result?.error && result.error.code !== 'CANCELLED' && (
          <div className="output-error" role="alert" data-testid="output-error">
            <Icon name="alert" size={14} />
            <div>
              <strong>{errorTitles[result.error.code] ?? 'Error'}.</strong> {result.error.message}
            </div>
          </div>
        )}
        <div className="output-text" data-testid="output-text">
          {column.text}
          {streaming && <span className="output-caret" aria-hidden="true" />}
        </div>
        {!streaming && !column.text && !result.error && <p className="output-empty">The model returned no text.</p>}
      </div>
      <dl className="output-stats" data-testid="output-stats">
        <Stat label="tok/s" value={result ? formatRate(result.tokensPerSecond) : '…'} testId="stat-rate" />
        <Stat label="TTFT" value={result ? formatDuration(result.timeToFirstTokenMs) : liveTtft === null ? '…' : formatDuration(liveTtft)} testId="stat-ttft" />
        <Stat label="latency" value={result ? formatDuration(result.latencyMs) : formatDuration(elapsed)} testId="stat-latency" live={streaming} />
        <Stat
          label="tokens in → out"
          value={result ? `${formatCount(result.inputTokens)} → ${formatCount(result.outputTokens)}` : '…'}
          testId="stat-tokens"
        />
        <Stat label="cost" value={result ? formatCost(result.costUsd) : '…'} testId="stat-cost" title={result?.costUsd === null ? 'No price is set for this model' : undefined} />
        <Stat label="finish" value={result ? finishLabels[result.finishReason] : '…'} testId="stat-finish" />
      </dl>
    </article>
  );
}

function Stat({ label, value, testId, live, title }: { label: string; value: string; testId: string; live?: boolean; title?: string | undefined }) {
  return (
    <div className="output-stat" data-testid={testId} data-live={live || undefined} title={title}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1200);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className="icon-btn"
      disabled={!text}
      aria-label="Copy output"
      title={copied ? 'Copied' : 'Copy output'}
      onClick={() => navigator.clipboard?.writeText(text).then(() => setCopied(true), () => undefined)}
    >
      <Icon name={copied ? 'check' : 'copy'} size={13} />
    </button>
  );
}
