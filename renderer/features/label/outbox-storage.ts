import type { QueueItem, SubmitInput } from '../../../shared/contract/labeling.js';

/** What is written to the backend, in order. A retract undoes the submit with the same localId. */
export type StoredOp = { type: 'submit'; localId: string; input: SubmitInput; item: QueueItem } | { type: 'retract'; localId: string; judgmentId: string };

/**
 * Unsaved judgments also live in localStorage until the backend has them, so a reload or a crash
 * of the window while the backend is unreachable loses nothing: the next session sends them.
 */
export function outboxKey(taskSetId: string, annotatorId: string): string {
  return `arbiter.label.outbox.v1.${taskSetId}.${annotatorId}`;
}

export function readOutbox(key: string): StoredOp[] {
  try {
    const text = localStorage.getItem(key);
    if (!text) return [];
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as StoredOp[]).filter((op) => op && (op.type === 'submit' || op.type === 'retract')) : [];
  } catch {
    return [];
  }
}

export function writeOutbox(key: string, ops: readonly StoredOp[]): void {
  try {
    if (ops.length === 0) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(ops));
  } catch {
    // Storage full or unavailable: the judgments are still in memory and still being sent.
  }
}
