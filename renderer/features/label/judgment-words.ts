import type { ItemKind, VerdictDraft } from './verdict-draft.js';
import type { Verdict } from '../../../shared/contract/labeling.js';
import { strengthWord } from './pairwise-board.js';

/** "Left" / "Right" for pairs, "Output 3" for rankings, "The output" for a rubric item. */
export function positionName(kind: ItemKind, index: number): string {
  if (kind === 'pairwise') return index === 0 ? 'Left' : 'Right';
  if (kind === 'rubric') return 'The output';
  return `Output ${index + 1}`;
}

/** What the annotator chose, in the words of the screen they chose it on. */
export function draftWords(verdict: VerdictDraft): string {
  switch (verdict.kind) {
    case 'pairwise':
      if (verdict.choice === 'tie') return 'Tie';
      if (verdict.choice === 'both_bad') return 'Both bad';
      if (verdict.choice === null) return '—';
      return `${verdict.choice === 'left' ? 'Left' : 'Right'} ${strengthWord(verdict.strength)}`;
    case 'ranking':
      return verdict.groups.map((group) => group.map((index) => index + 1).join(' = ')).join(' > ');
    case 'rubric':
      return verdict.scores.map((score) => score ?? '–').join(' · ');
  }
}

/** A saved verdict in revealed words: "tiny-a · Capitals v1 much better", "A > B = C". */
export function verdictWords(verdict: Verdict, labelOf: (generationId: string) => string): string {
  switch (verdict.kind) {
    case 'pairwise':
      if (verdict.choice === 'tie') return 'Tie';
      if (verdict.choice === 'both_bad') return 'Both bad';
      return `${labelOf(verdict.preferredGenerationId ?? '')} ${strengthWord(verdict.strength)}`;
    case 'ranking': {
      const byRank = new Map<number, string[]>();
      for (const entry of verdict.ranks) byRank.set(entry.rank, [...(byRank.get(entry.rank) ?? []), labelOf(entry.generationId)]);
      return [...byRank.entries()]
        .sort(([a], [b]) => a - b)
        .map(([, labels]) => labels.join(' = '))
        .join(' > ');
    }
    case 'rubric':
      return verdict.scores.map((score) => `${score.criterion} ${score.score}`).join(' · ');
  }
}

/** Two verdicts say the same (for marking who disagrees in review). */
export function sameVerdict(a: Verdict, b: Verdict): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'pairwise' && b.kind === 'pairwise') return a.choice === b.choice && a.preferredGenerationId === b.preferredGenerationId;
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

function normalize(verdict: Verdict): unknown {
  if (verdict.kind === 'ranking') return [...verdict.ranks].sort((x, y) => x.generationId.localeCompare(y.generationId));
  if (verdict.kind === 'rubric') return [...verdict.scores].sort((x, y) => x.criterion.localeCompare(y.criterion));
  return verdict;
}
