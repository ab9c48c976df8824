import type { TaskSetSummary } from '../../../shared/contract/labeling.js';
import { useNavigate } from '../../app/router.js';
import { formatCount } from '../../ui/format.js';
import { useAnnotators } from '../annotators/use-annotators.js';
import { useCurrentAnnotator } from '../annotators/use-current-annotator.js';
import { AnnotatorGate } from './annotator-gate.js';
import { FlagIcon, ReviewIcon } from './label-icons.js';
import type { LabelTab } from './label-route.js';
import { LabelingView } from './labeling-view.js';
import { ReviewView } from './review-view.js';
import { kindWords } from './task-kind.js';
import { Icon } from '../../ui/icon.js';

/** One task set: its facts, and the Label and Review tabs. */
export function TaskSetView({ set, tab }: { set: TaskSetSummary; tab: LabelTab }) {
  const navigate = useNavigate();
  const annotators = useAnnotators();
  const current = useCurrentAnnotator(annotators);
  const annotator = current.annotator;
  const { config } = set;
  return (
    <div className="lb-set-view" data-testid="task-set-view" data-kind={set.kind}>
      <header className="lb-set-head">
        <div className="lb-set-title">
          <h2 data-testid="task-set-title" title={set.name}>
            {set.name}
          </h2>
          <p className="lb-set-facts" data-testid="task-set-facts">
            <span className="lb-kind" data-kind={set.kind}>
              {kindWords[set.kind].name}
            </span>
            <span>{set.experimentName}</span>
            <span>{formatCount(set.items)} items</span>
            <span data-testid="task-set-complete">
              {formatCount(set.completeItems)}/{formatCount(set.items)} complete
            </span>
            {set.flagged > 0 && (
              <span className="lb-set-flagged">
                <FlagIcon size={11} /> {set.flagged} flagged
              </span>
            )}
            <span>
              {config.overlap} annotator{config.overlap === 1 ? '' : 's'} per item
            </span>
            <span>{config.blind ? 'blind' : 'names shown'}</span>
            <span title="Fixes the order, the sample and the sides">seed {config.seed}</span>
          </p>
        </div>
        <div className="lb-tabs" role="tablist" aria-label="Task set">
          <button type="button" role="tab" className="lb-tab" aria-selected={tab === 'label'} onClick={() => navigate('label', set.id)} data-testid="tab-label">
            <Icon name="label" size={14} />
            Label
          </button>
          <button type="button" role="tab" className="lb-tab" aria-selected={tab === 'review'} onClick={() => navigate('label', set.id, 'review')} data-testid="tab-review">
            <ReviewIcon size={14} />
            Review
          </button>
        </div>
      </header>
      {tab === 'review' ? (
        <ReviewView set={set} annotator={annotator} />
      ) : annotator ? (
        <LabelingView key={`${set.id}|${annotator.id}`} set={set} annotator={annotator} onReview={() => navigate('label', set.id, 'review')} />
      ) : current.loading ? (
        <div className="lb-label" aria-busy="true" />
      ) : (
        <AnnotatorGate list={annotators} current={current} />
      )}
    </div>
  );
}
