import { PlannedScreen } from '../../ui/planned-screen.js';

export function ExperimentsScreen() {
  return (
    <PlannedScreen icon="experiments" title="Experiments" step="Step 4 of the loop">
      Prompt versions × models × dataset rows × samples, with sampling parameters and a seed. Results stream in with progress, tokens, latency, time to first token and cost; runs can be cancelled and resumed.
    </PlannedScreen>
  );
}
