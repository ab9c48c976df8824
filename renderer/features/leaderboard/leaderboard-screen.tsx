import { useEffect, useRef, useState } from 'react';
import { replaceRoute, routeHref, useRoute } from '../../app/router.js';
import { LeaderboardView } from './leaderboard-view.js';
import { screenId, taskSetIdOf } from './leaderboard-route.js';
import { TaskSetList } from './task-set-list.js';
import { useJudgePrompt } from './use-judge-prompt.js';
import { useTaskSetList } from './use-task-set-list.js';
import './leaderboard.css';

/** Analyse: pick a task set on the left, read what its judgments say on the right. */
export function LeaderboardScreen() {
  const route = useRoute();
  const here = route.screen === screenId;
  // The task set shown here stays shown while another screen is open, and when the navigation brings the user back.
  const [remembered, setRemembered] = useState<string>();
  const routed = here ? taskSetIdOf(route) : undefined;
  useEffect(() => {
    if (!here) return;
    if (!routed && remembered) replaceRoute(screenId, remembered);
    else setRemembered(routed);
    // `routed` and `here` are what matter; `remembered` is written here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [here, routed]);
  const taskSetId = here && routed ? routed : remembered;

  const list = useTaskSetList();
  const judgeDraft = useJudgePrompt();
  const taskSet = list.taskSets?.find((set) => set.id === taskSetId);
  const notListed = !!taskSetId && !!list.taskSets && !taskSet;

  // Task sets made on another screen (or another window) since the list was read show up on return.
  const { reload } = list;
  const wasHere = useRef(here);
  useEffect(() => {
    if (here && !wasHere.current) void reload();
    wasHere.current = here;
  }, [here, reload]);
  // A link to a task set the list does not hold yet: read the list again before calling it missing.
  const [confirmedMissing, setConfirmedMissing] = useState<string>();
  useEffect(() => {
    if (!notListed || !taskSetId) return;
    let live = true;
    void reload().then(() => live && setConfirmedMissing(taskSetId));
    return () => {
      live = false;
    };
  }, [notListed, taskSetId, reload]);
  const missing = notListed && confirmedMissing === taskSetId;

  return (
    <div className="leaderboard-screen">
      <TaskSetList list={list} selectedId={taskSetId} />
      {missing ? (
        <div className="lb-empty empty-state" data-testid="leaderboard-missing">
          <h2>This task set does not exist</h2>
          <p>It may belong to another workspace. Pick one from the list.</p>
        </div>
      ) : taskSetId ? (
        <LeaderboardView key={taskSetId} taskSetId={taskSetId} taskSet={taskSet} judgeDraft={judgeDraft} />
      ) : (
        <div className="lb-empty empty-state" data-testid="leaderboard-empty">
          {list.taskSets === undefined ? null : list.taskSets.length === 0 ? (
            <>
              <h2>Nothing to rank yet</h2>
              <p>
                The leaderboard reads judgments. Run an experiment, then open <a href={routeHref('label')}>Label</a>, make a task set from it and judge its outputs; each
                task set gets its ratings, win matrix and agreement here.
              </p>
            </>
          ) : (
            <>
              <h2>Pick a task set</h2>
              <p>
                See which variant (model × prompt version) wins, with Bradley-Terry ratings and 95% bootstrap intervals, a win matrix, position bias, annotator agreement,
                and LLM judges.
              </p>
            </>
          )}
        </div>
      )}
    </div>
  );
}
