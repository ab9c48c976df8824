import { PlannedScreen } from '../../ui/planned-screen.js';

export function MonitorScreen() {
  return (
    <PlannedScreen icon="monitor" title="Monitor" step="Across the loop">
      What is running right now: experiments in flight with their throughput and errors, the local model worker, per-endpoint queues and retries, and the audit log of everything that changed.
    </PlannedScreen>
  );
}
