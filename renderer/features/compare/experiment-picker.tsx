import { routeHref } from '../../app/router.js';
import { formatDateTime, formatRelative } from '../../lib/format-date.js';
import { formatCount } from '../../ui/format.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { doneCount, StateBadge } from '../experiments/experiment-state.js';
import { useExperimentList } from '../experiments/use-experiment-list.js';

/** No experiment chosen: every experiment, newest first, to open in Compare; or what to do when there are none. */
export function ExperimentPicker() {
  const list = useExperimentList(0);
  const experiments = list.experiments;
  if (experiments && experiments.length === 0) {
    return (
      <div className="cmp-picker empty-state" data-testid="compare-empty">
        <h2>Nothing to compare yet</h2>
        <p>
          Compare shows the outputs of one dataset row side by side, one column per prompt version × model. Run an experiment first: pick prompt versions,
          models and a dataset on the Experiments screen.
        </p>
        <a className="btn btn-primary" href={routeHref('experiments', 'new')} data-testid="compare-new-experiment">
          <Icon name="plus" size={14} />
          New experiment
        </a>
      </div>
    );
  }
  return (
    <div className="cmp-picker" data-testid="compare-picker">
      <div className="cmp-picker-card">
        <h2>Pick an experiment to compare</h2>
        <p className="muted">Its rows are listed on the left, each row’s outputs side by side. Newest first.</p>
        {list.error && <Notice tone="danger">{list.error}</Notice>}
        <ul className="cmp-picker-list" aria-busy={!experiments}>
          {experiments?.map((experiment) => {
            const progress = list.progress.get(experiment.id) ?? experiment.progress;
            const { config } = experiment;
            return (
              <li key={experiment.id}>
                <a className="cmp-picker-item" href={routeHref('compare', experiment.id)} data-testid="compare-pick" data-experiment-name={experiment.name}>
                  <span className="cmp-picker-name">{experiment.name}</span>
                  <StateBadge progress={progress} />
                  <span className="cmp-picker-meta">
                    {plural(config.promptVersionIds.length, 'prompt version')} × {plural(config.models.length, 'model')} · {formatCount(doneCount(progress))}/
                    {formatCount(progress.total)} generations
                  </span>
                  <span className="cmp-picker-meta" title={formatDateTime(experiment.createdAt)}>
                    {formatRelative(experiment.createdAt)}
                  </span>
                </a>
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}

function plural(count: number, word: string): string {
  return `${formatCount(count)} ${count === 1 ? word : `${word}s`}`;
}
