import type { Route } from '../../app/router.js';

/** Where the Experiments screen is: `#/experiments`, `/new`, `/new/<copy-of-id>`, `/<id>`. */
export type ExperimentsView = { kind: 'none' } | { kind: 'new'; fromId?: string } | { kind: 'experiment'; id: string };

export const newKey = 'new';

export function experimentsView(route: Route): ExperimentsView {
  const [first, second] = route.params;
  if (!first) return { kind: 'none' };
  if (first === newKey) return second ? { kind: 'new', fromId: second } : { kind: 'new' };
  return { kind: 'experiment', id: first };
}

export function viewParams(view: ExperimentsView): string[] {
  if (view.kind === 'none') return [];
  if (view.kind === 'new') return view.fromId ? [newKey, view.fromId] : [newKey];
  return [view.id];
}
