import { join } from 'node:path';
import { defaultJudgePrompt } from '../../shared/contract/leaderboard.js';
import { createDispatcher } from './dispatcher.js';
import { EventBus } from './event-bus.js';
import type { Handlers } from './handlers.js';
import { forkWorkerLauncher } from './local-inference/fork-worker-launcher.js';
import { LocalInferenceHost } from './local-inference/local-inference-host.js';
import { consoleLogger } from './logger.js';
import { CompareService, compareHandlers } from './compare/index.js';
import { DatasetService } from './datasets/dataset-service.js';
import { exportHandlers } from './export/index.js';
import { ExperimentService } from './experiments/experiment-service.js';
import { JudgeService } from './judges/judge-service.js';
import { AnnotatorService } from './labeling/annotator-service.js';
import { LabelingService } from './labeling/labeling-service.js';
import { LeaderboardService } from './leaderboard/leaderboard-service.js';
import { MonitorService } from './monitor/monitor-service.js';
import { DownloadService } from './models/download-service.js';
import { ModelService } from './models/model-service.js';
import { PlaygroundService } from './playground/playground-service.js';
import { PreferencesService } from './preferences/preferences-service.js';
import { PromptService } from './prompts/prompt-service.js';
import { ScoringService } from './scoring/scoring-service.js';
import { environmentSecretStore } from './secrets/index.js';
import { Database } from './storage/database.js';
import { migrate } from './storage/migrations.js';
import type { Backend, BackendOptions } from './types.js';
import { workspaceHandlers } from './workspace/workspace-handlers.js';

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
  const annotators = new AnnotatorService(db, events);
  const labeling = new LabelingService(db, events);
  const leaderboard = new LeaderboardService(db, labeling);
  const judges = new JudgeService(db, events, models, annotators, labeling, { logger });
  // Both listen for the runner's events (a stored generation, progress): scoring and alerts stay off the run's path.
  const scoring = new ScoringService(db, events, models, { logger });
  scoring.attach();
  const monitor = new MonitorService(db, events, { logger });
  monitor.attach();

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
    workspace: workspaceHandlers(options.dataDir, options.workspaces),
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
    compare: compareHandlers(new CompareService(db)),
    export: exportHandlers(db, events, { workspaceDir: options.dataDir, appVersion: options.appVersion ?? '0.0.0', secrets }),
    annotators: {
      list: () => annotators.list(),
      create: ({ name }) => annotators.create(name),
    },
    labeling: {
      listTaskSets: () => labeling.listTaskSets(),
      getTaskSet: (input) => labeling.getTaskSet(input),
      previewTaskSet: (input) => labeling.previewTaskSet(input),
      createTaskSet: (input) => labeling.createTaskSet(input),
      queue: (input) => labeling.queue(input),
      item: (input) => labeling.item(input),
      submit: (input) => labeling.submit(input),
      retract: (input) => labeling.retract(input),
      review: (input) => labeling.review(input),
      adjudicate: (input) => labeling.adjudicate(input),
    },
    leaderboard: {
      get: (input) => leaderboard.get(input),
    },
    scoring: {
      configure: (input) => scoring.configure(input),
      status: ({ experimentId }) => scoring.status(experimentId),
      scores: (input) => scoring.scores(input),
      rows: (input) => scoring.rows(input),
      test: (input) => scoring.test(input),
    },
    monitor: {
      overview: (input) => monitor.overview(input),
      trend: (input) => monitor.trend(input),
      generations: (input) => monitor.generations(input),
      compare: (input) => monitor.compare(input),
      alerts: (input) => monitor.alerts(input),
      audit: (input) => monitor.audit(input),
      exportAudit: (input) => monitor.exportAudit(input),
    },
    judges: {
      defaultPrompt: () => ({ prompt: defaultJudgePrompt }),
      start: (input) => judges.start(input),
      cancel: (input) => judges.cancel(input),
      runs: (input) => judges.runs(input),
    },
  };

  return {
    dispatch: createDispatcher(handlers, logger),
    onEvent: (listener) => events.subscribe(listener),
    close: async () => {
      playground.cancelAll();
      downloads.cancelAll();
      await judges.close();
      await experiments.close();
      monitor.close();
      await scoring.close();
      await localHost.close();
      await db.close();
    },
  };
}
