import type { TaskSetSummary } from '../../../shared/contract/labeling.js';
import { ItemQuestion, type ContextPanels } from './item-question.js';
import { UndoIcon } from './label-icons.js';
import type { Entry } from './labeling-session.js';
import { OutputCard } from './output-card.js';
import { PairwiseOutputs } from './pairwise-board.js';
import { RankingOutputs } from './ranking-board.js';
import { RubricCriteria } from './rubric-board.js';

/** The item in front: what it asks, its outputs as its kind shows them, and the rubric beside a rubric item. */
export function ItemArea({
  entry,
  set,
  plain,
  panels,
  onPanel,
  focus,
  onFocus,
  onScore,
}: {
  entry: Entry;
  set: TaskSetSummary;
  plain: boolean;
  panels: ContextPanels;
  onPanel(panel: keyof ContextPanels): void;
  focus: number;
  onFocus(index: number): void;
  onScore(index: number, value: number): void;
}) {
  const { item, draft } = entry;
  const verdict = draft.verdict;
  return (
    <div className="lb-item" data-kind={set.kind} data-testid="label-item" data-item-id={item.itemId} data-restored={entry.restored || undefined}>
      <div className="lb-item-main">
        {entry.restored && (
          <p className="lb-restored" data-testid="restored-note">
            <UndoIcon size={12} /> Brought back by undo: your previous choice is filled in. Change it or press Enter to submit it again.
          </p>
        )}
        <ItemQuestion item={item} panels={panels} onToggle={onPanel} />
        {verdict.kind === 'pairwise' && <PairwiseOutputs item={item} verdict={verdict} plain={plain} />}
        {verdict.kind === 'ranking' && <RankingOutputs item={item} groups={verdict.groups} plain={plain} />}
        {verdict.kind === 'rubric' && item.outputs[0] && (
          <div className="lb-outputs lb-outputs-single">
            <OutputCard title="Output" variantLabel={item.outputs[0].variant?.label} text={item.outputs[0].output} plain={plain} />
          </div>
        )}
      </div>
      {verdict.kind === 'rubric' && <RubricCriteria rubric={set.config.rubric} scores={verdict.scores} focus={focus} onScore={onScore} onFocus={onFocus} />}
    </div>
  );
}
