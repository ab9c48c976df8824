import { routeHref } from '../../app/router.js';
import { Icon, type IconName } from '../../ui/icon.js';
import type { WorkspaceOverview } from './use-workspace-overview.js';

interface Step {
  key: string;
  icon: IconName;
  title: string;
  text: string;
  action: string;
  /** Where the action is: the form that does it, one click away. */
  href: string;
  /** Where what was made is listed. */
  listHref: string;
  done: (overview: WorkspaceOverview) => string | null;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** The loop's first four steps, in the order they depend on each other. */
const steps: readonly Step[] = [
  {
    key: 'models',
    icon: 'models',
    title: 'Add a model',
    text: 'A GGUF file on this computer, or an API: OpenAI, Anthropic, Gemini, or any OpenAI-compatible server such as Ollama, vLLM or LM Studio.',
    action: 'Add a model',
    href: routeHref('models', 'add', 'local'),
    listHref: routeHref('models'),
    done: (o) => (o.models > 0 ? plural(o.models, 'model') : null),
  },
  {
    key: 'prompts',
    icon: 'prompts',
    title: 'Write a prompt',
    text: 'A chat template with {{ variables }}. Every save becomes a numbered version you can compare with the others.',
    action: 'Write a prompt',
    href: routeHref('prompts', 'new'),
    listHref: routeHref('prompts'),
    done: (o) => (o.prompts > 0 ? plural(o.prompts, 'prompt') : null),
  },
  {
    key: 'datasets',
    icon: 'datasets',
    title: 'Import a dataset',
    text: 'The rows to fill the variables with, from CSV, JSONL, Parquet or pasted text, with a reference answer per row if you have one.',
    action: 'Import a dataset',
    href: routeHref('datasets', 'import'),
    listHref: routeHref('datasets'),
    done: (o) => (o.datasets > 0 ? plural(o.datasets, 'dataset') : null),
  },
  {
    key: 'experiments',
    icon: 'experiments',
    title: 'Run an experiment',
    text: 'Prompt versions × models × rows. Outputs stream in with their tokens, latency and cost, ready to compare and judge.',
    action: 'New experiment',
    href: routeHref('experiments', 'new'),
    listHref: routeHref('experiments'),
    done: (o) => (o.experiments > 0 ? `${plural(o.experiments, 'experiment')}, ${o.finishedExperiments} finished` : null),
  },
];

const after: readonly { screen: string; icon: IconName; title: string; text: string }[] = [
  { screen: 'compare', icon: 'compare', title: 'Compare', text: 'outputs side by side' },
  { screen: 'label', icon: 'label', title: 'Label', text: 'judge them blind' },
  { screen: 'leaderboard', icon: 'leaderboard', title: 'Leaderboard', text: 'ratings with intervals' },
  { screen: 'export', icon: 'export', title: 'Export', text: 'training data' },
];

export function GettingStarted({ overview }: { overview: WorkspaceOverview }) {
  const next = steps.find((step) => step.done(overview) === null);
  return (
    <section className="home-card home-main" aria-labelledby="home-steps-title" data-testid="home-steps">
      <h2 id="home-steps-title" className="home-card-title">
        {next ? 'Your first experiment, in four steps' : 'Your workspace is set up'}
      </h2>
      <ol className="home-steps">
        {steps.map((step, index) => {
          const done = step.done(overview);
          const isNext = step === next;
          return (
            <li key={step.key} className="home-step" data-state={done ? 'done' : isNext ? 'next' : 'todo'} data-testid={`home-step-${step.key}`}>
              <span className="home-step-marker" aria-hidden="true">
                {done ? <Icon name="check" size={14} /> : index + 1}
              </span>
              <div className="home-step-body">
                <h3>
                  {step.title}
                  {done && <span className="home-step-done">{done}</span>}
                </h3>
                <p>{step.text}</p>
              </div>
              {done ? (
                <a className="btn btn-ghost btn-sm" href={step.listHref}>
                  Open
                </a>
              ) : (
                <a className={`btn btn-sm ${isNext ? 'btn-primary' : ''}`} href={step.href} data-testid={`home-action-${step.key}`}>
                  <Icon name={step.icon} size={14} />
                  {step.action}
                </a>
              )}
            </li>
          );
        })}
      </ol>
      <div className="home-after">
        <span className="home-after-label">Then</span>
        {after.map((item) => (
          <a key={item.screen} className="home-after-link" href={routeHref(item.screen)}>
            <Icon name={item.icon} size={14} />
            <strong>{item.title}</strong> <span>{item.text}</span>
          </a>
        ))}
      </div>
    </section>
  );
}
