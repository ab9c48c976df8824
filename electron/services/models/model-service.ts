import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { LocalModel, ModelEntry, Prices, RemoteModel, RemoteProvider, RuntimeInfo } from '../../../shared/contract/models.js';
import { localSettingsSchema, type LocalSettings, type LocalSettingsPatch } from '../../../shared/contract/models.js';
import { AppError } from '../../../shared/errors.js';
import type { EventBus } from '../event-bus.js';
import type { LocalInferenceHost, LocalModelSpec } from '../local-inference/local-inference-host.js';
import { createLocalProvider } from '../local-inference/local-provider.js';
import type { Provider } from '../providers/provider.js';
import { createRemoteProvider, preloadClient, testConnection, type ConnectionCheck } from '../providers/remote/index.js';
import { defaultApiKeyName, type SecretStore } from '../secrets/index.js';
import type { Database } from '../storage/database.js';
import { defaultPrices, unknownPrices } from './default-prices.js';
import { estimateMemory } from './gguf/estimate-memory.js';
import { inspectGguf } from './gguf/inspect-gguf.js';
import { scanForGguf } from './gguf/scan-for-gguf.js';
import * as repo from './model-repository.js';
import type { LocalConfig, ModelRecord, RemoteConfig } from './model-repository.js';
import { recordAudit } from '../storage/audit-log.js';

export interface AddRemoteInput {
  name?: string;
  provider: RemoteProvider;
  baseUrl?: string;
  model: string;
  apiKeyName?: string;
  prices?: Partial<Prices>;
}

export interface UpdateModelInput {
  id: string;
  name?: string;
  /** Null clears an optional setting. */
  settings?: LocalSettingsPatch;
  baseUrl?: string | null;
  model?: string;
  apiKeyName?: string;
  prices?: Partial<Prices>;
}

/** The model registry: entries in DuckDB (never a key), providers built from them on demand. */
export class ModelService {
  constructor(
    private readonly db: Database,
    private readonly events: EventBus,
    private readonly secrets: SecretStore,
    private readonly localHost: LocalInferenceHost,
  ) {
    localHost.onStatusChange((modelId) => this.events.emit('models.changed', { modelId }));
  }

  async list(): Promise<ModelEntry[]> {
    const records = await this.db.read((sql) => repo.listModelRecords(sql));
    return warmed(records.map((record) => this.toEntry(record)));
  }

  async get(id: string): Promise<ModelEntry> {
    return warmed([this.toEntry(await this.record(id))])[0]!;
  }

  async addLocal(path: string): Promise<{ added: ModelEntry[]; skipped: { path: string; reason: string }[] }> {
    const scan = await scanForGguf(path);
    const skipped = [...scan.skipped];
    if (scan.files.length === 0 && skipped.length === 0) skipped.push({ path, reason: 'No .gguf files were found here.' });
    const added: ModelEntry[] = [];
    for (const file of scan.files) {
      let header;
      try {
        header = await inspectGguf(file);
      } catch (error) {
        skipped.push({ path: file, reason: error instanceof Error ? error.message : String(error) });
        continue;
      }
      const settings = localSettingsSchema.parse({});
      const config: LocalConfig = { path: file, header, settings, estimatedMemoryBytes: await estimateSafely(file, settings) };
      const record = await this.db.transaction(async (sql) => {
        if (await repo.findLocalByPath(sql, file)) return undefined;
        const next = { id: randomUUID(), kind: 'local' as const, name: header.modelName ?? basename(file, '.gguf'), config, prices: unknownPrices };
        await repo.insertModelRecord(sql, next);
        await recordAudit(sql, 'model.create', 'model', next.id, { name: next.name, kind: 'local', path: file });
        return repo.findModelRecord(sql, next.id);
      });
      if (record) added.push(this.toEntry(record));
      else skipped.push({ path: file, reason: 'Already in the model list.' });
    }
    if (added.length > 0) this.events.emit('models.changed', { modelId: null });
    return { added, skipped };
  }

  async addRemote(input: AddRemoteInput): Promise<ModelEntry> {
    if (input.provider === 'openai-compatible' && !input.baseUrl) {
      throw new AppError('INVALID_INPUT', 'An OpenAI-compatible endpoint needs a base URL, e.g. http://127.0.0.1:8000/v1.');
    }
    const config: RemoteConfig = {
      provider: input.provider,
      baseUrl: input.baseUrl ?? null,
      model: input.model,
      apiKeyName: input.apiKeyName ?? defaultApiKeyName(input.provider, input.baseUrl),
    };
    const prices = { ...defaultPrices(input.provider, input.model), ...definedOnly(input.prices) };
    const id = randomUUID();
    const record = await this.db.transaction(async (sql) => {
      await repo.insertModelRecord(sql, { id, kind: 'remote', name: input.name ?? input.model, config, prices });
      // The key's name only, never a key.
      await recordAudit(sql, 'model.create', 'model', id, { name: input.name ?? input.model, kind: 'remote', provider: input.provider, model: input.model, baseUrl: config.baseUrl, prices });
      return repo.findModelRecord(sql, id);
    });
    this.events.emit('models.changed', { modelId: id });
    return warmed([this.toEntry(record!)])[0]!;
  }

