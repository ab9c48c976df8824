import type { Judgment, QueueItem, RubricCriterion, VerdictInput } from '../../../shared/contract/labeling.js';

/** A pairwise choice as the annotator sees it: by side. Verdicts sent to the backend are by generation id. */
export type SideChoice = 'left' | 'right' | 'tie' | 'both_bad';
/** null: plainly better; the annotator can say slightly or much. */
export type Strength = 'slight' | 'much' | null;

export type VerdictDraft =
  | { kind: 'pairwise'; choice: SideChoice | null; strength: Strength }
  | { kind: 'ranking'; /** Output indexes (as shown), best group first; a group of several is a tie. */ groups: number[][] }
  | { kind: 'rubric'; /** One score per criterion, in the rubric's order. */ scores: (number | null)[] };

/** Everything the annotator is deciding about one item. */
export interface Draft {
  verdict: VerdictDraft;
  rationale: string;
  tags: string[];
  flagged: boolean;
}

export type ItemKind = VerdictDraft['kind'];

export function emptyVerdict(kind: ItemKind, rubric: readonly RubricCriterion[]): VerdictDraft {
  if (kind === 'pairwise') return { kind, choice: null, strength: null };
  if (kind === 'ranking') return { kind, groups: [] };
  return { kind, scores: rubric.map(() => null) };
}

export function emptyDraft(kind: ItemKind, rubric: readonly RubricCriterion[]): Draft {
  return { verdict: emptyVerdict(kind, rubric), rationale: '', tags: [], flagged: false };
}

/** The verdict in generation ids, or null while it is incomplete. */
export function toVerdict(item: Pick<QueueItem, 'outputs'>, verdict: VerdictDraft, rubric: readonly RubricCriterion[]): VerdictInput | null {
  const ids = item.outputs.map((output) => output.generationId);
  switch (verdict.kind) {
    case 'pairwise': {
      if (!verdict.choice) return null;
      if (verdict.choice === 'tie' || verdict.choice === 'both_bad') return { kind: 'pairwise', choice: verdict.choice, preferredGenerationId: null, strength: null };
      const preferred = ids[verdict.choice === 'left' ? 0 : 1];
      if (!preferred) return null;
      return { kind: 'pairwise', choice: 'preferred', preferredGenerationId: preferred, strength: verdict.strength };
    }
    case 'ranking': {
      const groups = completeRanking(verdict.groups, ids.length);
      if (!groups) return null;
      return { kind: 'ranking', ranks: groups.flatMap((group, rank) => group.map((index) => ({ generationId: ids[index]!, rank: rank + 1 }))) };
    }
    case 'rubric': {
      if (rubric.length === 0 || verdict.scores.length !== rubric.length || verdict.scores.some((score) => score === null)) return null;
      return { kind: 'rubric', scores: rubric.map((criterion, index) => ({ criterion: criterion.name, score: verdict.scores[index]! })) };
    }
  }
}

/** Every output ranked; one left over is placed last on its own (ranking K−1 says the last). */
export function completeRanking(groups: number[][], count: number): number[][] | null {
  const ranked = new Set(groups.flat());
  const rest = Array.from({ length: count }, (_, index) => index).filter((index) => !ranked.has(index));
  if (rest.length === 0) return groups.length > 0 ? groups : null;
  if (rest.length === 1 && groups.length > 0) return [...groups, rest];
  return null;
}

/** A saved judgment back as a draft (an item shown again, e.g. after an undo in another session). */
export function draftFromJudgment(item: Pick<QueueItem, 'outputs'>, judgment: Judgment, kind: ItemKind, rubric: readonly RubricCriterion[]): Draft {
  const ids = item.outputs.map((output) => output.generationId);
  const verdict = judgment.verdict;
  let draft: VerdictDraft = emptyVerdict(kind, rubric);
  if (verdict.kind === 'pairwise' && kind === 'pairwise') {
    const side = verdict.choice === 'preferred' ? (ids.indexOf(verdict.preferredGenerationId ?? '') === 0 ? 'left' : 'right') : verdict.choice;
    draft = { kind, choice: side, strength: verdict.choice === 'preferred' ? verdict.strength : null };
  } else if (verdict.kind === 'ranking' && kind === 'ranking') {
    const byRank = new Map<number, number[]>();
    for (const entry of verdict.ranks) {
      const index = ids.indexOf(entry.generationId);
      if (index >= 0) byRank.set(entry.rank, [...(byRank.get(entry.rank) ?? []), index]);
    }
    draft = { kind, groups: [...byRank.entries()].sort(([a], [b]) => a - b).map(([, group]) => group) };
  } else if (verdict.kind === 'rubric' && kind === 'rubric') {
    draft = { kind, scores: rubric.map((criterion) => verdict.scores.find((score) => score.criterion === criterion.name)?.score ?? null) };
  }
  return { verdict: draft, rationale: judgment.rationale, tags: judgment.tags, flagged: judgment.flagged };
}

/** Pressing a pairwise key: once says better, again much better, again slightly better, again back to better. */
export function pressSide(current: VerdictDraft, choice: SideChoice, much = false): VerdictDraft {
  if (current.kind !== 'pairwise') return current;
  if (choice === 'tie' || choice === 'both_bad') return { kind: 'pairwise', choice, strength: null };
  if (much) return { kind: 'pairwise', choice, strength: 'much' };
  if (current.choice !== choice) return { kind: 'pairwise', choice, strength: null };
  const next: Strength = current.strength === null ? 'much' : current.strength === 'much' ? 'slight' : null;
  return { kind: 'pairwise', choice, strength: next };
}

/** Ranking by keys: output `index` becomes the next rank, or joins the last rank when `tied`. */
export function rankNext(groups: number[][], index: number, tied: boolean): number[][] {
  const without = groups.map((group) => group.filter((entry) => entry !== index)).filter((group) => group.length > 0);
  if (tied && without.length > 0) return [...without.slice(0, -1), [...without.at(-1)!, index]];
  return [...without, [index]];
}

/** Drag and drop: output `index` goes into group `target` (a tie), or becomes a new rank before group `before`. */
export function moveInRanking(groups: number[][], index: number, to: { join: number } | { before: number }): number[][] {
  const marked = groups.map((group) => group.map((entry) => (entry === index ? -1 : entry)));
  if ('join' in to) {
    const target = marked[to.join];
    if (target) marked[to.join] = [...target, index];
  } else {
    marked.splice(Math.max(0, Math.min(to.before, marked.length)), 0, [index]);
  }
  return marked.map((group) => group.filter((entry) => entry !== -1)).filter((group) => group.length > 0);
}

export function unrank(groups: number[][], index: number): number[][] {
  return groups.map((group) => group.filter((entry) => entry !== index)).filter((group) => group.length > 0);
}

export function toggleTag(tags: readonly string[], tag: string): string[] {
  return tags.includes(tag) ? tags.filter((entry) => entry !== tag) : [...tags, tag];
}
