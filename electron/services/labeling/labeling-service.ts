import { groupBy } from '../../../shared/collections.js';
import { createHash, randomUUID } from 'node:crypto';
import type { MethodOutput, ParsedInput } from '../../../shared/contract/index.js';
import type { Judgment, ReviewItem, TaskSetConfig, TaskSetSummary, Variant } from '../../../shared/contract/labeling.js';
import { AppError } from '../../../shared/errors.js';
import type { EventBus } from '../event-bus.js';
import { findExperiment, type ExperimentRecord } from '../experiments/experiment-repository.js';
import { recordAudit } from '../storage/audit-log.js';
import type { Database, Sql } from '../storage/database.js';
import { AnnotatorService } from './annotator-service.js';
import { itemContents, revealOf } from './item-content.js';
import * as repo from './labeling-repository.js';
import { countItems, insertItems } from './task-items.js';
import { experimentVariants } from './variants.js';
import { checkVerdict, verdictCategory, verdictOutcomes } from './verdicts.js';

type Method = 'listTaskSets' | 'getTaskSet' | 'previewTaskSet' | 'createTaskSet' | 'queue' | 'item' | 'submit' | 'retract' | 'review' | 'adjudicate';
type In<M extends Method> = ParsedInput<'labeling', M>;
type Out<M extends Method> = Promise<MethodOutput<'labeling', M>>;

/** A task set with what every view of it needs: its experiment and its variants by key. */
export interface LoadedTaskSet {
  record: repo.TaskSetRecord;
  experiment: ExperimentRecord;
  variants: Variant[];
  variantsByKey: Map<string, Variant>;
}

/** The judgment key: one per (who, which item, which shown order, in which role). */
export function judgmentKey(annotatorId: string, itemId: string, shown: readonly string[], source: string): string {
  return createHash('sha256').update([annotatorId, itemId, shown.join(','), source].join('\u0000')).digest('hex').slice(0, 32);
}

/**
 * Task sets made from experiments, the blind queue, and judgments as append-only facts: a change
 * or an undo is a new revision, so nothing a person decided is ever overwritten.
 */
export class LabelingService {
  constructor(
    private readonly db: Database,
    private readonly events: EventBus,
  ) {}

  async listTaskSets(): Out<'listTaskSets'> {
    return this.db.read(async (sql) => {
      const records = await repo.listTaskSets(sql);
      const counts = await repo.taskSetCounts(sql, null);
      const summaries: TaskSetSummary[] = [];
      for (const record of records) {
        const loaded = await this.loadWith(sql, record);
        if (loaded) summaries.push(summary(loaded, counts.get(record.id)));
      }
      return summaries;
    });
  }

  async getTaskSet(input: In<'getTaskSet'>): Out<'getTaskSet'> {
    return this.db.read(async (sql) => {
      const loaded = await this.loadTaskSet(sql, input.id);
      return summary(loaded, (await repo.taskSetCounts(sql, input.id)).get(input.id));
    });
  }

  async previewTaskSet(input: In<'previewTaskSet'>): Out<'previewTaskSet'> {
    return this.db.read(async (sql) => {
      const plan = await this.plan(sql, input);
      if (plan.problems.length > 0) return { items: 0, variants: plan.variants, problems: plan.problems };
      const items = await countItems(sql, input.experimentId, input, plan.keys);
      return { items, variants: plan.variants, problems: items === 0 ? [await this.emptyReason(sql, input.experimentId)] : [] };
    });
  }

  async createTaskSet(input: In<'createTaskSet'>): Out<'createTaskSet'> {
    const id = randomUUID();
    await this.db.transaction(async (sql) => {
      const plan = await this.plan(sql, input);
      if (plan.problems.length > 0) throw new AppError('INVALID_INPUT', plan.problems.join(' '));
      await repo.insertTaskSet(sql, { id, name: input.name, experimentId: input.experimentId, kind: input.kind, config: input });
      const items = await insertItems(sql, id, input.experimentId, input, plan.keys);
      if (items === 0) throw new AppError('INVALID_INPUT', await this.emptyReason(sql, input.experimentId));
      await recordAudit(sql, 'create', 'task_set', id, { name: input.name, kind: input.kind, experimentId: input.experimentId, items });
    });
    this.events.emit('labeling.changed', { taskSetId: id });
    return this.getTaskSet({ id });
  }

