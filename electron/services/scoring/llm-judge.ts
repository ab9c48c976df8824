import type { GenerationRequest, GenerationResult } from '../../../shared/contract/generation.js';
import type { ScoreResult } from '../../../shared/contract/scoring.js';
import type { ScoreInput } from './scorers.js';

/** One request to a judge model (any configured model, local or remote), failures as data. */
export type JudgeCall = (modelId: string, request: GenerationRequest, signal?: AbortSignal) => Promise<GenerationResult>;

export type JudgeTask =
  | { criterion: 'groundedness'; input: ScoreInput }
  | { criterion: 'relevance'; input: ScoreInput }
  | { criterion: 'rubric'; rubric: string; input: ScoreInput };

const system =
  'You are a strict, impartial evaluator of AI outputs. Judge only what you are asked. ' +
  'Reply with one JSON object and nothing else: {"score": <integer 0 to 10>, "reason": "<one short sentence>"}.';

/** Long fields are clipped so a judge's context is not blown by one row. */
const clip = (text: string, max = 6000) => (text.length > max ? `${text.slice(0, max)}\n[… ${text.length - max} more characters]` : text);

export function judgeMessages(task: JudgeTask): GenerationRequest['messages'] {
  const { input } = task;
  let body: string;
  switch (task.criterion) {
    case 'groundedness':
      body =
        'Criterion: groundedness. Is every claim in the OUTPUT supported by the CONTEXT? 10: fully supported; 0: contradicted or invented.\n\n' +
        `CONTEXT:\n${clip(input.context ?? '')}\n\nOUTPUT:\n${clip(input.output)}`;
      break;
    case 'relevance':
      body =
        'Criterion: relevance. Does the OUTPUT answer the QUESTION directly and completely? 10: fully; 0: off topic.\n\n' +
        `QUESTION:\n${clip(input.question)}\n\nOUTPUT:\n${clip(input.output)}`;
      break;
    case 'rubric':
      body =
        `Rubric:\n${clip(task.rubric)}\n\nScore how well the OUTPUT meets the rubric.\n\n` +
        `QUESTION:\n${clip(input.question)}\n\n` +
        (input.reference !== null ? `REFERENCE ANSWER:\n${clip(input.reference)}\n\n` : '') +
        `OUTPUT:\n${clip(input.output)}`;
      break;
  }
  return [
    { role: 'system', content: system },
    { role: 'user', content: body },
  ];
}

/** The judge's verdict, normalised to 0–1: `{"score": 7, ...}`, or a bare `Score: 7/10` when it did not follow the format. */
export function parseJudgeAnswer(text: string): { score: number; reason: string } | null {
  const object = /\{[\s\S]*?\}/.exec(text);
  if (object) {
    try {
      const parsed = JSON.parse(object[0]) as { score?: unknown; reason?: unknown };
      const score = typeof parsed.score === 'number' ? parsed.score : typeof parsed.score === 'string' ? Number(parsed.score) : NaN;
      if (Number.isFinite(score)) return { score: normalise(score), reason: typeof parsed.reason === 'string' ? parsed.reason : '' };
    } catch {
      // fall through to the looser reading
    }
  }
  const loose = /score\D{0,12}?(\d+(?:\.\d+)?)\s*(?:\/\s*(10|5|1|100))?/i.exec(text);
  if (loose) {
    const value = Number(loose[1]);
    const scale = loose[2] ? Number(loose[2]) : null;
    return { score: scale ? Math.min(1, Math.max(0, value / scale)) : normalise(value), reason: text.trim().slice(0, 300) };
  }
  return null;
}

function normalise(score: number): number {
  // Asked for 0–10; a judge that answers 0–1 or 0–100 is understood too.
  const value = score <= 1 ? score : score <= 10 ? score / 10 : score / 100;
  return Math.min(1, Math.max(0, value));
}

export async function judgeScore(judge: JudgeCall, modelId: string, threshold: number, task: JudgeTask, signal?: AbortSignal): Promise<ScoreResult> {
  const result = await judge(modelId, { messages: judgeMessages(task), params: { temperature: 0, maxTokens: 200, stop: [], seed: 0 } }, signal);
  if (result.error) return { pass: false, score: null, reason: `The judge failed: ${result.error.message}`, error: `The judge failed: ${result.error.message}` };
  const verdict = parseJudgeAnswer(result.output);
  if (!verdict) {
    const message = `The judge's answer has no score: “${result.output.trim().slice(0, 120)}”`;
    return { pass: false, score: null, reason: message, error: message };
  }
  const reason = `${verdict.reason || 'No reason given'} (${(verdict.score * 10).toFixed(1)}/10)`;
  return { pass: verdict.score >= threshold, score: verdict.score, reason, error: null };
}
