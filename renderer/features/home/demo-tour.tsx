import { routeHref } from '../../app/router.js';
import { Icon, type IconName } from '../../ui/icon.js';
import type { WorkspaceOverview } from './use-workspace-overview.js';

interface Stop {
  screen: string;
  /** Straight to the demo's own experiment, task set, prompt… when the workspace has one. */
  params?: (newest: WorkspaceOverview['newest']) => (string | undefined)[];
  icon: IconName;
  title: string;
  text: (overview: WorkspaceOverview) => string;
}

/** What to look at in the demo workspace, in the order of the loop. */
const stops: readonly Stop[] = [
  {
    screen: 'experiments',
    params: (n) => [n.experimentId],
    icon: 'experiments',
    title: 'Experiments',
    text: () =>
      '“Quiz: careful vs terse vs sloppy” has run 2 prompt versions × 3 models × 12 questions, every answer with its latency, tokens and cost; a second one ran a tiny local model.',
  },
  { screen: 'compare', params: (n) => [n.experimentId], icon: 'compare', title: 'Compare', text: () => 'One question’s six answers side by side, with their differences highlighted.' },
  {
    screen: 'label',
    params: (n) => [n.taskSetId],
    icon: 'label',
    title: 'Label',
    text: (o) => `Blind pairwise comparisons. Ada and Grace cast ${o.humanJudgments} votes, half of what the set asks for; you label as Ada, and the rest are waiting.`,
  },
  {
    screen: 'leaderboard',
    params: (n) => [n.taskSetId],
    icon: 'leaderboard',
    title: 'Leaderboard',
    text: () =>
      'Bradley–Terry ratings with 95% intervals from those votes and how often Ada and Grace agree. Run an LLM judge there (demo-careful): within a minute it judges every pair in both orders, and its flip rate shows its position bias.',
  },
  { screen: 'prompts', params: (n) => [n.promptId], icon: 'prompts', title: 'Prompts', text: () => '“Quiz answers” v1 and v2 (v2 asks for a reason): open History to compare them.' },
  {
    screen: 'models',
    params: () => ['playground'],
    icon: 'models',
    title: 'Models & Playground',
    text: () => 'demo-careful, demo-terse and demo-sloppy answer from the demo server; the three tiny local models have random weights, so their text is gibberish.',
  },
  { screen: 'datasets', params: (n) => [n.datasetId], icon: 'datasets', title: 'Datasets', text: () => 'Twelve quiz questions with their reference answers.' },
  { screen: 'export', icon: 'export', title: 'Export', text: () => 'The judgments as preference data for DPO and reward-model training.' },
];

export function DemoTour({ overview }: { overview: WorkspaceOverview }) {
  return (
    <section className="home-card" aria-labelledby="home-tour-title" data-testid="demo-tour">
      <h2 id="home-tour-title" className="home-card-title">
        What to look at
      </h2>
      <ul className="home-tour">
        {stops.map((stop) => (
          <li key={stop.screen}>
            <a className="home-tour-stop" href={routeHref(stop.screen, ...(stop.params?.(overview.newest).filter((param) => param !== undefined) ?? []))} data-testid={`tour-${stop.screen}`}>
              <span className="home-tour-icon" aria-hidden="true">
                <Icon name={stop.icon} size={16} />
              </span>
              <span className="home-tour-text">
                <strong>{stop.title}</strong>
                <span>{stop.text(overview)}</span>
              </span>
              <Icon name="chevron-right" size={14} className="home-tour-chevron" />
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