  async queue(input: In<'queue'>): Out<'queue'> {
    return this.db.read(async (sql) => {
      await AnnotatorService.requireHuman(sql, input.annotatorId);
      const set = await this.loadTaskSet(sql, input.taskSetId);
      const page = await repo.queueFor(sql, set.record.id, input.annotatorId, set.record.config.overlap, input.exclude, input.limit);
      const items = await itemContents(sql, page.items, this.view(set, input.annotatorId, !set.record.config.blind));
      return { items, done: page.done, remaining: page.remaining, total: page.done + page.remaining };
    });
  }

  async item(input: In<'item'>): Out<'item'> {
    return this.db.read(async (sql) => {
      await AnnotatorService.requireHuman(sql, input.annotatorId);
      const item = await this.requireItem(sql, input.itemId);
      const set = await this.loadTaskSet(sql, item.taskSetId);
      const current = (await repo.currentJudgments(sql, set.record.id, [item.id])).find(
        (row) => row.annotatorId === input.annotatorId && row.source === 'human',
      );
      const currentJudgment = current && toJudgment(current);
      const reveal = !set.record.config.blind || currentJudgment !== undefined;
      const [content] = await itemContents(sql, [item], this.view(set, input.annotatorId, reveal), new Map(currentJudgment ? [[item.id, currentJudgment]] : []));
      return content!;
    });
  }

  async submit(input: In<'submit'>): Out<'submit'> {
    const result = await this.db.transaction(async (sql) => {
      await AnnotatorService.requireHuman(sql, input.annotatorId);
      const item = await this.requireItem(sql, input.itemId);
      const set = await this.loadTaskSet(sql, item.taskSetId);
      const earlier = input.judgmentId === undefined ? undefined : await repo.findJudgmentRow(sql, input.judgmentId);
      if (earlier) {
        // The same submit again (its answer was lost): nothing new is written.
        if (earlier.itemId !== item.id || earlier.annotatorId !== input.annotatorId) throw new AppError('CONFLICT', 'This judgment id is already used for another item.');
        return { judgment: toJudgment(earlier), reveal: await revealOf(sql, earlier.shownOrder, set.variantsByKey), taskSetId: set.record.id };
      }
      checkShownOrder(input.shownOrder, item.generationIds);
      checkVerdict(input.verdict, set.record.kind, set.record.config, item.generationIds);
      checkTags(input.tags, set.record.config.tags);
      const id = input.judgmentId ?? randomUUID();
      const key = judgmentKey(input.annotatorId, item.id, input.shownOrder, 'human');
      await repo.appendJudgment(sql, {
        id,
        key,
        taskSetId: set.record.id,
        itemId: item.id,
        annotatorId: input.annotatorId,
        source: 'human',
        retracted: false,
        shownOrder: input.shownOrder,
        verdict: input.verdict,
        rationale: input.rationale,
        tags: input.tags,
        flagged: input.flagged,
        durationMs: input.durationMs,
        rawOutput: null,
      });
      await recordAudit(sql, 'create', 'judgment', id, { taskSetId: set.record.id, itemId: item.id, annotatorId: input.annotatorId });
      const saved = await repo.findJudgmentRow(sql, id);
      return { judgment: toJudgment(saved!), reveal: await revealOf(sql, input.shownOrder, set.variantsByKey), taskSetId: set.record.id };
    });
    this.events.emit('labeling.changed', { taskSetId: result.taskSetId });
    return { judgment: result.judgment, reveal: result.reveal };
  }

  async retract(input: In<'retract'>): Out<'retract'> {
    const result = await this.db.transaction(async (sql) => {
      const row = await repo.findJudgmentRow(sql, input.judgmentId);
      if (!row) throw new AppError('NOT_FOUND', 'This judgment does not exist.');
      const latest = await repo.latestRevision(sql, row.key);
      if (latest && latest.revision > row.revision && !latest.retracted) {
        throw new AppError('CONFLICT', 'This judgment was changed since; undo the newer one instead.');
      }
      if (latest?.retracted) return { itemId: row.itemId, taskSetId: row.taskSetId };
      const id = randomUUID();
      await repo.appendJudgment(sql, { ...row, id, retracted: true, verdict: null, rawOutput: null });
      await recordAudit(sql, 'retract', 'judgment', row.id, { taskSetId: row.taskSetId, itemId: row.itemId, annotatorId: row.annotatorId });
      return { itemId: row.itemId, taskSetId: row.taskSetId };
    });
    this.events.emit('labeling.changed', { taskSetId: result.taskSetId });
    return { itemId: result.itemId };
  }

