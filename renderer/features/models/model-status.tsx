import type { ModelEntry } from '../../../shared/contract/models.js';
import type { ConnectionTest } from './use-connection-tests.js';

const stateLabels = { idle: 'Idle', loading: 'Loading…', loaded: 'Loaded', error: 'Error' } as const;

/** A local model's load state in a word; remote endpoints show their last connection test instead. */
export function ModelStatus({ model, test }: { model: ModelEntry; test: ConnectionTest | undefined }) {
  if (model.kind === 'local' || model.status.state !== 'idle') {
    const { state, message } = model.status;
    return (
      <span className="status-pill" data-state={state} data-testid="model-status" title={message ?? undefined}>
        <span className="status-dot" aria-hidden="true" />
        {stateLabels[state]}
      </span>
    );
  }
  if (test?.state === 'running') {
    return (
      <span className="status-pill" data-state="loading" data-testid="model-status">
        <span className="status-dot" aria-hidden="true" />
        Testing…
      </span>
    );
  }
  if (test?.state === 'done') {
    return (
      <span className="status-pill" data-state={test.result.ok ? 'loaded' : 'error'} data-testid="model-status" title={test.result.message}>
        <span className="status-dot" aria-hidden="true" />
        {test.result.ok ? `${test.result.latencyMs ?? '?'} ms` : 'Failed'}
      </span>
    );
  }
  return (
    <span className="status-pill" data-state="remote" data-testid="model-status">
      <span className="status-dot" aria-hidden="true" />
      Remote
    </span>
  );
}
