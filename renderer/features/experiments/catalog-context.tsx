import { createContext, useContext, type ReactNode } from 'react';
import { useDatasetList, type DatasetListState } from './use-dataset-list.js';
import { useModelList, type ModelListState } from './use-model-list.js';
import { usePromptCatalog, type PromptCatalog } from './use-prompt-catalog.js';

/** What experiments are built from, read once for the whole screen (builder, list and run view). */
export interface Catalog {
  prompts: PromptCatalog;
  models: ModelListState;
  datasets: DatasetListState;
}

const CatalogContext = createContext<Catalog | undefined>(undefined);

export function CatalogProvider({ children }: { children: ReactNode }) {
  const prompts = usePromptCatalog();
  const models = useModelList();
  const datasets = useDatasetList();
  return <CatalogContext.Provider value={{ prompts, models, datasets }}>{children}</CatalogContext.Provider>;
}

export function useCatalog(): Catalog {
  const catalog = useContext(CatalogContext);
  if (!catalog) throw new Error('useCatalog() needs a <CatalogProvider> above it.');
  return catalog;
}
