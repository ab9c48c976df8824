import { join } from 'node:path';
import { createDispatcher } from './dispatcher.js';
import { EventBus } from './event-bus.js';
import type { Handlers } from './handlers.js';
import { consoleLogger } from './logger.js';
import { PreferencesService } from './preferences/preferences-service.js';
import { PromptService } from './prompts/prompt-service.js';
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
  };

  return {
    dispatch: createDispatcher(handlers, logger),
    onEvent: (listener) => events.subscribe(listener),
    close: () => db.close(),
  };
}
