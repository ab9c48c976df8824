import { useState } from 'react';
import type { TaskSetSummary } from '../../../shared/contract/labeling.js';
import type { Leaderboard } from '../../../shared/contract/leaderboard.js';
import { routeHref } from '../../app/router.js';
import { formatCount } from '../../ui/format.js';
import { Notice } from '../../ui/notice.js';
import { AgreementCard } from './agreement-card.js';
import { JudgePanel } from './judge-panel.js';
import { PositionBiasCard } from './position-bias-card.js';
import { RatingsCard } from './ratings-card.js';
import { RubricMeans } from './rubric-means.js';
import { kindLabels } from './task-set-list.js';
import type { JudgePromptDraft } from './use-judge-prompt.js';
import { useJudgeRuns } from './use-judge-runs.js';
import { useLeaderboard } from './use-leaderboard.js';
import { WinMatrix } from './win-matrix.js';

/** Everything the judgments of one task set say: ratings, who beats whom, bias, agreement, LLM judges. */
export function LeaderboardView({ taskSetId, taskSet, judgeDraft }: { taskSetId: string; taskSet: TaskSetSummary | undefined; judgeDraft: JudgePromptDraft }) {
  const [includeJudges, setIncludeJudges] = useState(false);
  const { board, refreshing, error, reloadSoon } = useLeaderboard(taskSetId, includeJudges);
  // A finished run also says labeling.changed; both land in one debounced read.
  const runs = useJudgeRuns(taskSetId, reloadSoon);
  const kind = board?.kind ?? taskSet?.kind ?? 'pairwise';
  // Unticking stays possible while the box is ticked, whatever the counts say.
  const noJudgeVerdicts = !includeJudges && (board?.judgments.llm ?? 0) === 0;

  return (
    <div className="lb-view" data-testid="leaderboard-view" aria-busy={refreshing || undefined}>
      <header className="lb-header">
        <div className="lb-header-main">
          <h2 className="lb-title" data-testid="leaderboard-title">
            {taskSet?.name ?? 'Task set'}
          </h2>
          <div className="lb-meta" data-testid="leaderboard-meta">
            <span className="chip">{kindLabels[kind]}</span>
            {taskSet && <span>from {taskSet.experimentName}</span>}
            {board && (
              <>
                <span className="lb-sep">·</span>
                <span>{formatCount(board.judgments.human)} human judgments</span>
                {board.judgments.adjudicated > 0 && <span>({formatCount(board.judgments.adjudicated)} adjudicated)</span>}
                <span className="lb-sep">·</span>
                <span>{formatCount(board.judgments.llm)} LLM verdicts</span>
              </>
            )}
            {taskSet && (
              <>
                <span className="lb-sep">·</span>
                <span>
                  {formatCount(taskSet.completeItems)} of {formatCount(taskSet.items)} items fully judged
                </span>
              </>
            )}
          </div>
        </div>
        <div className="lb-header-side">
          <label
            className="lb-switch"
            data-disabled={noJudgeVerdicts || undefined}
            title={
              noJudgeVerdicts
                ? 'No LLM judge has judged this task set yet'
                : 'LLM verdicts are kept apart from human judgments; tick to count them as votes in the ratings and the win matrix'
            }
          >
            <input
              type="checkbox"
              className="checkbox"
              checked={includeJudges}
              disabled={noJudgeVerdicts}
              onChange={(event) => setIncludeJudges(event.target.checked)}
              data-testid="include-judges"
            />
            Include judge verdicts in the ratings
          </label>
          {/* Always laid out, shown only while a newer answer is on its way, so the header never jumps. */}
          <span className="lb-updating" data-shown={(refreshing && !!board) || undefined} aria-hidden={!(refreshing && board)}>
            Updating…
          </span>
        </div>
      </header>
      <div className="lb-body">
        {error && <Notice tone="danger">The statistics could not be computed: {error}</Notice>}
        {board ? <Statistics board={board} taskSet={taskSet} /> : !error && <div className="lb-loading" aria-busy="true" />}
        <JudgePanel kind={kind} judges={board?.judges ?? []} runs={runs} draft={judgeDraft} />
      </div>
    </div>
  );
}

function Statistics({ board, taskSet }: { board: Leaderboard; taskSet: TaskSetSummary | undefined }) {
  const votes = board.judgments.human + (board.includedJudges ? board.judgments.llm : 0);
  if (votes === 0) {
    const alternative =
      board.judgments.llm > 0 ? ', or tick “Include judge verdicts” to see what the LLM judges decided' : board.kind === 'pairwise' ? ', or let an LLM judge it below' : '';
    return (
      <div className="lb-card lb-card-wide lb-no-votes empty-state" data-testid="leaderboard-no-judgments">
        <h2>No judgments yet</h2>
        <p>
          Ratings, the win matrix and agreement appear here as judgments come in. Open <a href={routeHref('label')}>Label</a> and judge some items of this task set
          {alternative}.
        </p>
      </div>
    );
  }
  const played = board.matrix.games.some((row) => row.some((games) => games > 0));
  // Best first, as the ratings rank them; the task set's own order when nothing is ranked yet.
  const variants = board.entries.length > 0 ? board.entries.map((entry) => entry.variant) : (taskSet?.variants ?? []);
  return (
    <>
      <RatingsCard board={board} />
      {board.kind === 'rubric' && board.rubric.length > 0 && <RubricMeans rubric={board.rubric} variants={variants} criteria={taskSet?.config.rubric ?? []} />}
      {board.entries.length > 1 && played && (
        <section className={board.kind === 'pairwise' ? 'lb-card' : 'lb-card lb-card-wide'} aria-labelledby="lb-matrix-title">
          <header className="lb-card-head">
            <h3 id="lb-matrix-title">Win matrix</h3>
          </header>
          <WinMatrix board={board} />
        </section>
      )}
      {board.kind === 'pairwise' && <PositionBiasCard bias={board.positionBias} />}
      <AgreementCard agreement={board.agreement} />
    </>
  );
}
