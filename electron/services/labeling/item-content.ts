import type { ChatMessage } from '../../../shared/contract/prompts.js';
import type { Judgment, QueueItem, Variant } from '../../../shared/contract/labeling.js';
import type { Sql } from '../storage/database.js';
import * as repo from './labeling-repository.js';
import { shownOrder } from './shown-order.js';
import { variantKey } from './variants.js';

export interface ItemView {
  annotatorId: string;
  seed: number;
  /** Show model and prompt names (not blind, or revealed). */
  reveal: boolean;
  variants: ReadonlyMap<string, Variant>;
  datasetVersionId: string;
}

/**
 * Items as an annotator sees them: the row's variables, reference and context, the rendered
 * messages when every output answered the same ones, and the outputs in this annotator's order.
 * Two queries for any number of items.
 */
export async function itemContents(
  sql: Sql,
  items: readonly repo.ItemRecord[],
  view: ItemView,
  currentByItem: ReadonlyMap<string, Judgment> = new Map(),
): Promise<QueueItem[]> {
  const generations = await repo.generationsByIds(sql, items.flatMap((item) => item.generationIds));
  const rows = await repo.datasetRowsByIds(
    sql,
    view.datasetVersionId,
    items.map((item) => item.rowId),
  );
  return items.map((item) => {
    const order = shownOrder(item.generationIds, view.seed, view.annotatorId, item.id);
    const outputs = order.map((id) => {
      const generation = generations.get(id);
      const variant = generation ? view.variants.get(variantKey(generation.promptVersionId, generation.modelId)) : undefined;
      return { generationId: id, output: generation?.output ?? '', variant: view.reveal ? (variant ?? null) : null };
    });
    const messageSets = new Set(item.generationIds.map((id) => generations.get(id)?.messagesJson ?? ''));
    const [onlyMessages] = messageSets;
    const row = rows.get(item.rowId);
    return {
      itemId: item.id,
      taskSetId: item.taskSetId,
      position: item.position,
      rowId: item.rowId,
      variables: Object.fromEntries(Object.entries(row?.variables ?? {}).map(([name, value]) => [name, displayValue(value)])),
      messages: messageSets.size === 1 && onlyMessages ? (JSON.parse(onlyMessages) as ChatMessage[]) : null,
      reference: row?.reference ?? null,
      context: row?.context ?? null,
      outputs,
      current: currentByItem.get(item.id) ?? null,
    };
  });
}

/** Which variant each output is: shown once the vote is saved. */
export async function revealOf(sql: Sql, generationIds: readonly string[], variants: ReadonlyMap<string, Variant>): Promise<{ generationId: string; variant: Variant }[]> {
  const generations = await repo.generationsByIds(sql, generationIds);
  return generationIds.flatMap((id) => {
    const generation = generations.get(id);
    const variant = generation && variants.get(variantKey(generation.promptVersionId, generation.modelId));
    return variant ? [{ generationId: id, variant }] : [];
  });
}

function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
