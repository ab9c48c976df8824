import type { Route } from '../../app/router.js';

export const screenId = 'leaderboard';

/** `#/leaderboard` (pick a task set) or `#/leaderboard/<taskSetId>`. */
export function taskSetIdOf(route: Route): string | undefined {
  return route.params[0] || undefined;
}
