import { memo } from 'react';
import type { CompareColumn, CompareGeneration } from '../../../shared/contract/compare.js';
import { formatCost, formatCount, formatDuration } from '../../ui/format.js';
import { SafeMarkdown } from '../../ui/safe-markdown.js';
import { errorWord } from '../experiments/result-cell.js';
import { modelLabel, promptLabel } from './column-label.js';
import { DiffText, type DiffParts } from './word-diff.js';

export type ColumnDiff = { side: 'a' | 'b'; parts: DiffParts } | { side: 'a' | 'b'; parts: null };

/**
 * One column: which prompt version × model, the chosen sample's output (Markdown rendered safely,
 * raw text, or one side of a word diff), and its numbers underneath. Head, body and numbers sit on
 * the grid's three rows (subgrid), so the columns' numbers line up however long the outputs are.
 */
export const OutputColumn = memo(function OutputColumn({
  column,
  number,
  samples,
  expectedSamples,
  sampleIndex,
  onSample,
  raw,
  diff,
  running,
}: {
  column: CompareColumn;
  /** Its key (1–9), or null past nine. */
  number: number | null;
  /** This row's generations in this column, by sample. */
  samples: readonly CompareGeneration[];
  expectedSamples: number;
  sampleIndex: number;
  onSample(key: string, index: number): void;
  raw: boolean;
  diff: ColumnDiff | null;
  running: boolean;
}) {
  const generation = samples.find((sample) => sample.sampleIndex === sampleIndex);
  const failed = samples.filter((sample) => sample.error !== null).length;
  return (
    <section className="cmp-col" data-testid="output-column" data-column-key={column.key} data-diff-side={diff?.side} aria-label={`${promptLabel(column)} × ${modelLabel(column)}`}>
      <header className="cmp-col-head">
        <div className="cmp-col-title">
          {number !== null && (
            <span className="kbd" title={`Press ${number} to hide this column`}>
              {number}
            </span>
          )}
          <span className="cmp-col-model" title={modelLabel(column)} data-testid="column-model">
            {modelLabel(column)}
          </span>
          {diff && (
            <span className="cmp-diff-tag" data-side={diff.side} title={diff.side === 'a' ? 'Diff: words only this column has are struck through' : 'Diff: words only this column has are marked'}>
              {diff.side === 'a' ? 'A' : 'B'}
            </span>
          )}
        </div>
        <div className="cmp-col-sub">
          <span className="cmp-col-prompt" title={promptLabel(column)}>
            {promptLabel(column)}
          </span>
          {failed > 0 && (
            <span className="cmp-badge" data-tone="danger" title={`${failed} of ${samples.length} samples failed`}>
              failed
            </span>
          )}
          {expectedSamples > 1 && (
            <span className="cmp-samples" role="group" aria-label="Sample">
              {Array.from({ length: expectedSamples }, (_, index) => {
                const sample = samples.find((entry) => entry.sampleIndex === index);
                return (
                  <button
                    key={index}
                    type="button"
                    aria-pressed={index === sampleIndex}
                    data-state={!sample ? 'missing' : sample.error ? 'failed' : undefined}
                    title={`Sample ${index + 1}${!sample ? ': no result' : sample.error ? ': failed' : ''}`}
                    onClick={() => onSample(column.key, index)}
                  >
                    {index + 1}
                  </button>
                );
              })}
            </span>
          )}
        </div>
      </header>
      <div className="cmp-col-body" data-testid="output-body">
        <Output generation={generation} raw={raw} diff={diff} running={running} />
      </div>
      <footer className="cmp-col-facts" data-testid="output-facts">
        {generation && <Facts generation={generation} />}
      </footer>
    </section>
  );
});

function Output({ generation, raw, diff, running }: { generation: CompareGeneration | undefined; raw: boolean; diff: ColumnDiff | null; running: boolean }) {
  if (!generation) return <p className="cmp-placeholder">{running ? 'Waiting for this result…' : 'No result for this row.'}</p>;
  return (
    <>
      {generation.error && (
        <div className="cmp-error" role="status" data-testid="output-error">
          <strong>{errorWord(generation.error.code)}</strong> {generation.error.message}
        </div>
      )}
      {diff && diff.parts ? (
        <DiffText parts={diff.parts} side={diff.side} />
      ) : generation.output === '' ? (
        !generation.error && <p className="cmp-placeholder">(empty output)</p>
      ) : (
        <SafeMarkdown text={generation.output} plain={raw} className="cmp-output" />
      )}
    </>
  );
}

function Facts({ generation }: { generation: CompareGeneration }) {
  // A failed generation has no tokens or cost worth reading: how long it took and how often it was tried.
  if (generation.error) {
    return (
      <>
        <Fact name="latency" value={formatDuration(generation.latencyMs)} />
        <Fact name="attempts" value={String(generation.attempts)} />
      </>
    );
  }
  return (
    <>
      <Fact name="out" value={`${formatCount(generation.outputTokens)} tok`} title={`${formatCount(generation.outputTokens)} output tokens`} />
      <Fact name="in" value={formatCount(generation.inputTokens)} title={`${formatCount(generation.inputTokens)} input tokens`} />
      <Fact name="cost" value={formatCost(generation.costUsd)} />
      <Fact name="latency" value={formatDuration(generation.latencyMs)} />
      <Fact name="TTFT" value={formatDuration(generation.timeToFirstTokenMs)} title="Time to first token" />
      <Fact name="finish" value={finishWords[generation.finishReason] ?? generation.finishReason} tone={generation.finishReason === 'length' ? 'warning' : undefined} />
      {generation.cached && (
        <span className="cmp-badge" data-tone="accent" title="Reused from an earlier identical request">
          cached
        </span>
      )}
      {generation.attempts > 1 && (
        <span className="cmp-badge" title={`${generation.attempts} attempts`}>
          {generation.attempts} attempts
        </span>
      )}
    </>
  );
}

function Fact({ name, value, title, tone }: { name: string; value: string; title?: string; tone?: 'warning' }) {
  return (
    <span className="cmp-fact" title={title} data-tone={tone}>
      <span className="cmp-fact-name">{name}</span> {value}
    </span>
  );
}

const finishWords: Record<string, string> = {
  stop: 'stop',
  length: 'max tokens',
  'stop-sequence': 'stop sequence',
  'content-filter': 'content filter',
  cancelled: 'cancelled',
  error: 'error',
  other: 'other',
};
