import { PlannedScreen } from '../../ui/planned-screen.js';

export function LeaderboardScreen() {
  return (
    <PlannedScreen icon="leaderboard" title="Leaderboard" step="Step 7 of the loop">
      Win rates and a Bradley-Terry ranking with bootstrap confidence intervals, annotator agreement (Cohen’s kappa, Krippendorff’s alpha), and LLM-as-judge verdicts in both orders with their flip rate.
    </PlannedScreen>
  );
}
