import { hash } from 'node:crypto';
import type { SamplingParams } from '../../../shared/contract/generation.js';
import type { ChatMessage } from '../../../shared/contract/prompts.js';

/** Where one generation sits in the matrix; the generations table's unique key. */
export interface CellRef {
  promptVersionId: string;
  modelId: string;
  rowId: string;
  sampleIndex: number;
}

/** One string per cell, for sets of what is already stored. */
export function cellKey(cell: CellRef): string {
  return `${cell.promptVersionId}\u0000${cell.modelId}\u0000${cell.rowId}\u0000${cell.sampleIndex}`;
}

/**
 * The seed a cell runs with: derived from (experiment seed, row, sample) only, so a rerun draws the
 * same numbers, and every prompt version and model sees the same seed for the same row and sample
 * (an A/B comparison then differs in what is compared, not in luck). Fits the 31-bit seed range.
 */
export function cellSeed(experimentSeed: number, rowId: string, sampleIndex: number): number {
  const digest = hash('sha256', `arbiter-seed\u0000${experimentSeed}\u0000${rowId}\u0000${sampleIndex}`);
  return Number.parseInt(digest.slice(0, 8), 16) & 0x7fffffff;
}

export interface CacheKeyParts {
  /** Provider.id: the backend, endpoint and model; never a key. */
  providerId: string;
  /** The model's sampling parameters (a seed among them is the cell's, and is keyed as `seed`). */
  params: SamplingParams;
  messages: readonly ChatMessage[];
  seed: number;
  sampleIndex: number;
}

/** sha256 of what decides a generation's output; equal keys may share one stored result. */
export function cacheKey(parts: CacheKeyParts): string {
  return cacheKeyFrom(cacheKeyPrefix(parts.providerId, parts.params), messagesKeyJson(parts.messages), parts.seed, parts.sampleIndex);
}

/** The part of a cache key that is the same for every cell of a model (computed once per run). */
export function cacheKeyPrefix(providerId: string, params: SamplingParams): string {
  const { seed: _cellSeed, ...rest } = params;
  return stableJson([providerId, rest]);
}

/** Messages as the cache key sees them (shared by every model and sample of a row). */
export function messagesKeyJson(messages: readonly ChatMessage[]): string {
  return JSON.stringify(messages.map((message) => [message.role, message.content]));
}

export function cacheKeyFrom(prefix: string, messagesJson: string, seed: number, sampleIndex: number): string {
  return hash('sha256', `${prefix}\n${messagesJson}\n${seed}\n${sampleIndex}`);
}

/** JSON with object keys sorted and undefined members left out, so equal values hash equally. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : stableJson(item))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
}
