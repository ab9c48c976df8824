import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, renameSync, createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { Api } from '../../shared/contract/api.js';
import type { DatasetDetail, DatasetVersion } from '../../shared/contract/datasets.js';
import type { ExperimentConfigInput } from '../../shared/contract/experiments.js';
import type { ModelEntry } from '../../shared/contract/models.js';
import type { PromptVersion } from '../../shared/contract/prompts.js';
import { AppError } from '../../shared/errors.js';
import { contentHash } from '../services/prompts/prompt-service.js';
import { ExperimentFileError, fieldName, judgePlaceholder, type DatasetSpec, type ExperimentSpec, type ModelSpec, type PathSegment, type PromptSpec } from './experiment-file.js';

/**
 * Turns a validated experiment file into an experiment config, through the same contract the
 * app uses. What the workspace already has is reused (prompts by name and content, models by
 * path or endpoint, datasets by name and file content), so running a file twice adds nothing.
 */

export interface ResolvedPrompt {
  versionId: string;
  promptId: string;
  name: string;
  number: number;
  /** How it was found: 'reused' an existing version, 'created' a new prompt or version. */
  origin: 'reused' | 'created';
}

export interface ResolvedModel {
  id: string;
  entry: ModelEntry;
  name: string;
  kind: 'local' | 'remote';
  params: ModelSpec['params'];
  origin: 'reused' | 'created' | 'updated';
}

export interface ResolvedDataset {
  datasetId: string;
  versionId: string;
  name: string;
  number: number;
  rowCount: number;
  origin: 'reused' | 'imported';
}

export interface ResolvedExperiment {
  prompts: ResolvedPrompt[];
  models: ResolvedModel[];
  dataset: ResolvedDataset;
  config: ExperimentConfigInput;
}

export async function resolveExperiment(api: Api, spec: ExperimentSpec, dataDir: string): Promise<ResolvedExperiment> {
  const fail = (path: PathSegment[], message: string): never => {
    throw new ExperimentFileError([{ where: spec.locate(path), field: fieldName(path), message }]);
  };

  const prompts: ResolvedPrompt[] = [];
  for (const prompt of spec.prompts) {
    const resolved = await guard(() => resolvePrompt(api, prompt), ['prompts', prompt.index], fail);
    const twin = prompts.findIndex((other) => other.versionId === resolved.versionId);
    if (twin >= 0) fail(['prompts', prompt.index], `is the same prompt version as prompts[${twin}] (${resolved.name} v${resolved.number})`);
    prompts.push(resolved);
  }

  const entries = await api.models.list();
  const models: ResolvedModel[] = [];
  for (const model of spec.models) {
    const resolved = await guard(() => resolveModel(api, entries, model), ['models', model.index], fail);
    // Hosted APIs refuse every request without a key: better said once now than on every cell.
    const { entry } = resolved;
    if (entry.kind === 'remote' && !entry.apiKeySet && (entry.provider !== 'openai-compatible' || model.kind === 'remote' && model.apiKeyEnv)) {
      fail(['models', model.index, ...(model.kind === 'remote' && model.apiKeyEnv ? ['apiKeyEnv'] : [])], `the environment variable ${entry.apiKeyName} is not set; API keys come from the environment, never from the file`);
    }
    models.push(resolved);
  }

  const dataset = await guard(() => resolveDataset(api, spec.dataset, dataDir), ['dataset'], fail);

  const config: ExperimentConfigInput = {
    name: spec.name,
    promptVersionIds: prompts.map((prompt) => prompt.versionId),
    models: models.map((model) => ({ modelId: model.id, params: model.params })),
    datasetVersionId: dataset.versionId,
    samples: spec.samples,
    seed: spec.seed,
    budget: spec.budget,
    ...(spec.concurrency === null ? {} : { remoteConcurrency: spec.concurrency }),
    ...(spec.maxRetries === null ? {} : { maxRetries: spec.maxRetries }),
    ...(spec.timeoutSeconds === null ? {} : { timeoutSeconds: spec.timeoutSeconds }),
    ...(spec.scorers.length > 0 ? { scorers: resolveJudges(spec, models, entries, fail) } : {}),
    ...(spec.alerts ? { alerts: spec.alerts } : {}),
  };
  return { prompts, models, dataset, config };
}

