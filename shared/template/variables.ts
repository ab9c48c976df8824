import { templateGlobals } from './builtins.js';
import {
  childrenInSourceOrder,
  isCall,
  isIdentifier,
  nodeField,
  nodeList,
  type JinjaNode,
} from './jinja-ast.js';

/** Names bound in one scope; lookups fall through to the enclosing scope, as in the library's Environment. */
class Scope {
  private readonly names = new Set<string>();
  constructor(private readonly parent?: Scope) {}
  bind(name: string): void {
    this.names.add(name);
  }
  has(name: string): boolean {
    return this.names.has(name) || (this.parent?.has(name) ?? false);
  }
}

/**
 * The free root names a parsed template reads, in order of first appearance. Scopes follow the
 * library's runtime: `for` bodies, macro bodies and call blocks get their own scope; `if`, `filter`
 * and block `set` bodies share the enclosing one; `set` binds from the tag onwards.
 */
export function collectVariables(program: JinjaNode, into: Set<string> = new Set()): Set<string> {
  const walker = new VariableWalker(into);
  walker.block(nodeList(program, 'body'), new Scope());
  return into;
}

class VariableWalker {
  constructor(private readonly found: Set<string>) {}

  block(statements: JinjaNode[], scope: Scope): void {
    for (const statement of statements) this.statement(statement, scope);
  }

  private statement(node: JinjaNode, scope: Scope): void {
    switch (node.type) {
      case 'If':
        this.read(nodeField(node, 'test'), scope);
        this.block(nodeList(node, 'body'), scope);
        this.block(nodeList(node, 'alternate'), scope);
        return;
      case 'For':
        return this.forLoop(node, scope);
      case 'Set': {
        const value = nodeField(node, 'value');
        if (value) this.read(value, scope);
        else this.block(nodeList(node, 'body'), scope);
        this.assign(nodeField(node, 'assignee'), scope);
        return;
      }
      case 'Macro': {
        const name = nodeField(node, 'name');
        if (isIdentifier(name)) scope.bind(name.value);
        this.callable(nodeList(node, 'args'), nodeList(node, 'body'), scope, ['caller']);
        return;
      }
      case 'CallStatement':
        this.read(nodeField(node, 'call'), scope);
        this.callable(nodeList(node, 'callerArgs'), nodeList(node, 'body'), scope, []);
        return;
      case 'FilterStatement':
        this.filterArguments(nodeField(node, 'filter'), scope);
        this.block(nodeList(node, 'body'), scope);
        return;
      case 'Comment':
      case 'Break':
      case 'Continue':
        return;
      default:
        this.read(node, scope);
    }
  }

  private forLoop(node: JinjaNode, scope: Scope): void {
    const loopScope = new Scope(scope);
    const iterable = nodeField(node, 'iterable');
    const loopVariable = nodeField(node, 'loopvar');
    if (iterable?.type === 'SelectExpression') {
      // {% for x in items if x.visible %}: the condition sees the loop variable
      this.read(nodeField(iterable, 'lhs'), scope);
      this.bindTargets(loopVariable, loopScope);
      this.read(nodeField(iterable, 'test'), loopScope);
    } else {
      this.read(iterable, scope);
      this.bindTargets(loopVariable, loopScope);
    }
    this.block(nodeList(node, 'body'), loopScope);
    this.block(nodeList(node, 'defaultBlock'), new Scope(scope));
  }

  /** A macro or call block: parameters (and their defaults) live in the body's own scope. */
  private callable(parameters: JinjaNode[], body: JinjaNode[], scope: Scope, extra: string[]): void {
    const inner = new Scope(scope);
    for (const name of ['varargs', 'kwargs', ...extra]) inner.bind(name);
    for (const parameter of parameters) {
      const name = parameter.type === 'KeywordArgumentExpression' ? nodeField(parameter, 'key') : parameter;
      if (isIdentifier(name)) inner.bind(name.value);
    }
    for (const parameter of parameters) {
      if (parameter.type === 'KeywordArgumentExpression') this.read(nodeField(parameter, 'value'), inner);
    }
    this.block(body, inner);
  }

  private assign(target: JinjaNode | undefined, scope: Scope): void {
    if (target?.type === 'MemberExpression') this.read(target, scope); // {% set ns.count = 1 %} reads ns
    else this.bindTargets(target, scope);
  }

  private bindTargets(target: JinjaNode | undefined, scope: Scope): void {
    if (isIdentifier(target)) scope.bind(target.value);
    else if (target?.type === 'TupleLiteral') for (const item of nodeList(target, 'value')) this.bindTargets(item, scope);
  }

  private filterArguments(filter: JinjaNode | undefined, scope: Scope): void {
    if (isCall(filter)) for (const argument of filter.args) this.read(argument, scope);
  }

  private read(node: JinjaNode | undefined, scope: Scope): void {
    if (!node) return;
    switch (node.type) {
      case 'Identifier':
        if (isIdentifier(node) && !scope.has(node.value) && !templateGlobals.has(node.value)) this.found.add(node.value);
        return;
      case 'MemberExpression':
        // doc.title reads doc; doc[key] reads doc and key
        this.read(nodeField(node, 'object'), scope);
        if ((node as { computed?: unknown }).computed === true) this.read(nodeField(node, 'property'), scope);
        return;
      case 'FilterExpression':
        this.read(nodeField(node, 'operand'), scope);
        this.filterArguments(nodeField(node, 'filter'), scope);
        return;
      case 'TestExpression':
        this.read(nodeField(node, 'operand'), scope);
        return;
      case 'KeywordArgumentExpression':
        this.read(nodeField(node, 'value'), scope);
        return;
      default:
        for (const child of childrenInSourceOrder(node)) this.read(child, scope);
    }
  }
}