  async review(input: In<'review'>): Out<'review'> {
    return this.db.read(async (sql) => {
      const set = await this.loadTaskSet(sql, input.taskSetId);
      const judgments = (await repo.currentJudgments(sql, set.record.id)).filter((row) => row.source !== 'llm' && row.verdict !== null);
      const byItem = groupBy(judgments, (row) => row.itemId);
      const items = await repo.findItems(sql, [...byItem.keys()]);
      const chosen: { item: repo.ItemRecord; reasons: ReviewItem['reasons'] }[] = [];
      for (const item of items) {
        const rows = byItem.get(item.id) ?? [];
        const humans = rows.filter((row) => row.source === 'human');
        const reasons: ReviewItem['reasons'] = [];
        if (disagree(humans, item.generationIds)) reasons.push('disagreement');
        if (humans.some((row) => row.flagged)) reasons.push('flagged');
        if (reasons.length === 0) continue;
        if (input.filter !== 'all' && !reasons.includes(input.filter)) continue;
        chosen.push({ item, reasons });
      }
      const shown = chosen.slice(0, 500);
      const contents = await itemContents(
        sql,
        shown.map(({ item }) => item),
        { ...this.view(set, 'review', true) },
      );
      return shown.map(({ item, reasons }, index) => {
        const rows = byItem.get(item.id) ?? [];
        const { current: _current, ...content } = contents[index]!;
        // Review reads in the canonical order: left is the experiment's first column.
        const outputs = item.generationIds.map((id) => content.outputs.find((output) => output.generationId === id)!);
        return {
          item: { ...content, outputs },
          judgments: rows.filter((row) => row.source === 'human').map(toJudgment),
          adjudication: rows.filter((row) => row.source === 'adjudication').map(toJudgment).at(-1) ?? null,
          reasons,
        };
      });
    });
  }

  async adjudicate(input: In<'adjudicate'>): Out<'adjudicate'> {
    const result = await this.db.transaction(async (sql) => {
      await AnnotatorService.requireHuman(sql, input.annotatorId);
      const item = await this.requireItem(sql, input.itemId);
      const set = await this.loadTaskSet(sql, item.taskSetId);
      checkVerdict(input.verdict, set.record.kind, set.record.config, item.generationIds);
      const id = randomUUID();
      await repo.appendJudgment(sql, {
        id,
        key: judgmentKey(input.annotatorId, item.id, item.generationIds, 'adjudication'),
        taskSetId: set.record.id,
        itemId: item.id,
        annotatorId: input.annotatorId,
        source: 'adjudication',
        retracted: false,
        shownOrder: item.generationIds,
        verdict: input.verdict,
        rationale: input.rationale,
        tags: [],
        flagged: false,
        durationMs: null,
        rawOutput: null,
      });
      await recordAudit(sql, 'adjudicate', 'judgment', id, { taskSetId: set.record.id, itemId: item.id, annotatorId: input.annotatorId });
      return { judgment: toJudgment((await repo.findJudgmentRow(sql, id))!), taskSetId: set.record.id };
    });
    this.events.emit('labeling.changed', { taskSetId: result.taskSetId });
    return result.judgment;
  }

  /** A task set with its experiment and variants; NOT_FOUND in words. */
  async loadTaskSet(sql: Sql, id: string): Promise<LoadedTaskSet> {
    const record = await repo.findTaskSet(sql, id);
    const loaded = record && (await this.loadWith(sql, record));
    if (!loaded) throw new AppError('NOT_FOUND', 'This task set does not exist.');
    return loaded;
  }

  private async loadWith(sql: Sql, record: repo.TaskSetRecord): Promise<LoadedTaskSet | undefined> {
    const experiment = await findExperiment(sql, record.experimentId);
    if (!experiment) return undefined;
    const all = await experimentVariants(sql, experiment.config);
    const chosen = record.config.variantKeys;
    const variants = chosen ? all.filter((variant) => chosen.includes(variant.key)) : all;
    return { record, experiment, variants, variantsByKey: new Map(all.map((variant) => [variant.key, variant])) };
  }

  private view(set: LoadedTaskSet, annotatorId: string, reveal: boolean) {
    return {
      annotatorId,
      seed: set.record.config.seed,
      reveal,
      variants: set.variantsByKey,
      datasetVersionId: set.experiment.config.datasetVersionId,
    };
  }

  private async requireItem(sql: Sql, id: string): Promise<repo.ItemRecord> {
    const item = await repo.findItem(sql, id);
    if (!item) throw new AppError('NOT_FOUND', 'This item does not exist (was its task set removed?).');
    return item;
  }

