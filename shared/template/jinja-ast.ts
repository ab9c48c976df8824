/**
 * A structural view of @huggingface/jinja's AST. The package exports `parse` but not its node
 * classes, so nodes are read by their `type` tag and fields. Field names follow the library's
 * src/ast.ts (0.5.11); `childrenInSourceOrder` lists children in the order they appear in the text.
 */
export interface JinjaNode {
  type: string;
}

export interface IdentifierNode extends JinjaNode {
  type: 'Identifier';
  value: string;
}

export interface CallExpressionNode extends JinjaNode {
  type: 'CallExpression';
  callee: JinjaNode;
  args: JinjaNode[];
}

export interface FilterExpressionNode extends JinjaNode {
  type: 'FilterExpression';
  operand: JinjaNode;
  filter: JinjaNode;
}

export interface MemberExpressionNode extends JinjaNode {
  type: 'MemberExpression';
  object: JinjaNode;
  property: JinjaNode;
  computed: boolean;
}

export interface ProgramNode extends JinjaNode {
  body: JinjaNode[];
}

function field(node: JinjaNode, name: string): unknown {
  return (node as unknown as Record<string, unknown>)[name];
}

export function isNode(value: unknown): value is JinjaNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export function nodeField(node: JinjaNode, name: string): JinjaNode | undefined {
  const value = field(node, name);
  return isNode(value) ? value : undefined;
}

export function nodeList(node: JinjaNode, name: string): JinjaNode[] {
  const value = field(node, name);
  return Array.isArray(value) ? value.filter(isNode) : [];
}

export function isIdentifier(node: JinjaNode | undefined): node is IdentifierNode {
  return node?.type === 'Identifier' && typeof field(node, 'value') === 'string';
}

export function isCall(node: JinjaNode | undefined): node is CallExpressionNode {
  return node?.type === 'CallExpression';
}

export function isFilterExpression(node: JinjaNode | undefined): node is FilterExpressionNode {
  return node?.type === 'FilterExpression';
}

export function isMember(node: JinjaNode | undefined): node is MemberExpressionNode {
  return node?.type === 'MemberExpression';
}

/** The filter a FilterExpression or FilterStatement applies: its name and whether it is called with (...). */
export function filterName(filter: JinjaNode | undefined): { name: string; called: boolean } | undefined {
  if (isIdentifier(filter)) return { name: filter.value, called: false };
  if (isCall(filter) && isIdentifier(filter.callee)) return { name: filter.callee.value, called: true };
  return undefined;
}

/** Key/value pairs of an ObjectLiteral, whose value is a Map. */
function objectEntries(node: JinjaNode): JinjaNode[] {
  const value = field(node, 'value');
  if (!(value instanceof Map)) return [];
  const out: JinjaNode[] = [];
  for (const [key, item] of value) {
    if (isNode(key)) out.push(key);
    if (isNode(item)) out.push(item);
  }
  return out;
}

function pick(node: JinjaNode, names: readonly string[]): JinjaNode[] {
  const out: JinjaNode[] = [];
  for (const name of names) {
    const value = field(node, name);
    if (Array.isArray(value)) out.push(...value.filter(isNode));
    else if (isNode(value)) out.push(value);
  }
  return out;
}

const childFields: Readonly<Partial<Record<string, readonly string[]>>> = {
  Program: ['body'],
  If: ['test', 'body', 'alternate'],
  For: ['loopvar', 'iterable', 'body', 'defaultBlock'],
  Set: ['assignee', 'value', 'body'],
  Macro: ['name', 'args', 'body'],
  CallStatement: ['callerArgs', 'call', 'body'],
  FilterStatement: ['filter', 'body'],
  MemberExpression: ['object', 'property'],
  CallExpression: ['callee', 'args'],
  BinaryExpression: ['left', 'right'],
  FilterExpression: ['operand', 'filter'],
  SelectExpression: ['lhs', 'test'],
  TestExpression: ['operand', 'test'],
  UnaryExpression: ['argument'],
  SliceExpression: ['start', 'stop', 'step'],
  KeywordArgumentExpression: ['key', 'value'],
  SpreadExpression: ['argument'],
  KeywordSpreadExpression: ['argument'],
  Ternary: ['trueExpr', 'condition', 'falseExpr'],
  ArrayLiteral: ['value'],
  TupleLiteral: ['value'],
};

/** Child nodes in the order they are written (`a if c else b` gives a, c, b). */
export function childrenInSourceOrder(node: JinjaNode): JinjaNode[] {
  if (node.type === 'ObjectLiteral') return objectEntries(node);
  const fields = Object.hasOwn(childFields, node.type) ? childFields[node.type] : undefined;
  return fields ? pick(node, fields) : [];
}
