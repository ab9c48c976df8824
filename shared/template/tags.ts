import type { Segment } from './scanner.js';
import { lexTag } from './tag-lexer.js';

/*
 * Tag names come from the template, so every lookup by name is in a Map: a plain object would
 * also "know" `constructor` or `toString`.
 */

/** Block tags and the tag that ends each. `set` is a block only without `=` ({% set x %}...{% endset %}). */
export const blockEnds: ReadonlyMap<string, string> = new Map([
  ['if', 'endif'],
  ['for', 'endfor'],
  ['macro', 'endmacro'],
  ['call', 'endcall'],
  ['filter', 'endfilter'],
  ['set', 'endset'],
  ['generation', 'endgeneration'],
]);

const blockOf: ReadonlyMap<string, string> = new Map([...blockEnds].map(([open, end]) => [end, open]));

/** Tags allowed in the middle of a block, and the blocks that allow them. */
const middles: ReadonlyMap<string, readonly string[]> = new Map([
  ['elif', ['if']],
  ['else', ['if', 'for']],
]);

export type TagRole =
  | { role: 'open'; block: string }
  | { role: 'middle'; allowedIn: readonly string[] }
  | { role: 'close'; block: string }
  | { role: 'simple' }
  | { role: 'unknown' }
  | { role: 'empty' };

export interface StatementTag {
  name: string;
  nameStart: number;
  nameEnd: number;
  role: TagRole;
}

/** The `{% name ... %}` of a statement segment and what it does for block structure. */
export function readStatement(source: string, segment: Segment): StatementTag {
  const inner = source.slice(segment.innerStart, segment.innerEnd);
  const lead = inner.length - inner.trimStart().length;
  const match = /^[A-Za-z_]\w*/.exec(inner.slice(lead));
  const nameStart = segment.innerStart + lead;
  if (!match) {
    const empty = inner.trim() === '';
    return { name: '', nameStart, nameEnd: nameStart, role: empty ? { role: 'empty' } : { role: 'unknown' } };
  }
  const name = match[0];
  const nameEnd = nameStart + name.length;
  const tag = { name, nameStart, nameEnd };
  if (name === 'set') return { ...tag, role: isBlockSet(source, segment) ? { role: 'open', block: 'set' } : { role: 'simple' } };
  if (blockEnds.has(name)) return { ...tag, role: { role: 'open', block: name } };
  const closed = blockOf.get(name);
  if (closed) return { ...tag, role: { role: 'close', block: closed } };
  const allowedIn = middles.get(name);
  if (allowedIn) return { ...tag, role: { role: 'middle', allowedIn } };
  if (name === 'break' || name === 'continue') return { ...tag, role: { role: 'simple' } };
  return { ...tag, role: { role: 'unknown' } };
}

/** `{% set x %}` starts a block; `{% set x = 1 %}` does not (an `=` that is not part of `==`, `!=`, `<=`, `>=`). */
function isBlockSet(source: string, segment: Segment): boolean {
  const tokens = lexTag(source, segment.innerStart, segment.innerEnd);
  return !tokens.some((token, i) => {
    if (token.text !== '=') return false;
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    const joinedBefore = before?.kind === 'punct' && before.end === token.start && '=!<>'.includes(before.text);
    const joinedAfter = after?.start === token.end && after.text === '=';
    return !joinedBefore && !joinedAfter;
  });
}

/** Minimal complete templates around one tag, so the library's parser can judge it alone. */
const openerFor: ReadonlyMap<string, string> = new Map([
  ['if', '{% if true %}'],
  ['for', '{% for _ in [] %}'],
  ['macro', '{% macro _() %}'],
  ['call', '{% call _() %}'],
  ['filter', '{% filter upper %}'],
  ['set', '{% set _ %}'],
]);

export function snippetFor(tag: StatementTag | undefined): { before: string; after: string } {
  if (!tag) return { before: '', after: '' };
  const role = tag.role;
  if (role.role === 'open') return { before: '', after: `{% ${blockEnds.get(role.block) ?? ''} %}` };
  if (role.role === 'middle') return { before: openerFor.get('if') ?? '', after: '{% endif %}' };
  if (role.role === 'close') return { before: openerFor.get(role.block) ?? '', after: '' };
  return { before: '', after: '' };
}

/** `{% generation %}` and `{% endgeneration %}` are removed by the library's preprocessor, in this exact form only. */
export function isValidGenerationTag(raw: string): boolean {
  return /^\{%-?\s*(?:end)?generation\s*-?%\}$/.test(raw);
}