  /** Whether a config can make a task set: its variants, and in words why not. */
  private async plan(sql: Sql, config: TaskSetConfig): Promise<{ variants: Variant[]; keys: string[]; problems: string[] }> {
    const experiment = await findExperiment(sql, config.experimentId);
    if (!experiment) return { variants: [], keys: [], problems: ['This experiment does not exist.'] };
    const all = await experimentVariants(sql, experiment.config);
    const unknown = (config.variantKeys ?? []).filter((key) => !all.some((variant) => variant.key === key));
    const chosen = config.variantKeys ? all.filter((variant) => config.variantKeys!.includes(variant.key)) : all;
    const problems: string[] = [];
    if (unknown.length > 0) problems.push(`${unknown.length} chosen variant(s) are not columns of this experiment.`);
    if (config.kind !== 'rubric' && chosen.length < 2) problems.push(`A ${config.kind} task needs at least two variants; this experiment has ${chosen.length}.`);
    return { variants: all, keys: chosen.map((variant) => variant.key), problems };
  }

  /** Why a config that passed `plan` still makes no items. */
  private async emptyReason(sql: Sql, experimentId: string): Promise<string> {
    const row = await sql.one<{ n: number }>(`SELECT count(*) AS n FROM generations WHERE experiment_id = $id AND error IS NULL`, { id: experimentId });
    return Number(row?.n ?? 0) === 0
      ? 'This experiment has no successful outputs yet; run it first.'
      : 'No row has outputs from enough of the chosen variants to compare.';
  }
}

function summary(set: LoadedTaskSet, counts: repo.TaskSetCounts | undefined): TaskSetSummary {
  const { record } = set;
  return {
    id: record.id,
    name: record.name,
    experimentId: record.experimentId,
    experimentName: set.experiment.name,
    kind: record.kind,
    config: {
      instructions: record.config.instructions,
      rubric: record.config.rubric,
      tags: record.config.tags,
      overlap: record.config.overlap,
      seed: record.config.seed,
      blind: record.config.blind,
      sampling: record.config.sampling,
      sampleSize: record.config.sampleSize,
    },
    variants: set.variants,
    createdAt: record.createdAt,
    items: counts?.items ?? 0,
    completeItems: counts?.completeItems ?? 0,
    humanJudgments: counts?.humanJudgments ?? 0,
    llmJudgments: counts?.llmJudgments ?? 0,
    annotators: counts?.annotators ?? 0,
    flagged: counts?.flagged ?? 0,
  };
}

export function toJudgment(row: repo.JudgmentRow): Judgment {
  if (row.verdict === null) throw new Error(`judgment ${row.id} has no verdict`);
  const { retracted: _retracted, rawOutput: _rawOutput, ...rest } = row;
  return { ...rest, verdict: row.verdict };
}

function checkShownOrder(shown: readonly string[], generationIds: readonly string[]): void {
  const same = shown.length === generationIds.length && new Set(shown).size === shown.length && shown.every((id) => generationIds.includes(id));
  if (!same) throw new AppError('INVALID_INPUT', 'The shown order must list each output of the item once.');
}

function checkTags(tags: readonly string[], vocabulary: readonly string[]): void {
  if (vocabulary.length === 0) return;
  const unknown = tags.filter((tag) => !vocabulary.includes(tag));
  if (unknown.length > 0) throw new AppError('INVALID_INPUT', `Not in this task set’s tags: ${unknown.join(', ')}.`);
}

/** Pairwise and ranking: different categories. Rubric: scores two or more points apart on some criterion. */
function disagree(rows: readonly repo.JudgmentRow[], generationIds: readonly string[]): boolean {
  if (rows.length < 2) return false;
  const first = rows[0]!.verdict;
  if (first?.kind === 'rubric') {
    const byCriterion = new Map<string, number[]>();
    for (const row of rows) {
      if (row.verdict?.kind !== 'rubric') continue;
      for (const { criterion, score } of row.verdict.scores) byCriterion.set(criterion, [...(byCriterion.get(criterion) ?? []), score]);
    }
    return [...byCriterion.values()].some((scores) => Math.max(...scores) - Math.min(...scores) >= 2);
  }
  if (first?.kind === 'ranking') {
    // The order a ranking implies between every two outputs, so 1,1,3 and 1,1,2 read the same.
    const signature = (row: repo.JudgmentRow) => (row.verdict ? verdictOutcomes(row.verdict, generationIds).map((outcome) => outcome.score).join(',') : '');
    return new Set(rows.map(signature)).size > 1;
  }
  return new Set(rows.map((row) => (row.verdict ? verdictCategory(row.verdict, generationIds) : null))).size > 1;
}
