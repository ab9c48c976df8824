import { useRoute } from '../../app/router.js';
import { Notice } from '../../ui/notice.js';
import { DemoBanner, DemoCard } from './demo-card.js';
import { DemoTour } from './demo-tour.js';
import { GettingStarted } from './getting-started.js';
import { useWorkspaceOverview } from './use-workspace-overview.js';
import './home.css';

/** Where a newcomer lands: what to do first, in order, each a click away, or the demo to look at. */
export function HomeScreen() {
  const route = useRoute();
  const { overview, error } = useWorkspaceOverview(route.screen === 'home');
  if (error) {
    return (
      <div className="home-screen">
        <Notice tone="danger">{error}</Notice>
      </div>
    );
  }
  if (!overview) return <div className="home-screen" aria-busy="true" />;
  const demo = overview.status.kind === 'demo';
  const empty = overview.models + overview.prompts + overview.datasets + overview.experiments === 0;
  return (
    <div className="home-screen" data-testid="home-screen" data-workspace={demo ? 'demo' : empty ? 'empty' : 'regular'}>
      <div className="home-column">
        <header className="home-intro">
          <h1>{demo ? 'Welcome to the demo workspace' : empty ? 'Welcome to Arbiter' : 'Home'}</h1>
          <p>
            Find out which prompt and which model answer better: run them side by side on your own questions, judge the answers blind,
            and export your judgments as training data.
          </p>
        </header>
        {demo ? (
          <>
            <DemoBanner status={overview.status} />
            <DemoTour overview={overview} />
          </>
        ) : (
          <>
            <GettingStarted overview={overview} />
            <DemoCard status={overview.status} emphasis={empty} />
          </>
        )}
      </div>
    </div>
  );
}
