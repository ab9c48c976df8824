import { useEffect, useRef, useState } from 'react';
import type { Annotator, TaskSetSummary } from '../../../shared/contract/labeling.js';
import { InstructionsPanel } from './instructions-panel.js';
import type { ContextPanels } from './item-question.js';
import { ItemArea } from './item-area.js';
import { JudgmentBar } from './judgment-bar.js';
import { KeyLegend } from './key-legend.js';
import { keyAction, type LabelAction } from './label-keymap.js';
import { LabelEmpty } from './label-empty.js';
import { LabelProgress } from './label-progress.js';
import { OutboxNotice } from './outbox-notice.js';
import { PairwiseChoices } from './pairwise-board.js';
import { RankingStrip } from './ranking-board.js';
import { RevealLine } from './reveal-line.js';
import { useLabelKeys } from './use-label-keys.js';
import { useLabelingSession } from './use-labeling-session.js';
import { useStoredState } from './use-stored-state.js';
import { pressSide, rankNext, toggleTag, toVerdict, type Draft } from './verdict-draft.js';

const hintMs = 2200;

/** Labeling, keyboard first: the item in front, its controls, progress, and the outbox's state. */
export function LabelingView({ set, annotator, onReview }: { set: TaskSetSummary; annotator: Annotator; onReview(): void }) {
  const { session, snapshot } = useLabelingSession(set.id, annotator.id, set.kind, set.config.rubric);
  const rootRef = useRef<HTMLDivElement>(null);
  const rationaleRef = useRef<HTMLTextAreaElement>(null);
  const [plain, setPlain] = useStoredState('arbiter.label.plain', false);
  const [panels, setPanels] = useStoredState<ContextPanels>('arbiter.label.panels', { reference: false, context: false });
  // Open on the annotator's first item, folded once they have started.
  const [instructionsOpen, setInstructionsOpen] = useState<boolean>();
  const [focus, setFocus] = useState(0);
  const [tieNext, setTieNext] = useState(false);
  const [hint, setHint] = useState<string>();
  const hintTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const counts = snapshot.counts;
  useEffect(() => {
    if (instructionsOpen === undefined && counts) setInstructionsOpen(counts.done === 0);
  }, [counts, instructionsOpen]);

  const current = snapshot.current;
  const itemKey = current ? `${current.item.itemId}:${current.restored ? 'again' : 'first'}` : '';
  useEffect(() => {
    setFocus(0);
    setTieNext(false);
    setHint(undefined);
  }, [itemKey]);
  useEffect(() => () => clearTimeout(hintTimer.current), []);

  const say = (text: string) => {
    clearTimeout(hintTimer.current);
    setHint(text);
    hintTimer.current = setTimeout(() => setHint(undefined), hintMs);
  };
  const update = (change: (draft: Draft) => Draft) => session.updateDraft(change);
  const vocabulary = set.config.tags;
  const rubric = set.config.rubric;

  const submit = () => {
    if (!session.submit()) {
      say(set.kind === 'pairwise' ? 'Choose first: 1 left, 2 right, 3 tie, 4 both bad.' : set.kind === 'ranking' ? 'Rank every output first (the last one ranks itself).' : 'Score every criterion first.');
      return;
    }
    if (instructionsOpen) setInstructionsOpen(false);
    if (document.activeElement instanceof HTMLElement && rootRef.current?.contains(document.activeElement)) rootRef.current.focus({ preventScroll: true });
  };

  const act = (action: LabelAction): boolean => {
    switch (action.type) {
      case 'undo':
        if (!session.undo()) say('Nothing to undo in this session.');
        return true;
      case 'instructions':
        setInstructionsOpen((open) => !open);
        return true;
      case 'plain':
        setPlain((value) => !value);
        return true;
      default:
        break;
    }
    if (!current) return false;
    const verdict = current.draft.verdict;
    switch (action.type) {
      case 'side':
        update((draft) => ({ ...draft, verdict: pressSide(draft.verdict, action.choice, action.much) }));
        return true;
      case 'rank':
        if (verdict.kind !== 'ranking') return false;
        if (action.index >= current.item.outputs.length) {
          say(`There are ${current.item.outputs.length} outputs.`);
          return true;
        }
        update((draft) => (draft.verdict.kind === 'ranking' ? { ...draft, verdict: { kind: 'ranking', groups: rankNext(draft.verdict.groups, action.index, action.tied || tieNext) } } : draft));
        setTieNext(false);
        return true;
      case 'tie-next':
        setTieNext((value) => !value);
        return true;
      case 'unrank-last':
        update((draft) =>
          draft.verdict.kind === 'ranking' ? { ...draft, verdict: { kind: 'ranking', groups: draft.verdict.groups.map((group, at, all) => (at === all.length - 1 ? group.slice(0, -1) : group)).filter((group) => group.length > 0) } } : draft,
        );
        return true;
      case 'clear':
        update((draft) => (draft.verdict.kind === 'ranking' ? { ...draft, verdict: { kind: 'ranking', groups: [] } } : draft));
        setTieNext(false);
        return true;
      case 'score': {
        const criterion = rubric[focus];
        if (!criterion || verdict.kind !== 'rubric') return false;
        if (action.value < criterion.min || action.value > criterion.max) {
          say(`${criterion.name} is scored ${criterion.min}–${criterion.max}.`);
          return true;
        }
        setScore(focus, action.value);
        return true;
      }
      case 'criterion':
        setFocus((index) => Math.max(0, Math.min(rubric.length - 1, index + action.step)));
        return true;
      case 'nudge': {
        const criterion = rubric[focus];
        if (!criterion || verdict.kind !== 'rubric') return false;
        const now = verdict.scores[focus] ?? null;
        const next = now === null ? (action.step > 0 ? criterion.min : criterion.max) : Math.max(criterion.min, Math.min(criterion.max, now + action.step));
        update((draft) => (draft.verdict.kind === 'rubric' ? { ...draft, verdict: { kind: 'rubric', scores: draft.verdict.scores.map((score, at) => (at === focus ? next : score)) } } : draft));
        return true;
      }
      case 'submit':
        submit();
        return true;
      case 'skip':
        if (!session.skip()) say('Nothing else is waiting: this is the last item.');
        return true;
      case 'flag':
        update((draft) => ({ ...draft, flagged: !draft.flagged }));
        return true;
      case 'rationale':
        rationaleRef.current?.focus();
        return true;
      case 'tag': {
        const tag = vocabulary[action.index];
        if (!tag) return false;
        update((draft) => ({ ...draft, tags: toggleTag(draft.tags, tag) }));
        return true;
      }
    }
  };

  /** A score moves the focus to the next criterion, so a rubric is a run of number keys. */
  const setScore = (index: number, value: number) => {
    update((draft) => (draft.verdict.kind === 'rubric' ? { ...draft, verdict: { kind: 'rubric', scores: draft.verdict.scores.map((score, at) => (at === index ? value : score)) } } : draft));
    setFocus(Math.min(rubric.length - 1, index + 1));
  };

  useLabelKeys(rootRef, true, (event) => {
    const action = keyAction(event, set.kind);
    return action ? act(action) : false;
  });

  return (
    <div className="lb-label" ref={rootRef} tabIndex={-1} data-testid="labeling-view" data-phase={snapshot.phase}>
      <LabelProgress snapshot={snapshot} annotator={annotator} plain={plain} onPlain={setPlain} onUndo={() => act({ type: 'undo' })} onSkip={() => act({ type: 'skip' })} />
      <OutboxNotice snapshot={snapshot} onRetry={() => session.retryNow()} />
      <InstructionsPanel text={set.config.instructions} open={instructionsOpen === true} onToggle={() => setInstructionsOpen((open) => !open)} />
      {current ? (
        <ItemArea
          key={itemKey}
          entry={current}
          set={set}
          plain={plain}
          panels={panels}
          onPanel={(panel) => setPanels((open) => ({ ...open, [panel]: !open[panel] }))}
          focus={focus}
          onFocus={setFocus}
          onScore={setScore}
        />
      ) : (
        <LabelEmpty snapshot={snapshot} onRetry={() => session.retryNow()} onReview={onReview} />
      )}
      <footer className="lb-footer">
        {current && (
          <>
            {current.draft.verdict.kind === 'pairwise' && (
              <PairwiseChoices
                verdict={current.draft.verdict}
                onChoose={(choice) => act({ type: 'side', choice, much: false })}
                onStrength={(strength) => update((draft) => (draft.verdict.kind === 'pairwise' ? { ...draft, verdict: { ...draft.verdict, strength } } : draft))}
              />
            )}
            {current.draft.verdict.kind === 'ranking' && (
              <RankingStrip
                count={current.item.outputs.length}
                groups={current.draft.verdict.groups}
                tieNext={tieNext}
                onChange={(groups) => update((draft) => ({ ...draft, verdict: { kind: 'ranking', groups } }))}
              />
            )}
            <JudgmentBar
              draft={current.draft}
              vocabulary={vocabulary}
              rationaleRef={rationaleRef}
              canSubmit={toVerdict(current.item, current.draft.verdict, rubric) !== null}
              onTag={(tag) => update((draft) => ({ ...draft, tags: toggleTag(draft.tags, tag) }))}
              onRationale={(rationale) => update((draft) => ({ ...draft, rationale }))}
              onFlag={() => act({ type: 'flag' })}
              onSubmit={submit}
            />
          </>
        )}
        <div className="lb-footer-line">
          {hint ? (
            <p className="lb-hint-line" role="status" data-testid="label-hint">
              {hint}
            </p>
          ) : (
            <RevealLine last={snapshot.last} kind={set.kind} blind={set.config.blind} />
          )}
        </div>
        <KeyLegend kind={set.kind} hasTags={vocabulary.length > 0} />
      </footer>
    </div>
  );
}
