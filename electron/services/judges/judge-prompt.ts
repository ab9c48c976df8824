import type { PairwiseVerdict } from '../../../shared/contract/labeling.js';
import type { ChatMessage } from '../../../shared/contract/prompts.js';
import type { ItemGeneration, RowContent } from '../labeling/labeling-repository.js';

/**
 * The judge prompt's variables: `question` (what the outputs answered: the last user message when
 * both answered the same messages, else the dataset row's variables), `answer_a` and `answer_b` in
 * the order of this verdict, `reference` and `context` when the dataset has them, and every row
 * variable by its own name.
 */
export function judgeVariables(a: ItemGeneration | undefined, b: ItemGeneration | undefined, row: RowContent | undefined): Record<string, unknown> {
  const variables = row?.variables ?? {};
  let question = Object.entries(variables)
    .map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('\n');
  if (a && b && a.messagesJson === b.messagesJson) {
    const messages = JSON.parse(a.messagesJson) as ChatMessage[];
    const lastUser = messages.filter((message) => message.role === 'user').at(-1);
    if (lastUser) question = lastUser.content;
  }
  return {
    ...variables,
    question,
    answer_a: a?.output ?? '',
    answer_b: b?.output ?? '',
    reference: row?.reference ?? '',
    context: row?.context ?? '',
  };
}

/**
 * The verdict in a judge's answer: the last "[[A]]", "[[B]]" or "[[C]]" (tie) it wrote, as in
 * MT-Bench's pairwise judge. Anything else is unreadable: null, kept with the raw answer.
 */
export function parseJudgeVerdict(output: string, order: readonly [string, string]): PairwiseVerdict | null {
  const matches = [...output.matchAll(/\[\[\s*([ABC])\s*\]\]/gi)];
  const last = matches.at(-1)?.[1]?.toUpperCase();
  if (last === 'A') return { kind: 'pairwise', choice: 'preferred', preferredGenerationId: order[0], strength: null };
  if (last === 'B') return { kind: 'pairwise', choice: 'preferred', preferredGenerationId: order[1], strength: null };
  if (last === 'C') return { kind: 'pairwise', choice: 'tie', preferredGenerationId: null, strength: null };
  return null;
}
