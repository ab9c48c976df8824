// The demo server's models: deterministic answers of clearly different quality, so an experiment,
// a blind comparison and a leaderboard in the demo workspace tell them apart for real reasons.
import { findDemoQuestion, demoQuestions, type DemoQuestion } from './demo-knowledge.js';
import { judgeReply, looksLikeJudgePrompt } from './demo-grading.js';

export type DemoModelId = 'demo-careful' | 'demo-terse' | 'demo-sloppy';

export interface DemoModel {
  id: DemoModelId;
  /** The name the Models screen shows. */
  name: string;
  /** US dollars per million tokens: the careful model costs more, as good models do. */
  prices: { inputPerMillion: number; outputPerMillion: number };
  /** Simulated time to first token and between tokens, so latency columns differ too. */
  firstTokenMs: number;
  tokenMs: number;
  answer(question: DemoQuestion, index: number, explain: boolean): string;
  /** What it says to anything that is not a demo question. */
  unknown: string;
}

const firstQuestion = demoQuestions[0]?.question ?? '';

export const demoModels: readonly DemoModel[] = [
  {
    id: 'demo-careful',
    name: 'demo-careful',
    prices: { inputPerMillion: 3, outputPerMillion: 15 },
    firstTokenMs: 25,
    tokenMs: 2,
    answer: (q, _index, explain) => (explain ? `${q.answer}, because ${q.why}.` : `The answer is ${q.answer}.`),
    unknown: `I am a demo model served by Arbiter itself, so I only know the twelve demo questions, for example “${firstQuestion}”`,
  },
  {
    id: 'demo-terse',
    name: 'demo-terse',
    prices: { inputPerMillion: 0.15, outputPerMillion: 0.6 },
    firstTokenMs: 8,
    tokenMs: 1,
    // Right, but it never explains, whatever the prompt asks.
    answer: (q) => q.answer,
    unknown: 'Unknown.',
  },
  {
    id: 'demo-sloppy',
    name: 'demo-sloppy',
    prices: { inputPerMillion: 0.5, outputPerMillion: 1.5 },
    firstTokenMs: 15,
    tokenMs: 1,
    // Chatty, and confidently wrong on every third question.
    answer: (q, index, explain) => {
      const wrong = index % 3 === 1;
      const answer = wrong ? q.wrong : q.answer;
      const because = wrong ? q.wrongWhy : q.why;
      return explain ? `Great question! It is ${answer}, because ${because}.` : `Great question! It is ${answer}.`;
    },
    unknown: 'Great question! The answer is 42.',
  },
];

export function findDemoModel(id: string): DemoModel | undefined {
  return demoModels.find((model) => model.id === id);
}

export interface DemoChatMessage {
  role: string;
  content: string;
}

/** What a demo model answers to a conversation: a pure function of the model and the messages. */
export function demoReply(model: DemoModel, messages: readonly DemoChatMessage[]): string {
  const all = messages.map((message) => message.content).join('\n');
  const lastUser = [...messages].reverse().find((message) => message.role === 'user')?.content ?? '';
  if (/reply with the single word ok/i.test(lastUser)) return 'OK';
  if (looksLikeJudgePrompt(lastUser)) return judgeReply(lastUser);
  const question = findDemoQuestion(lastUser);
  if (!question) return model.unknown;
  const explain = /\b(why|explain|reason|because)\b/i.test(all);
  return model.answer(question, demoQuestions.indexOf(question), explain);
}
