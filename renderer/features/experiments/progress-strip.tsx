import type { ExperimentBudget, ExperimentProgress } from '../../../shared/contract/experiments.js';
import { formatCost, formatCount, formatDuration, formatRate } from '../../ui/format.js';
import { doneCount, ProgressBar } from './experiment-state.js';

/** Progress as a promptfoo user reads it: done of total, outcomes, ETA, throughput and spend against the budget. */
export function ProgressStrip({ progress, budget }: { progress: ExperimentProgress; budget: ExperimentBudget }) {
  const done = doneCount(progress);
  const percent = progress.total === 0 ? 0 : Math.floor((done / progress.total) * 100);
  const running = progress.state === 'running';
  const tokens = progress.inputTokens + progress.outputTokens;
  return (
    <div className="ex-progress" data-testid="progress-strip" data-state={progress.state}>
      <ProgressBar progress={progress} testId="progress-bar" />
      <div className="ex-progress-facts">
        <span className="ex-fact ex-fact-main" data-testid="progress-done">
          <strong>{formatCount(done)}</strong> of {formatCount(progress.total)} <span className="muted">· {percent}%</span>
        </span>
        <span className="ex-fact" data-tone="ok" data-testid="progress-succeeded" title="Generations that produced an output">
          <span className="ex-swatch" />
          {formatCount(progress.succeeded)} succeeded
        </span>
        <span className="ex-fact" data-tone={progress.failed > 0 ? 'failed' : undefined} data-testid="progress-failed" title="Generations that failed after their retries">
          <span className="ex-swatch" />
          {formatCount(progress.failed)} failed
        </span>
        <span className="ex-fact" data-testid="progress-cached" title="Reused from an earlier identical request (same model, parameters, messages, seed and sample)">
          {formatCount(progress.cached)} cached
        </span>
        {running && (
          <span className="ex-fact" data-testid="progress-in-flight">
            {formatCount(progress.inFlight)} in flight
          </span>
        )}
        <span className="ex-spacer" />
        {running && (
          <span className="ex-fact" data-testid="progress-eta" title="Estimated time left, from the recent pace">
            <span className="muted">ETA</span> {progress.etaSeconds === null ? '…' : formatDuration(progress.etaSeconds * 1000)}
          </span>
        )}
        {running && (
          <span className="ex-fact" data-testid="progress-rate" title="Output tokens per second, recently">
            {formatRate(progress.tokensPerSecond)} <span className="muted">tok/s</span>
          </span>
        )}
        <span className="ex-fact" data-testid="progress-tokens" title={`${formatCount(progress.inputTokens)} in · ${formatCount(progress.outputTokens)} out (cached results not counted)`}>
          {formatCount(tokens)}
          {budget.maxTokens !== null && <span className="muted"> / {formatCount(budget.maxTokens)}</span>} <span className="muted">tokens</span>
        </span>
        <span className="ex-fact" data-testid="progress-spend" title="Spend so far (cached results cost nothing)">
          {formatCost(progress.costUsd)}
          {budget.maxCostUsd !== null && <span className="muted"> / {formatCost(budget.maxCostUsd)}</span>} <span className="muted">spent</span>
        </span>
      </div>
    </div>
  );
}
