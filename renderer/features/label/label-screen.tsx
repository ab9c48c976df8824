import { PlannedScreen } from '../../ui/planned-screen.js';

export function LabelScreen() {
  return (
    <PlannedScreen icon="label" title="Label" step="Step 6 of the loop">
      A keyboard-first queue of blind tasks: pairwise (A / B / tie / both bad), K-way ranking, rubric scores, tags and a rationale. Sides are randomized and model names stay hidden until after the vote.
    </PlannedScreen>
  );
}
