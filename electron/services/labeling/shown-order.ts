import { createHash } from 'node:crypto';

/**
 * The order in which one annotator sees one item's outputs: a Fisher-Yates shuffle driven by a
 * hash of (seed, annotator, item), so it is random across annotators and items yet the same every
 * time that annotator opens that item (after an undo, a restart, on another machine).
 */
export function shownOrder(generationIds: readonly string[], seed: number, annotatorId: string, itemId: string): string[] {
  const order = [...generationIds];
  const digest = createHash('sha256').update(`${seed}\u0000${annotatorId}\u0000${itemId}`).digest();
  for (let i = order.length - 1; i > 0; i--) {
    const j = digest.readUInt16BE((2 * i) % (digest.length - 1)) % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
