import { scorerCatalog, scorerKinds, type ScorerConfigInput, type ScorerKind } from '../../../shared/contract/scoring.js';

/** One input of the scorer editor. */
export interface FieldSpec {
  key: string;
  label: string;
  type: 'text' | 'textarea' | 'code' | 'number' | 'checkbox' | 'list' | 'json' | 'model' | 'unit';
  placeholder?: string;
  hint?: string;
  optional?: boolean;
}

const ignoreCase: FieldSpec = { key: 'ignoreCase', label: 'Ignore case', type: 'checkbox' };
const threshold = (value: string): FieldSpec => ({ key: 'threshold', label: 'Pass at', type: 'number', placeholder: value, hint: 'score from 0 to 1', optional: true });
const judge: FieldSpec = { key: 'modelId', label: 'Judge model', type: 'model' };

/** The fields of each kind, in the order shown. `{{ name }}` in a text is the row's value of that variable. */
export const fieldsByKind: Record<ScorerKind, FieldSpec[]> = {
  equals: [{ key: 'value', label: 'Expected', type: 'text', placeholder: 'the row’s reference', optional: true }, ignoreCase, { key: 'trim', label: 'Ignore surrounding spaces', type: 'checkbox' }],
  contains: [{ key: 'value', label: 'Text', type: 'text', placeholder: 'e.g. {{ reference }}' }, ignoreCase],
  'contains-any': [{ key: 'values', label: 'Texts', type: 'list', placeholder: 'one per line' }, ignoreCase],
  'contains-all': [{ key: 'values', label: 'Texts', type: 'list', placeholder: 'one per line' }, ignoreCase],
  regex: [{ key: 'pattern', label: 'Pattern', type: 'text', placeholder: '^\\d+$' }, { key: 'flags', label: 'Flags', type: 'text', placeholder: 'i, m, s, u', optional: true }],
  'starts-with': [{ key: 'value', label: 'Text', type: 'text' }, ignoreCase],
  'is-json': [],
  'json-schema': [{ key: 'schema', label: 'JSON Schema', type: 'json', placeholder: '{ "type": "object", "required": ["answer"] }' }],
  length: [
    { key: 'min', label: 'At least', type: 'number', optional: true },
    { key: 'max', label: 'At most', type: 'number', optional: true },
    { key: 'unit', label: 'Unit', type: 'unit' },
  ],
  refusal: [{ key: 'expectRefusal', label: 'The model should refuse', type: 'checkbox' }],
  latency: [{ key: 'maxMs', label: 'At most, ms', type: 'number' }],
  cost: [{ key: 'maxUsd', label: 'At most, $', type: 'number' }],
  bleu: [threshold('0.3')],
  'rouge-l': [threshold('0.5')],
  chrf: [threshold('0.5')],
  levenshtein: [threshold('0.8'), ignoreCase],
  groundedness: [judge, threshold('0.5')],
  relevance: [judge, threshold('0.5')],
  'llm-rubric': [judge, { key: 'rubric', label: 'Rubric', type: 'textarea', placeholder: 'What a good answer does, e.g. “Names the capital and nothing else.”' }, threshold('0.5')],
  javascript: [
    { key: 'code', label: 'function (output, context) {', type: 'code', placeholder: "return output.includes(context.reference);", hint: 'Return true/false, a number from 0 to 1, or { pass, score, reason }. context has reference, context, question, variables, latencyMs, costUsd, tokens. Runs in a sandbox.' },
    { key: 'timeoutMs', label: 'Time limit, ms', type: 'number', placeholder: '250', optional: true },
  ],
};

export type FieldValue = string | boolean;

/** A scorer as typed: text fields stay text until saved, so half-typed numbers are not lost. */
export interface ScorerDraft {
  key: number;
  kind: ScorerKind;
  name: string;
  values: Record<string, FieldValue>;
}

let nextKey = 1;

export function newDraft(kind: ScorerKind): ScorerDraft {
  const values: Record<string, FieldValue> = {};
  for (const field of fieldsByKind[kind]) values[field.key] = field.type === 'checkbox' ? field.key === 'trim' : field.type === 'unit' ? 'characters' : '';
  return { key: nextKey++, kind, name: '', values };
}

export function draftOf(config: ScorerConfigInput): ScorerDraft {
  const draft = newDraft(config.kind);
  draft.name = config.name ?? '';
  const record = config as Record<string, unknown>;
  for (const field of fieldsByKind[config.kind]) {
    const value = record[field.key];
    if (value === undefined || value === null) continue;
    if (field.type === 'checkbox') draft.values[field.key] = Boolean(value);
    else if (field.type === 'list') draft.values[field.key] = (value as string[]).join('\n');
    else if (field.type === 'json') draft.values[field.key] = JSON.stringify(value, null, 2);
    else draft.values[field.key] = String(value);
  }
  return draft;
}

/** The draft as a contract scorer, or what is wrong with it in words. */
export function configOf(draft: ScorerDraft): { config: ScorerConfigInput } | { error: string } {
  const out: Record<string, unknown> = { kind: draft.kind };
  if (draft.name.trim()) out.name = draft.name.trim();
  for (const field of fieldsByKind[draft.kind]) {
    const raw = draft.values[field.key];
    if (field.type === 'checkbox') {
      out[field.key] = Boolean(raw);
      continue;
    }
    const text = String(raw ?? '').trim();
    if (text === '') {
      if (field.optional) continue;
      return { error: `${field.label} is needed.` };
    }
    if (field.type === 'number') {
      const number = Number(text);
      if (!Number.isFinite(number)) return { error: `${field.label} is a number.` };
      out[field.key] = number;
    } else if (field.type === 'list') {
      out[field.key] = text.split('\n').map((line) => line.trim()).filter(Boolean);
    } else if (field.type === 'json') {
      try {
        out[field.key] = JSON.parse(text);
      } catch (error) {
        return { error: `${field.label}: ${error instanceof Error ? error.message : String(error)}` };
      }
    } else {
      out[field.key] = field.type === 'code' ? String(raw) : text;
    }
  }
  return { config: out as ScorerConfigInput };
}

export const kindOptions = scorerKinds.map((kind) => ({ kind, ...scorerCatalog[kind] }));
