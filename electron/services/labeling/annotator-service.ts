import { randomUUID } from 'node:crypto';
import type { Annotator } from '../../../shared/contract/labeling.js';
import { AppError } from '../../../shared/errors.js';
import { recordAudit } from '../storage/audit-log.js';
import type { EventBus } from '../event-bus.js';
import type { Database, Sql } from '../storage/database.js';
import * as repo from './labeling-repository.js';

/** Named local annotator profiles (humans), and the profiles LLM judges vote under. */
export class AnnotatorService {
  constructor(
    private readonly db: Database,
    private readonly events: EventBus,
  ) {}

  async list(): Promise<Annotator[]> {
    const rows = await this.db.read((sql) => repo.listAnnotators(sql));
    return rows.map(toAnnotator);
  }

  async create(name: string): Promise<Annotator> {
    const id = randomUUID();
    await this.db.transaction(async (sql) => {
      if (await repo.findAnnotatorByName(sql, name)) throw new AppError('CONFLICT', `There is already an annotator called “${name}”.`);
      await repo.insertAnnotator(sql, { id, name, kind: 'human', modelId: null });
      await recordAudit(sql, 'create', 'annotator', id, { name });
    });
    this.events.emit('annotators.changed', { annotatorId: id });
    return this.get(id);
  }

  async get(id: string): Promise<Annotator> {
    const found = (await this.list()).find((annotator) => annotator.id === id);
    if (!found) throw new AppError('NOT_FOUND', 'This annotator does not exist.');
    return found;
  }

  /** A human who may judge: refuses unknown ids and LLM profiles. */
  static async requireHuman(sql: Sql, id: string): Promise<repo.AnnotatorRecord> {
    const annotator = await repo.findAnnotator(sql, id);
    if (!annotator) throw new AppError('NOT_FOUND', 'This annotator does not exist; pick one in the header.');
    if (annotator.kind !== 'human') throw new AppError('INVALID_INPUT', `“${annotator.name}” is an LLM judge, not a person.`);
    return annotator;
  }

  /**
   * The profile a judge votes under, made on first use: one per model and judge prompt, so
   * verdicts given under an edited prompt are never mixed with the default prompt's.
   */
  async judgeFor(modelId: string, modelName: string, promptVariant: string | null): Promise<repo.AnnotatorRecord> {
    const name = promptVariant === null ? `Judge · ${modelName}` : `Judge · ${modelName} · prompt ${promptVariant}`;
    const { annotator, created } = await this.db.transaction(async (sql) => {
      const existing = await repo.findJudgeAnnotator(sql, modelId, name);
      if (existing) return { annotator: existing, created: false };
      const record = { id: randomUUID(), name, kind: 'llm' as const, modelId };
      await repo.insertAnnotator(sql, record);
      await recordAudit(sql, 'create', 'annotator', record.id, { name: record.name, modelId });
      return { annotator: { ...record, createdAt: new Date().toISOString() }, created: true };
    });
    if (created) this.events.emit('annotators.changed', { annotatorId: annotator.id });
    return annotator;
  }
}

function toAnnotator(row: repo.AnnotatorRecord & { judgments: number }): Annotator {
  return { id: row.id, name: row.name, kind: row.kind, modelId: row.modelId, createdAt: row.createdAt, judgments: row.judgments };
}
