import { useState } from 'react';
import type { ExperimentBudget, ExperimentProgress } from '../../../shared/contract/experiments.js';
import { checkInteger, parseOptionalNumber } from '../../ui/form-field.js';
import { formatCount } from '../../ui/format.js';
import { Notice } from '../../ui/notice.js';
import { doneCount } from './experiment-state.js';

export function hasStateNotice(progress: ExperimentProgress): boolean {
  return progress.state === 'paused' || progress.state === 'interrupted' || progress.state === 'cancelled' || (progress.state === 'completed' && progress.failed > 0);
}

/** Why the run is not going (paused at the budget, cancelled, interrupted), in words, with what to do next. */
export function StateNotice({
  progress,
  budget,
  busy,
  onResume,
}: {
  progress: ExperimentProgress;
  budget: ExperimentBudget;
  busy: boolean;
  onResume(budget?: ExperimentBudget): void;
}) {
  const missing = progress.total - doneCount(progress);
  switch (progress.state) {
    case 'paused':
      // The backend's message says which limit and what was spent.
      return (
        <Notice tone="warning" testId="state-notice">
          {progress.message ?? <strong>Paused at the budget.</strong>} {formatCount(missing)} generations have no result yet.
          <BudgetRaise budget={budget} busy={busy} onResume={onResume} />
        </Notice>
      );
    case 'interrupted':
      return (
        <Notice tone="warning" testId="state-notice">
          <strong>Interrupted.</strong> {progress.message ?? 'The run stopped before it finished; everything that completed is stored.'}{' '}
          {formatCount(missing)} generations have no result yet.
        </Notice>
      );
    case 'cancelled':
      return (
        <Notice testId="state-notice">
          <strong>Cancelled.</strong> {formatCount(doneCount(progress))} of {formatCount(progress.total)} generations have a result; Resume runs the{' '}
          {formatCount(missing)} others.
        </Notice>
      );
    case 'completed':
      return progress.failed > 0 ? (
        <Notice tone="warning" testId="state-notice">
          <strong>{formatCount(progress.failed)} generations failed</strong> after their retries; the failed cells say why. Retry failed runs them again.
        </Notice>
      ) : null;
    default:
      return null;
  }
}

/** Raise (or lift) the budget and resume in one step. */
function BudgetRaise({ budget, busy, onResume }: { budget: ExperimentBudget; busy: boolean; onResume(budget?: ExperimentBudget): void }) {
  const [cost, setCost] = useState(budget.maxCostUsd === null ? '' : String(budget.maxCostUsd));
  const [tokens, setTokens] = useState(budget.maxTokens === null ? '' : String(budget.maxTokens));
  const costValue = parseOptionalNumber(cost);
  const costError = costValue !== undefined && !(costValue > 0) ? 'Max spend is a positive number.' : undefined;
  const tokensError = checkInteger(tokens, 'Max tokens', 1, Number.MAX_SAFE_INTEGER);
  const error = costError ?? tokensError;
  return (
    <form
      className="ex-budget-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (error || busy) return;
        onResume({ maxCostUsd: costValue ?? null, maxTokens: tokens.trim() ? Number(tokens) : null });
      }}
    >
      <label>
        Max spend, $
        <input className="input input-number" value={cost} placeholder="no limit" onChange={(event) => setCost(event.target.value)} data-testid="budget-cost" />
      </label>
      <label>
        Max tokens
        <input className="input input-number" value={tokens} placeholder="no limit" onChange={(event) => setTokens(event.target.value)} data-testid="budget-tokens" />
      </label>
      <button type="submit" className="btn btn-sm" disabled={Boolean(error) || busy} data-testid="raise-budget">
        Raise and resume
      </button>
      {error && <span className="form-error">{error}</span>}
    </form>
  );
}