/** A judge named in a scorer (`judge: <model name>`): a model of the file first, else of the workspace. */
function resolveJudges(spec: ExperimentSpec, models: ResolvedModel[], entries: ModelEntry[], fail: (path: PathSegment[], message: string) => never) {
  return spec.scorers.map((scorer, index) => {
    if (!('modelId' in scorer) || !scorer.modelId.startsWith(judgePlaceholder)) return scorer;
    const name = scorer.modelId.slice(judgePlaceholder.length);
    const found = models.find((model) => model.name === name)?.id ?? entries.find((entry) => entry.name === name)?.id;
    if (!found) return fail(['scorers', index, 'judge'], `there is no model named “${name}” in the file or the workspace`);
    return { ...scorer, modelId: found };
  });
}

/** A contract error while resolving one entry of the file becomes a problem at that entry. */
async function guard<T>(work: () => Promise<T>, path: PathSegment[], fail: (path: PathSegment[], message: string) => never): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.code !== 'INTERNAL') return fail(path, error.message);
    throw error;
  }
}

async function resolvePrompt(api: Api, spec: PromptSpec): Promise<ResolvedPrompt> {
  const existing = (await api.prompts.list({ query: spec.name, includeArchived: true })).find(
    (prompt) => prompt.name.toLowerCase() === spec.name.toLowerCase(),
  );
  const from = (version: PromptVersion, name: string, origin: ResolvedPrompt['origin']): ResolvedPrompt => ({
    versionId: version.id,
    promptId: version.promptId,
    name,
    number: version.number,
    origin,
  });

  if (spec.kind === 'saved') {
    if (!existing) throw new AppError('NOT_FOUND', `there is no prompt named “${spec.name}” in this workspace`);
    const detail = await api.prompts.get({ id: existing.id });
    if (spec.label !== null) {
      const labelled = detail.versions.find((version) => version.labels.includes(spec.label!));
      if (!labelled) throw new AppError('NOT_FOUND', `prompt “${detail.name}” has no version labelled “${spec.label}”`);
      return from(await api.prompts.getVersion({ promptId: detail.id, number: labelled.number }), detail.name, 'reused');
    }
    if (spec.version !== null) {
      if (!detail.versions.some((version) => version.number === spec.version)) {
        throw new AppError('NOT_FOUND', `prompt “${detail.name}” has no version ${spec.version} (it has 1–${detail.latestVersion})`);
      }
      return from(await api.prompts.getVersion({ promptId: detail.id, number: spec.version }), detail.name, 'reused');
    }
    return from(detail.head, detail.name, 'reused');
  }

  if (!existing) {
    const created = await api.prompts.create({ name: spec.name, template: spec.template });
    return from(created.head, created.name, 'created');
  }
  // Any version with this exact content is reused, not only the newest: a file that compares two
  // versions of one prompt would otherwise add both again on every run.
  const detail = await api.prompts.get({ id: existing.id });
  const hash = contentHash(spec.template);
  const same = detail.versions.find((version) => version.hash === hash);
  if (same) return from(await api.prompts.getVersion({ promptId: detail.id, number: same.number }), detail.name, 'reused');
  const saved = await api.prompts.saveVersion({ promptId: detail.id, template: spec.template, note: 'From arbiter run' });
  return from(saved.version, detail.name, saved.created ? 'created' : 'reused');
}

