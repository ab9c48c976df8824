import { join } from 'node:path';
import { createDispatcher } from './dispatcher.js';
import { EventBus } from './event-bus.js';
import type { Handlers } from './handlers.js';
import { forkWorkerLauncher } from './local-inference/fork-worker-launcher.js';
import { LocalInferenceHost } from './local-inference/local-inference-host.js';
import { consoleLogger } from './logger.js';
import { DatasetService } from './datasets/dataset-service.js';
import { ExperimentService } from './experiments/experiment-service.js';
import { DownloadService } from './models/download-service.js';
import { ModelService } from './models/model-service.js';
import { PlaygroundService } from './playground/playground-service.js';
import { PreferencesService } from './preferences/preferences-service.js';
import { PromptService } from './prompts/prompt-service.js';
import { environmentSecretStore } from './secrets/index.js';
import { Database } from './storage/database.js';
import { migrate } from './storage/migrations.js';
import type { Backend, BackendOptions } from './types.js';

export const databaseFileName = 'arbiter.duckdb';

/** Builds every service once, wires them to the contract, and hands one Backend to a transport. */
export async function createBackend(options: BackendOptions): Promise<Backend> {
  const logger = options.logger ?? consoleLogger;
  const databaseFile = join(options.dataDir, databaseFileName);
  const db = await Database.open(databaseFile);
  let schemaVersion: number;
  try {
    schemaVersion = await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }

  const events = new EventBus();
  const prompts = new PromptService(db, events);
  const preferences = new PreferencesService(options.preferences, events);
  const secrets = options.secrets ?? environmentSecretStore();
  const localHost = new LocalInferenceHost({ ...options.localInference, launcher: options.workerLauncher ?? forkWorkerLauncher(), logger });
  const models = new ModelService(db, events, secrets, localHost);
  const downloads = new DownloadService(models, events, join(options.dataDir, 'models'));
  const playground = new PlaygroundService(models, events);
  const datasets = new DatasetService(db, events);
  const experiments = new ExperimentService(db, events, models, { logger, localParallelism: options.localInference?.sequencesPerModel ?? 1 });
  await experiments.recoverInterrupted();

  const handlers: Handlers = {
    app: {
      info: () => ({
        name: 'Arbiter',
        version: options.appVersion ?? '0.0.0',
        transport: options.transport,
        dataDir: options.dataDir,
        databaseFile,
        schemaVersion,
      }),
    },
    preferences: {
      get: () => preferences.get(),
      update: (patch) => preferences.update(patch),
    },
    prompts: {
      list: ({ query, includeArchived }) => prompts.list(query, includeArchived),
      get: ({ id }) => prompts.get(id),
      create: ({ name, template }) => prompts.create(name, template),
      saveVersion: ({ promptId, template, note }) => prompts.saveVersion(promptId, template, note),
      getVersion: ({ promptId, number }) => prompts.getVersion(promptId, number),
      restoreVersion: ({ promptId, number }) => prompts.restoreVersion(promptId, number),
      setLabel: ({ promptId, number, label }) => prompts.setLabel(promptId, number, label),
      removeLabel: ({ promptId, label }) => prompts.removeLabel(promptId, label),
      rename: ({ id, name }) => prompts.rename(id, name),
      duplicate: ({ id, name }) => prompts.duplicate(id, name),
      setArchived: ({ id, archived }) => prompts.setArchived(id, archived),
    },
    models: {
      list: () => models.list(),
      addLocal: ({ path }) => models.addLocal(path),
      addRemote: (input) => models.addRemote(input),
      update: (input) => models.update(input),
      remove: async ({ id }) => ({ removed: await models.remove(id) }),
      testConnection: ({ id }) => models.testConnection(id),
      load: ({ id }) => models.load(id),
      unload: ({ id }) => models.unload(id),
      runtime: () => models.runtime(),
      download: ({ source, directory, sha256 }) => downloads.start(source, directory, sha256),
      cancelDownload: ({ downloadId }) => ({ cancelled: downloads.cancel(downloadId) }),
    },
    secrets: {
      list: () => secrets.list(),
      set: ({ name, value }) => {
        const info = secrets.set(name, value);
        events.emit('models.changed', { modelId: null });
        return info;
      },
      remove: ({ name }) => {
        const removed = secrets.remove(name);
        events.emit('models.changed', { modelId: null });
        return { removed };
      },
    },
    playground: {
      start: ({ modelIds, request }) => playground.start(modelIds, request),
      cancel: ({ runId }) => ({ cancelled: playground.cancel(runId) }),
    },
    datasets: {
      list: () => datasets.list(),
      get: (input) => datasets.get(input),
      preview: (input) => datasets.preview(input),
      import: (input) => datasets.import(input),
      quickAdd: (input) => datasets.quickAdd(input),
      rows: (input) => datasets.rows(input),
    },
    experiments: {
      list: () => experiments.list(),
      get: (input) => experiments.get(input),
      estimate: (input) => experiments.estimate(input),
      create: (input) => experiments.create(input),
      start: (input) => experiments.start(input),
      cancel: (input) => experiments.cancel(input),
      results: (input) => experiments.results(input),
    },
  };

  return {
    dispatch: createDispatcher(handlers, logger),
    onEvent: (listener) => events.subscribe(listener),
    close: async () => {
      playground.cancelAll();
      downloads.cancelAll();
      await experiments.close();
      await localHost.close();
      await db.close();
    },
  };
}
