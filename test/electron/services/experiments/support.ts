import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { databaseFileName } from '../../../../electron/services/bootstrap.js';
import { Database } from '../../../../electron/services/storage/database.js';
import { migrate } from '../../../../electron/services/storage/migrations.js';
import type { ExperimentProgress, GenerationRecord } from '../../../../shared/contract/experiments.js';
import type { EventName } from '../../../../shared/contract/index.js';
import type { ChatTemplate } from '../../../../shared/contract/prompts.js';

export interface DatasetSpec {
  name: string;
  /** Each row's template variables; every row of a dataset has the same names. */
  rows: Record<string, unknown>[];
  reference?: (string | null)[];
  context?: (string | null)[];
}

export interface SeededDataset {
  datasetId: string;
  versionId: string;
  rowIds: string[];
}

/**
 * Writes datasets straight into a workspace with SQL, the way an import leaves them (the import
 * itself is tested elsewhere). Runs before the backend opens the file: DuckDB allows one opener.
 */
export async function seedDatasets(dataDir: string, specs: DatasetSpec[]): Promise<SeededDataset[]> {
  const db = await Database.open(join(dataDir, databaseFileName));
  try {
    await migrate(db);
    const seeded: SeededDataset[] = [];
    for (const [index, spec] of specs.entries()) {
      const datasetId = `dataset-${index + 1}-${slug(spec.name)}`;
      const versionId = `${datasetId}-v1`;
      const variables = Object.keys(spec.rows[0] ?? {});
      const rowIds = spec.rows.map((row, rowIndex) => createHash('sha256').update(`${JSON.stringify(row)}#${rowIndex}`).digest('hex').slice(0, 16));
      await db.transaction(async (sql) => {
        await sql.run('INSERT INTO datasets (id, name) VALUES ($id, $name)', { id: datasetId, name: spec.name });
        await sql.run(
          `INSERT INTO dataset_versions (id, dataset_id, number, row_count, variables, has_reference, has_context, source)
           VALUES ($id, $datasetId, 1, $rowCount, $variables, $hasReference, $hasContext, 'test')`,
          {
            id: versionId,
            datasetId,
            rowCount: spec.rows.length,
            variables: JSON.stringify(variables),
            hasReference: spec.reference !== undefined,
            hasContext: spec.context !== undefined,
          },
        );
        const appender = await sql.appender('dataset_rows');
        for (const [rowIndex, row] of spec.rows.entries()) {
          appender.appendVarchar(versionId);
          appender.appendInteger(rowIndex);
          appender.appendVarchar(rowIds[rowIndex]!);
          appender.appendVarchar(JSON.stringify(row));
          const reference = spec.reference?.[rowIndex] ?? null;
          const context = spec.context?.[rowIndex] ?? null;
          if (reference === null) appender.appendNull();
          else appender.appendVarchar(reference);
          if (context === null) appender.appendNull();
          else appender.appendVarchar(context);
          appender.endRow();
        }
        appender.flushSync();
        appender.closeSync();
      });
      seeded.push({ datasetId, versionId, rowIds });
    }
    return seeded;
  } finally {
    await db.close();
  }
}

type Call = <T = any>(channel: string, input?: unknown) => Promise<T>;

/** A prompt with one version per template; returns the version ids in order. */
export async function createPrompt(call: Call, name: string, templates: ChatTemplate[]): Promise<string[]> {
  const [first, ...rest] = templates;
  const created = await call('prompts.create', { name, template: first });
  const ids: string[] = [created.head.id];
  for (const template of rest) {
    const saved = await call('prompts.saveVersion', { promptId: created.id, template });
    ids.push(saved.version.id);
  }
  return ids;
}

export const userTemplate = (content: string, system = 'You answer briefly.'): ChatTemplate => ({
  messages: [
    { role: 'system', content: system },
    { role: 'user', content },
  ],
});

/** Collects an experiment's events from a backend's event stream. */
export function eventLog(subscribe: (listener: (event: EventName, payload: any) => void) => () => void) {
  const progress: ExperimentProgress[] = [];
  const generations: GenerationRecord[] = [];
  const unsubscribe = subscribe((event, payload) => {
    if (event === 'experiment.progress') progress.push(payload);
    if (event === 'experiment.generation') generations.push(payload);
  });
  return { progress, generations, unsubscribe };
}

/** Polls `experiments.get` until the run leaves 'running' (the backend runs it in the background). */
export async function waitForRun(call: Call, id: string, timeoutMs = 60_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const summary = await call('experiments.get', { id });
    if (summary.state !== 'running') return summary;
    if (Date.now() > deadline) throw new Error(`Experiment ${id} still running after ${timeoutMs} ms: ${JSON.stringify(summary.progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Every stored generation of an experiment, in matrix order. */
export async function allResults(call: Call, id: string): Promise<GenerationRecord[]> {
  const all: GenerationRecord[] = [];
  for (;;) {
    const page = await call('experiments.results', { id, offset: all.length, limit: 5000 });
    all.push(...page.generations);
    if (page.generations.length === 0 || all.length >= page.total) return all;
  }
}

export function cellOf(g: GenerationRecord): string {
  return `${g.promptVersionId}|${g.modelId}|${g.rowId}|${g.sampleIndex}`;
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
