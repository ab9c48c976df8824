import type { EventBus } from '../event-bus.js';
import type { Handlers } from '../handlers.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { Database } from '../storage/database.js';
import { BundleService } from './bundle-service.js';
import { ExportService } from './export-service.js';

export { BundleService } from './bundle-service.js';
export { ExportService } from './export-service.js';

export interface ExportWiring {
  workspaceDir: string;
  appVersion: string;
  secrets: Pick<SecretStore, 'list' | 'get'>;
  homeDir?: string;
}

/** The `export` namespace: training-data exports and annotation bundles, built once by the bootstrap. */
export function exportHandlers(db: Database, events: EventBus, wiring: ExportWiring): Handlers['export'] {
  const exports = new ExportService(db, wiring);
  const bundles = new BundleService(db, events, {
    workspaceDir: wiring.workspaceDir,
    appVersion: wiring.appVersion,
    scrubSources: () => exports.scrubSources(),
  });
  return {
    sources: () => exports.sources(),
    preview: ({ options, limit }) => exports.preview(options, limit),
    write: ({ options, folder, overwrite }) => exports.write(options, folder, overwrite),
    list: () => exports.list(),
    writeBundle: ({ annotatorId, taskSetIds, folder, overwrite }) => bundles.write(annotatorId, taskSetIds, folder, overwrite),
    importBundle: ({ folder }) => bundles.import(folder),
  };
}
