// How the demo's judges decide: the demo server's LLM judge and the two simulated annotators
// grade an answer by the same rules (right first, then how it reads), each with its own taste.
import { createHash } from 'node:crypto';
import { findDemoQuestion, isCorrect, type DemoQuestion } from './demo-knowledge.js';

export interface Taste {
  /** Points for an answer that says why. */
  explanation: number;
  /** Points for an answer of five words or fewer. */
  brevity: number;
  /** Points (negative) for filler such as "Great question!". */
  filler: number;
}

/** Ada wants answers that explain themselves; Grace wants them short. Both put right before wrong and dislike filler. */
export const demoAnnotators: readonly { name: string; taste: Taste; noise: number }[] = [
  { name: 'Ada', taste: { explanation: 1, brevity: 0, filler: -1 }, noise: 0.05 },
  { name: 'Grace', taste: { explanation: 0.5, brevity: 0.25, filler: -1 }, noise: 0.08 },
];

const judgeTaste: Taste = { explanation: 0.5, brevity: 0, filler: -0.5 };

export function grade(question: DemoQuestion, output: string, taste: Taste): { correct: boolean; score: number } {
  const correct = isCorrect(question, output);
  const words = output.trim().split(/\s+/).filter(Boolean).length;
  let score = correct ? 3 : 0;
  if (/\bbecause\b/i.test(output)) score += taste.explanation;
  if (words <= 5) score += taste.brevity;
  if (/great question/i.test(output)) score += taste.filler;
  return { correct, score };
}

export type PairwiseDecision = { choice: 'preferred'; winner: 0 | 1 } | { choice: 'tie' } | { choice: 'both_bad' };

/**
 * One annotator's verdict on two answers, in the order shown. Deterministic: the same annotator,
 * item and answers always give the same verdict; `noise` is the share of verdicts that go the other way.
 */
export function decidePair(question: DemoQuestion, outputs: readonly [string, string], taste: Taste, noise: number, seed: string): PairwiseDecision {
  const [a, b] = [grade(question, outputs[0], taste), grade(question, outputs[1], taste)];
  if (!a.correct && !b.correct) return { choice: 'both_bad' };
  if (Math.abs(a.score - b.score) < 0.01) return { choice: 'tie' };
  const better: 0 | 1 = a.score > b.score ? 0 : 1;
  const flipped = unitHash(seed) < noise;
  return { choice: 'preferred', winner: flipped ? ((1 - better) as 0 | 1) : better };
}

/** A number in [0, 1) from a string: the demo's only source of "randomness". */
export function unitHash(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;
}

// ---------------------------------------------------------------------------------------------
// The LLM judge: answers prompts in the format of Arbiter's default judge prompt (MT-Bench style).

const answerA = /\[The start of Assistant A's answer\]\s*([\s\S]*?)\s*\[The end of Assistant A's answer\]/i;
const answerB = /\[The start of Assistant B's answer\]\s*([\s\S]*?)\s*\[The end of Assistant B's answer\]/i;

export function looksLikeJudgePrompt(text: string): boolean {
  return answerA.test(text) && answerB.test(text);
}

/**
 * A verdict with a one-line reason, ending in [[A]], [[B]] or [[C]]. Shown two equally good answers
 * it picks the first, as real judges often do; the leaderboard's flip rate (verdicts that change
 * when the answers swap places) shows it.
 */
export function judgeReply(prompt: string): string {
  const question = findDemoQuestion(prompt);
  const a = answerA.exec(prompt)?.[1] ?? '';
  const b = answerB.exec(prompt)?.[1] ?? '';
  if (!question) return 'I cannot tell which answer is better without knowing the question. [[C]]';
  const [gradeA, gradeB] = [grade(question, a, judgeTaste), grade(question, b, judgeTaste)];
  if (!gradeA.correct && !gradeB.correct) return 'Both answers are wrong. [[C]]';
  if (gradeA.correct !== gradeB.correct) {
    const winner = gradeA.correct ? 'A' : 'B';
    return `Only Assistant ${winner} gives the right answer (${question.answer}). [[${winner}]]`;
  }
  if (Math.abs(gradeA.score - gradeB.score) < 0.01) return 'Both answers are right and equally clear; Assistant A reads slightly better. [[A]]';
  const winner = gradeA.score > gradeB.score ? 'A' : 'B';
  return `Both answers are right, but Assistant ${winner} is clearer. [[${winner}]]`;
}
