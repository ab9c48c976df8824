import { PlannedScreen } from '../../ui/planned-screen.js';

export function CompareScreen() {
  return (
    <PlannedScreen icon="compare" title="Compare" step="Step 5 of the loop">
      The outputs for one dataset row side by side, with diff highlighting and safely rendered Markdown.
    </PlannedScreen>
  );
}
