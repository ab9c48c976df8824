import type { Route } from '../../app/router.js';

/** Where the Label screen is: `#/label`, `/new`, `/<task set id>` (labeling), `/<task set id>/review`. */
export type LabelView = { kind: 'none' } | { kind: 'new' } | { kind: 'set'; id: string; tab: LabelTab };
export type LabelTab = 'label' | 'review';

export const newKey = 'new';
export const reviewKey = 'review';

export function labelView(route: Route): LabelView {
  const [first, second] = route.params;
  if (!first) return { kind: 'none' };
  if (first === newKey) return { kind: 'new' };
  return { kind: 'set', id: first, tab: second === reviewKey ? 'review' : 'label' };
}

export function labelParams(view: LabelView): string[] {
  if (view.kind === 'none') return [];
  if (view.kind === 'new') return [newKey];
  return view.tab === 'review' ? [view.id, reviewKey] : [view.id];
}
