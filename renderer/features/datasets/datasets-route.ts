import type { Route } from '../../app/router.js';

/** Where the Datasets screen is: `#/datasets`, `/import`, `/quick-add`, `/<id>`, `/<id>/<version>`, `/<id>/import`. */
export type DatasetsView =
  | { kind: 'empty' }
  | { kind: 'import'; datasetId?: string }
  | { kind: 'quick-add' }
  | { kind: 'dataset'; datasetId: string; version?: number };

export const importKey = 'import';
export const quickAddKey = 'quick-add';

export function datasetsView(route: Route): DatasetsView {
  if (route.screen !== 'datasets') return { kind: 'empty' };
  const [first, second] = route.params;
  if (!first) return { kind: 'empty' };
  if (first === importKey) return { kind: 'import' };
  if (first === quickAddKey) return { kind: 'quick-add' };
  if (second === importKey) return { kind: 'import', datasetId: first };
  const version = second ? Number(second) : undefined;
  return { kind: 'dataset', datasetId: first, version: version !== undefined && Number.isInteger(version) && version > 0 ? version : undefined };
}
