import { parse, tokenize } from '@huggingface/jinja';
import {
  childrenInSourceOrder,
  filterName,
  isCall,
  isFilterExpression,
  isIdentifier,
  isMember,
  nodeField,
  type FilterExpressionNode,
  type JinjaNode,
} from './jinja-ast.js';

/** Like Jinja's sandbox (MAX_RANGE), so a `range(10**9)` typed into the editor cannot freeze a preview. */
export const maxRangeLength = 100_000;

/** The name `range(...)` calls are pointed at while rendering; see `cappedRange`. */
export const cappedRangeName = '__arbiter_range__';

/** The library's `range` (src/utils.ts) with a length limit checked before anything is allocated. */
export function cappedRange(start: number, stop?: number, step = 1): number[] {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (step === 0) throw new Error('range() step must not be zero');
  const length = Math.ceil((stop - start) / step);
  if (length > maxRangeLength) throw new Error(`range() is limited to ${maxRangeLength} items`);
  const result: number[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) result.push(i);
  else for (let i = start; i > stop; i += step) result.push(i);
  return result;
}

/**
 * What a missing operand stands in as, by filter: something the filter accepts, which renders
 * as empty text where it can ('' by default; `first`/`last` of an empty list fail in the library).
 */
const substitutes: ReadonlyMap<string, string> = new Map([
  ['first', "['']"],
  ['last', "['']"],
  ['list', '[]'],
  ['map', '[]'],
  ['rejectattr', '[]'],
  ['reverse', '[]'],
  ['selectattr', '[]'],
  ['sort', '[]'],
  ['unique', '[]'],
  ['dictsort', '{}'],
  ['get', '{}'],
  ['items', '{}'],
  ['keys', '{}'],
  ['values', '{}'],
  ['abs', '0'],
  ['bool', 'false'],
]);

const substituteFor = (filter: string): string => substitutes.get(filter) ?? "''";

/** Filters that already handle an undefined operand themselves. */
const undefinedAwareFilters = new Set(['default', 'tojson', 'safe']);

/** `name` or `name.a.b` / `name[i]`: a reference whose root is a variable. */
function rootName(node: JinjaNode | undefined): string | undefined {
  if (isIdentifier(node)) return node.value;
  if (isMember(node)) return rootName(node.object);
  return undefined;
}

/** `node | default(substitute)`, built by the library's parser so every node is a genuine library node. */
function withDefault(node: JinjaNode, substitute: string): FilterExpressionNode {
  const wrapper = parse(tokenize(`{{ _ | default(${substitute}) }}`)).body[0] as unknown as FilterExpressionNode;
  wrapper.operand = node;
  return wrapper;
}

function set(node: JinjaNode, field: string, value: JinjaNode): void {
  (node as unknown as Record<string, unknown>)[field] = value;
}

/**
 * Prepares a parsed template for a live preview with partial sample values, in place.
 *
 * A variable without a value is undefined, which the library already prints as an empty string,
 * and which `default(...)`, `is defined` and `if` handle. Where the library would instead throw
 * (a filter, `~` or a loop over an undefined value, or `[0]` on one), the reference to the
 * missing variable is wrapped in `default(...)` with a stand-in the operation accepts ('', [],
 * {}), which changes nothing where the name does have a value (a loop variable of the same name).
 * `range(...)` calls are pointed at `cappedRange`.
 */
export function prepareForPreview(program: JinjaNode, missing: ReadonlySet<string>): void {
  const isMissing = (node: JinjaNode | undefined) => {
    const name = rootName(node);
    return name !== undefined && missing.has(name);
  };
  const visit = (node: JinjaNode): void => {
    if (isFilterExpression(node)) {
      const filter = filterName(node.filter);
      if (filter && !undefinedAwareFilters.has(filter.name) && isMissing(node.operand)) {
        node.operand = withDefault(node.operand, substituteFor(filter.name));
      }
    } else if (node.type === 'For') {
      const iterable = nodeField(node, 'iterable');
      const target = iterable?.type === 'SelectExpression' ? iterable : node;
      const field = iterable?.type === 'SelectExpression' ? 'lhs' : 'iterable';
      const list = nodeField(target, field);
      if (list && isMissing(list)) set(target, field, withDefault(list, '[]'));
    } else if (node.type === 'BinaryExpression' && (node as { operator?: { value?: unknown } }).operator?.value === '~') {
      for (const side of ['left', 'right']) {
        const operand = nodeField(node, side);
        if (operand && isMissing(operand)) set(node, side, withDefault(operand, "''"));
      }
    } else if (isMember(node)) {
      const indexed = node.computed || node.property.type === 'IntegerLiteral';
      if (indexed && isMissing(node.object)) node.object = withDefault(node.object, '[]');
    } else if (isCall(node) && isIdentifier(node.callee) && node.callee.value === 'range') {
      node.callee.value = cappedRangeName;
    }
    for (const child of childrenInSourceOrder(node)) visit(child);
  };
  visit(program);
}
