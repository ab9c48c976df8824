import type { SamplingParams } from '../../../shared/contract/generation.js';
import type { PlaygroundDraft } from './playground-draft.js';

export type ParamErrors = Partial<Record<'temperature' | 'topP' | 'topK' | 'maxTokens' | 'seed', string>>;

const parse = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text.trim()));

/** The draft's sampling fields as the contract wants them, or what is wrong with them. */
export function toSamplingParams(draft: PlaygroundDraft): { params: SamplingParams; errors: ParamErrors } {
  const errors: ParamErrors = {};
  const temperature = parse(draft.temperature);
  const topP = parse(draft.topP);
  const topK = parse(draft.topK);
  const maxTokens = parse(draft.maxTokens);
  const seed = parse(draft.seed);
  if (temperature !== undefined && !(temperature >= 0 && temperature <= 2)) errors.temperature = 'Temperature is between 0 and 2.';
  if (topP !== undefined && !(topP > 0 && topP <= 1)) errors.topP = 'Top P is above 0 and at most 1.';
  if (topK !== undefined && !(Number.isInteger(topK) && topK >= 1 && topK <= 1000)) errors.topK = 'Top K is a whole number from 1 to 1,000.';
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && maxTokens >= 1 && maxTokens <= 32_768)) errors.maxTokens = 'Max tokens is from 1 to 32,768.';
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= 2 ** 31 - 1)) errors.seed = 'A seed is a whole number from 0 to 2,147,483,647.';
  const params: SamplingParams = {
    temperature: temperature ?? 0.7,
    maxTokens: maxTokens ?? 512,
    stop: draft.stop,
    ...(topP !== undefined ? { topP } : {}),
    ...(topK !== undefined ? { topK } : {}),
    ...(seed !== undefined ? { seed } : {}),
  };
  return { params, errors };
}

/** Stop sequences are typed with escapes, so a newline can be one: "\n\n" → two newlines. */
export function unescapeStop(text: string): string {
  return text.replace(/\\(n|t|\\)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\'));
}

export function escapeStop(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}
