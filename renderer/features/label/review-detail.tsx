import { useRef, useState } from 'react';
import type { Annotator, ReviewItem, TaskSetSummary, Verdict } from '../../../shared/contract/labeling.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';
import { formatDateTime } from '../../lib/format-date.js';
import { Notice } from '../../ui/notice.js';
import { ItemQuestion, type ContextPanels } from './item-question.js';
import { JudgmentBar } from './judgment-bar.js';
import { JudgmentsTable } from './judgments-table.js';
import { verdictWords } from './judgment-words.js';
import { keyAction } from './label-keymap.js';
import { OutputCard } from './output-card.js';
import { PairwiseChoices, PairwiseOutputs } from './pairwise-board.js';
import { RankingOutputs, RankingStrip } from './ranking-board.js';
import { RubricCriteria } from './rubric-board.js';
import { useLabelKeys } from './use-label-keys.js';
import { useStoredState } from './use-stored-state.js';
import { draftFromJudgment, emptyDraft, pressSide, rankNext, toVerdict, type Draft } from './verdict-draft.js';

/** One disputed item: the outputs with their names, every judgment, and the adjudication (same controls as labeling). */
export function ReviewDetail({
  entry,
  set,
  annotator,
  onAdjudicated,
  onStep,
}: {
  entry: ReviewItem;
  set: TaskSetSummary;
  annotator: Annotator | undefined;
  onAdjudicated(): void;
  onStep(by: 1 | -1): void;
}) {
  const api = useApi();
  const rootRef = useRef<HTMLDivElement>(null);
  const rationaleRef = useRef<HTMLTextAreaElement>(null);
  const { item } = entry;
  const rubric = set.config.rubric;
  const [draft, setDraft] = useState<Draft>(() => (entry.adjudication ? draftFromJudgment(item, entry.adjudication, set.kind, rubric) : emptyDraft(set.kind, rubric)));
  const [focus, setFocus] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [panels, setPanels] = useStoredState<ContextPanels>('arbiter.label.panels', { reference: false, context: false });
  const [plain] = useStoredState('arbiter.label.plain', false);

  const labelOf = (generationId: string) => {
    const index = item.outputs.findIndex((output) => output.generationId === generationId);
    return item.outputs[index]?.variant?.label ?? (index >= 0 ? `Output ${index + 1}` : 'unknown');
  };
  const verdict = toVerdict(item, draft.verdict, rubric);

  const adjudicate = async () => {
    if (!verdict || !annotator || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.labeling.adjudicate({ itemId: item.itemId, annotatorId: annotator.id, verdict, rationale: draft.rationale.trim() });
      setSaved(true);
      onAdjudicated();
    } catch (reason) {
      setError(describeError(reason));
    } finally {
      setBusy(false);
    }
  };

  const change = (next: (current: Draft) => Draft) => {
    setSaved(false);
    setDraft(next);
  };
  const setScore = (index: number, value: number) => {
    change((current) => (current.verdict.kind === 'rubric' ? { ...current, verdict: { kind: 'rubric', scores: current.verdict.scores.map((score, at) => (at === index ? value : score)) } } : current));
    setFocus(Math.min(rubric.length - 1, index + 1));
  };

  useLabelKeys(rootRef, true, (event) => {
    if (!event.ctrlKey && !event.metaKey && !event.altKey && (event.key === 'j' || event.key === 'k')) {
      onStep(event.key === 'j' ? 1 : -1);
      return true;
    }
    const action = keyAction(event, set.kind);
    if (!action) return false;
    switch (action.type) {
      case 'side':
        change((current) => ({ ...current, verdict: pressSide(current.verdict, action.choice, action.much) }));
        return true;
      case 'rank':
        if (action.index >= item.outputs.length) return true;
        change((current) => (current.verdict.kind === 'ranking' ? { ...current, verdict: { kind: 'ranking', groups: rankNext(current.verdict.groups, action.index, action.tied) } } : current));
        return true;
      case 'clear':
        change((current) => (current.verdict.kind === 'ranking' ? { ...current, verdict: { kind: 'ranking', groups: [] } } : current));
        return true;
      case 'score': {
        const criterion = rubric[focus];
        if (criterion && action.value >= criterion.min && action.value <= criterion.max) setScore(focus, action.value);
        return true;
      }
      case 'criterion':
        setFocus((index) => Math.max(0, Math.min(rubric.length - 1, index + action.step)));
        return true;
      case 'submit':
        void adjudicate();
        return true;
      case 'rationale':
        rationaleRef.current?.focus();
        return true;
      default:
        return false;
    }
  });

  return (
    <div className="lb-review-detail" ref={rootRef} tabIndex={-1} data-testid="review-detail" data-item-id={item.itemId}>
      <div className="lb-review-scroll">
        <header className="lb-review-head">
          <h2>Item #{item.position + 1}</h2>
          {entry.reasons.map((reason) => (
            <span key={reason} className="lb-reason" data-reason={reason}>
              {reason === 'disagreement' ? 'Disagreement' : 'Flagged'}
            </span>
          ))}
          <span className="lb-spacer" />
          <span className="lb-count">J / K next / previous item</span>
        </header>
        <ItemQuestion item={item} panels={panels} onToggle={(panel) => setPanels((open) => ({ ...open, [panel]: !open[panel] }))} />
        <div className="lb-review-outputs">
          {draft.verdict.kind === 'pairwise' && <PairwiseOutputs item={item} verdict={draft.verdict} plain={plain} />}
          {draft.verdict.kind === 'ranking' && <RankingOutputs item={item} groups={draft.verdict.groups} plain={plain} />}
          {draft.verdict.kind === 'rubric' && item.outputs[0] && (
            <div className="lb-outputs lb-outputs-single">
              <OutputCard title="Output" variantLabel={item.outputs[0].variant?.label} text={item.outputs[0].output} plain={plain} />
            </div>
          )}
        </div>
        <h3 className="section-title lb-review-subtitle">Judgments</h3>
        <JudgmentsTable judgments={entry.judgments} labelOf={labelOf} />
      </div>
      <footer className="lb-footer lb-adjudicate" data-testid="adjudicate-panel">
        <div className="lb-adjudicate-head">
          <h3 className="section-title">Final word</h3>
          {entry.adjudication ? (
            <span className="lb-count" data-testid="adjudication-current">
              {entry.adjudication.annotatorName} decided {verdictWords(entry.adjudication.verdict as Verdict, labelOf)} · {formatDateTime(entry.adjudication.createdAt)}
            </span>
          ) : (
            <span className="lb-count">It replaces this item’s votes in the statistics.</span>
          )}
        </div>
        {draft.verdict.kind === 'pairwise' && (
          <PairwiseChoices
            verdict={draft.verdict}
            onChoose={(choice) => change((current) => ({ ...current, verdict: pressSide(current.verdict, choice) }))}
            onStrength={(strength) => change((current) => (current.verdict.kind === 'pairwise' ? { ...current, verdict: { ...current.verdict, strength } } : current))}
          />
        )}
        {draft.verdict.kind === 'ranking' && (
          <RankingStrip count={item.outputs.length} groups={draft.verdict.groups} tieNext={false} onChange={(groups) => change((current) => ({ ...current, verdict: { kind: 'ranking', groups } }))} />
        )}
        {draft.verdict.kind === 'rubric' && <RubricCriteria rubric={rubric} scores={draft.verdict.scores} focus={focus} onScore={setScore} onFocus={setFocus} />}
        <JudgmentBar
          draft={draft}
          vocabulary={[]}
          rationaleRef={rationaleRef}
          canSubmit={verdict !== null && annotator !== undefined && !busy}
          submitLabel={busy ? 'Saving…' : saved ? 'Decided' : entry.adjudication ? 'Change the decision' : 'Decide'}
          onTag={() => {}}
          onRationale={(rationale) => change((current) => ({ ...current, rationale }))}
          onFlag={() => {}}
          onSubmit={() => void adjudicate()}
          showFlag={false}
        />
        {!annotator && <p className="form-error">Pick who you are in the header to adjudicate.</p>}
        {error && (
          <Notice tone="danger" testId="adjudicate-error">
            {error}
          </Notice>
        )}
      </footer>
    </div>
  );
}
