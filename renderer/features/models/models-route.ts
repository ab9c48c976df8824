import type { Route } from '../../app/router.js';

export type AddKind = 'local' | 'remote' | 'download';
export const addKinds: readonly AddKind[] = ['local', 'remote', 'download'];

/** Where the Models screen is: `#/models/<id>`, `#/models/add/<kind>`, `#/models/playground`, `#/models/keys`. */
export type ModelsView =
  | { tab: 'library'; selectedId: string | undefined }
  | { tab: 'library'; adding: AddKind }
  | { tab: 'playground' }
  | { tab: 'keys' };

export function parseModelsView(route: Route): ModelsView {
  const [first, second] = route.screen === 'models' ? route.params : [];
  if (first === 'playground') return { tab: 'playground' };
  if (first === 'keys') return { tab: 'keys' };
  if (first === 'add') return { tab: 'library', adding: addKinds.find((kind) => kind === second) ?? 'local' };
  return { tab: 'library', selectedId: first };
}