  async update(input: UpdateModelInput): Promise<ModelEntry> {
    const current = await this.record(input.id);
    let next: ModelRecord;
    if (current.kind === 'local') {
      const settings = localSettingsSchema.parse(withoutNulls({ ...current.config.settings, ...definedOnly(input.settings) }));
      const changedLoad = JSON.stringify(settings) !== JSON.stringify(current.config.settings);
      next = {
        ...current,
        name: input.name ?? current.name,
        prices: { ...current.prices, ...definedOnly(input.prices) },
        config: {
          ...current.config,
          settings,
          estimatedMemoryBytes: changedLoad ? await estimateSafely(current.config.path, settings) : current.config.estimatedMemoryBytes,
        },
      };
      // New load settings take effect at the next load.
      if (changedLoad) await this.localHost.unload(current.id);
    } else {
      next = {
        ...current,
        name: input.name ?? current.name,
        prices: { ...current.prices, ...definedOnly(input.prices) },
        config: {
          ...current.config,
          baseUrl: input.baseUrl === undefined ? current.config.baseUrl : input.baseUrl,
          model: input.model ?? current.config.model,
          apiKeyName: input.apiKeyName ?? current.config.apiKeyName,
        },
      };
    }
    await this.db.transaction(async (sql) => {
      await repo.updateModelRecord(sql, next);
      await recordAudit(sql, 'model.update', 'model', next.id, { name: next.name, prices: next.prices });
    });
    this.events.emit('models.changed', { modelId: next.id });
    return this.get(next.id);
  }

  async remove(id: string): Promise<boolean> {
    await this.localHost.unload(id);
    const removed = await this.db.transaction(async (sql) => {
      const deleted = await repo.deleteModelRecord(sql, id);
      if (deleted) await recordAudit(sql, 'model.delete', 'model', id, {});
      return deleted;
    });
    if (removed) this.events.emit('models.changed', { modelId: id });
    return removed;
  }

  /** A provider for one generation; remote keys are read now, from the keychain or the environment. */
  async provider(id: string): Promise<Provider> {
    const entry = await this.get(id);
    if (entry.kind === 'local') return createLocalProvider(this.localHost, entry);
    return createRemoteProvider({
      provider: entry.provider,
      baseUrl: entry.baseUrl,
      model: entry.model,
      prices: entry.prices,
      apiKey: this.secrets.get(entry.apiKeyName),
      apiKeyName: entry.apiKeyName,
    });
  }

  async testConnection(id: string): Promise<ConnectionCheck> {
    const entry = await this.get(id);
    if (entry.kind === 'local') {
      const started = performance.now();
      try {
        await this.localHost.load(localSpec(entry));
      } catch (error) {
        return { ok: false, latencyMs: null, message: error instanceof Error ? error.message : String(error) };
      }
      const check = await testConnection(await this.provider(id));
      return check.ok ? { ...check, message: `Loaded in ${Math.round(performance.now() - started)} ms. ${check.message}` } : check;
    }
    return testConnection(await this.provider(id));
  }

  async load(id: string): Promise<ModelEntry> {
    const entry = await this.get(id);
    if (entry.kind !== 'local') throw new AppError('INVALID_INPUT', 'Only local models are loaded; remote models are always ready.');
    try {
      await this.localHost.load(localSpec(entry));
    } catch (error) {
      throw new AppError('INVALID_INPUT', error instanceof Error ? error.message : String(error));
    }
    return this.get(id);
  }

  async unload(id: string): Promise<ModelEntry> {
    await this.localHost.unload(id);
    return this.get(id);
  }

  runtime(): Promise<RuntimeInfo> {
    return this.localHost.runtimeInfo();
  }

  private async record(id: string): Promise<ModelRecord> {
    const record = await this.db.read((sql) => repo.findModelRecord(sql, id));
    if (!record) throw new AppError('NOT_FOUND', 'This model is not in the model list.');
    return record;
  }

  private toEntry(record: ModelRecord): ModelEntry {
    const base = { id: record.id, name: record.name, prices: record.prices, createdAt: record.createdAt };
    if (record.kind === 'local') {
      const entry: LocalModel = {
        ...base,
        kind: 'local',
        path: record.config.path,
        header: record.config.header,
        settings: record.config.settings,
        estimatedMemoryBytes: record.config.estimatedMemoryBytes ?? null,
        status: this.localHost.status(record.id),
      };
      return entry;
    }
    const entry: RemoteModel = {
      ...base,
      kind: 'remote',
      provider: record.config.provider,
      baseUrl: record.config.baseUrl,
      model: record.config.model,
      apiKeyName: record.config.apiKeyName,
      apiKeySet: this.secrets.get(record.config.apiKeyName) !== undefined,
      status: { state: 'idle', message: null },
    };
    return entry;
  }
}

export function localSpec(entry: LocalModel): LocalModelSpec {
  return { id: entry.id, name: entry.name, path: entry.path, settings: entry.settings, trainedContextLength: entry.header?.trainedContextLength ?? null };
}

async function estimateSafely(path: string, settings: LocalSettings): Promise<number | null> {
  try {
    return await estimateMemory(path, settings);
  } catch {
    return null;
  }
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Remote entries someone is about to use: their client packages start loading in the background. */
function warmed(entries: ModelEntry[]): ModelEntry[] {
  for (const entry of entries) if (entry.kind === 'remote') preloadClient(entry.provider);
  return entries;
}

/** A merged settings patch with its cleared (null) settings removed, so they fall back to their defaults. */
function withoutNulls(settings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== null));
}