async function resolveModel(api: Api, entries: ModelEntry[], spec: ModelSpec): Promise<ResolvedModel> {
  const done = (entry: ModelEntry, origin: ResolvedModel['origin']): ResolvedModel => ({
    id: entry.id,
    entry,
    name: spec.name ?? entry.name,
    kind: entry.kind,
    params: spec.params,
    origin,
  });

  if (spec.kind === 'local') {
    let entry = entries.find((candidate) => candidate.kind === 'local' && candidate.path === spec.path);
    let origin: ResolvedModel['origin'] = 'reused';
    if (!entry) {
      const added = await api.models.addLocal({ path: spec.path });
      const first = added.added[0];
      if (!first) throw new AppError('INVALID_INPUT', added.skipped[0]?.reason ?? 'this file could not be added as a model');
      entry = first;
      entries.push(first);
      origin = 'created';
      if (spec.name && spec.name !== entry.name) entry = await api.models.update({ id: entry.id, name: spec.name });
    }
    const changed = changedFields(entry.kind === 'local' ? entry.settings : {}, spec.settings ?? {});
    const priceChange = changedFields(entry.prices, spec.prices ?? {});
    if (changed || priceChange) {
      entry = await api.models.update({ id: entry.id, ...(changed ? { settings: spec.settings ?? {} } : {}), ...(priceChange ? { prices: spec.prices ?? {} } : {}) });
      if (origin === 'reused') origin = 'updated';
    }
    return done(entry, origin);
  }

  const baseUrl = spec.baseUrl === null ? null : trimSlash(spec.baseUrl);
  let entry = entries.find(
    (candidate) =>
      candidate.kind === 'remote' &&
      candidate.provider === spec.provider &&
      (candidate.baseUrl === null ? null : trimSlash(candidate.baseUrl)) === baseUrl &&
      candidate.model === spec.model,
  );
  if (!entry) {
    entry = await api.models.addRemote({
      provider: spec.provider,
      model: spec.model,
      ...(spec.name ? { name: spec.name } : {}),
      ...(spec.baseUrl ? { baseUrl: spec.baseUrl } : {}),
      ...(spec.apiKeyEnv ? { apiKeyName: spec.apiKeyEnv } : {}),
      ...(spec.prices ? { prices: spec.prices } : {}),
    });
    entries.push(entry);
    return done(entry, 'created');
  }
  const keyChange = entry.kind === 'remote' && spec.apiKeyEnv !== null && entry.apiKeyName !== spec.apiKeyEnv;
  const priceChange = changedFields(entry.prices, spec.prices ?? {});
  if (!keyChange && !priceChange) return done(entry, 'reused');
  const updated = await api.models.update({
    id: entry.id,
    ...(keyChange && spec.apiKeyEnv ? { apiKeyName: spec.apiKeyEnv } : {}),
    ...(priceChange ? { prices: spec.prices ?? {} } : {}),
  });
  return done(updated, 'updated');
}

function changedFields(current: object, wanted: object): boolean {
  const have = current as Record<string, unknown>;
  return Object.entries(wanted).some(([key, value]) => value !== undefined && JSON.stringify(have[key]) !== JSON.stringify(value));
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * Which file content was imported as which dataset version. Versions are immutable and an
 * import always adds one, so without this a CI job would add a version on every run. It sits
 * beside the workspace file; losing it costs one extra version, nothing else.
 */
const importsFile = 'cli-imports.json';
type ImportLedger = Record<string, { datasetId: string; versionId: string }>;

async function resolveDataset(api: Api, spec: DatasetSpec, dataDir: string): Promise<ResolvedDataset> {
  const fingerprint = createHash('sha256')
    .update(await fileSha256(spec.path))
    .update(JSON.stringify({ name: spec.name.toLowerCase(), format: spec.format, mapping: spec.mapping }))
    .digest('hex');
  const existing = (await api.datasets.list()).find((dataset) => dataset.name.toLowerCase() === spec.name.toLowerCase());
  const ledger = readLedger(dataDir);

  if (existing) {
    const known = ledger[fingerprint];
    if (known && known.datasetId === existing.id) {
      const detail = await api.datasets.get({ id: existing.id });
      const version = detail.versions.find((candidate) => candidate.id === known.versionId);
      if (version) return fromVersion(detail, version, 'reused');
    }
  }

  const source = { kind: 'file' as const, path: spec.path, ...(spec.format ? { format: spec.format } : {}) };
  const imported = await api.datasets.import({
    ...(existing ? { datasetId: existing.id } : { name: spec.name }),
    source,
    mapping: spec.mapping,
  });
  const version = imported.latest;
  writeLedger(dataDir, { ...ledger, [fingerprint]: { datasetId: imported.id, versionId: version.id } });
  return fromVersion(imported, version, 'imported');
}

function fromVersion(detail: DatasetDetail, version: DatasetVersion, origin: ResolvedDataset['origin']): ResolvedDataset {
  return { datasetId: detail.id, versionId: version.id, name: detail.name, number: version.number, rowCount: version.rowCount, origin };
}

function readLedger(dataDir: string): ImportLedger {
  try {
    const value: unknown = JSON.parse(readFileSync(join(dataDir, importsFile), 'utf8'));
    return value && typeof value === 'object' ? (value as ImportLedger) : {};
  } catch {
    return {};
  }
}

function writeLedger(dataDir: string, ledger: ImportLedger): void {
  const path = join(dataDir, importsFile);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(ledger, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

function fileSha256(path: string): Promise<string> {
  return new Promise((resolveHash, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolveHash(hash.digest('hex')))
      .on('error', reject);
  });
}
