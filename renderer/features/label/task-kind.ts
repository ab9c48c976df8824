import type { TaskKind } from '../../../shared/contract/labeling.js';

export const kindWords: Record<TaskKind, { name: string; short: string; hint: string }> = {
  pairwise: { name: 'Pairwise', short: 'Pairwise', hint: 'Two outputs side by side: which is better, a tie, or both bad.' },
  ranking: { name: 'K-way ranking', short: 'Ranking', hint: 'All outputs of a row, ranked best to worst; ties allowed.' },
  rubric: { name: 'Rubric', short: 'Rubric', hint: 'One output at a time, scored on each criterion of a Likert scale.' },
};
