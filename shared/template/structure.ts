import { nodeList, type JinjaNode } from './jinja-ast.js';
import type { ScanProblem, Segment } from './scanner.js';
import { blockEnds, type StatementTag } from './tags.js';

export interface CheckedTag {
  segment: Segment;
  /** Undefined for `{{ }}` expressions. */
  tag: StatementTag | undefined;
  /** The library parsed this tag on its own. */
  parsed: boolean;
  /**
   * The tag's node from parsing it alone (for a middle tag, the `if` around it), when it parsed.
   * Only `checkStructure` with `assemble` uses it, and does not modify it.
   */
  node?: JinjaNode;
}

export interface StructureResult {
  problems: ScanProblem[];
  /**
   * With `assemble`: the tags' nodes nested as the blocks say, unparseable tags left out (an
   * unparseable opener still opens its block), stray tags dropped and unclosed blocks closed.
   * Variables can be read from it while the template as a whole does not parse.
   */
  program?: JinjaNode;
}

interface OpenBlock {
  block: string;
  segment: Segment;
  hasElse: boolean;
  /** The block's node (undefined for generation, which has none). */
  node: JinjaNode | undefined;
  /** The innermost `if` of an if/elif chain: where the next elif or else goes. */
  chain: JinjaNode | undefined;
  /** Where the tags that follow go. */
  container: JinjaNode[];
}

const endTag = (block: string) => `{% ${blockEnds.get(block) ?? ''} %}`;
const openTag = (block: string) => `{% ${block} %}`;

/** The array behind a node's list field (a block copy's own). */
function listOf(node: JinjaNode, field: string): JinjaNode[] {
  const value = (node as unknown as Record<string, unknown>)[field];
  return Array.isArray(value) ? (value as JinjaNode[]) : [];
}

/** A copy of a block node with empty bodies of its own, for the tags between its opener and its end. */
function blockCopy(node: JinjaNode): JinjaNode {
  return { ...node, body: [], alternate: [], defaultBlock: [] } as JinjaNode;
}

/** Node types of the blocks, for stand-ins when an opener does not parse. */
const blockNodeTypes: ReadonlyMap<string, string> = new Map([
  ['if', 'If'],
  ['for', 'For'],
  ['macro', 'Macro'],
  ['call', 'CallStatement'],
  ['filter', 'FilterStatement'],
  ['set', 'Set'],
]);

/**
 * Checks that blocks are closed, in order, and that `else`, `elif`, `break` and `continue` are
 * where they may be. With `assemble`, also nests the tags' nodes into a program.
 */
export function checkStructure(tags: CheckedTag[], assemble = false): StructureResult {
  const problems: ScanProblem[] = [];
  const stack: OpenBlock[] = [];
  const root: JinjaNode[] = [];
  const at = (segment: Segment, message: string) => problems.push({ message, start: segment.start, end: segment.end });
  const neverClosed = (open: OpenBlock) =>
    at(open.segment, `This ${openTag(open.block)} is never closed (expected ${endTag(open.block)})`);
  const container = () => stack.at(-1)?.container ?? root;

  for (const { segment, tag, parsed, node } of tags) {
    const usable = assemble && parsed ? node : undefined;
    if (!tag) {
      if (usable) container().push(usable);
      continue;
    }
    const role = tag.role;
    const top = stack.at(-1);
    switch (role.role) {
      case 'open': {
        if (role.block === 'generation') {
          stack.push({ block: role.block, segment, hasElse: false, node: undefined, chain: undefined, container: container() });
          break;
        }
        if (!assemble) {
          stack.push({ block: role.block, segment, hasElse: false, node: undefined, chain: undefined, container: root });
          break;
        }
        const blockNode = blockCopy(usable ?? { type: blockNodeTypes.get(role.block) ?? 'Unknown' });
        container().push(blockNode);
        stack.push({ block: role.block, segment, hasElse: false, node: blockNode, chain: blockNode, container: listOf(blockNode, 'body') });
        break;
      }
      case 'middle': {
        const name = openTag(tag.name);
        if (top && role.allowedIn.includes(top.block)) {
          if (top.hasElse) {
            at(segment, tag.name === 'else' ? `Unexpected ${name}: this ${openTag(top.block)} already has an {% else %}` : `Unexpected ${name} after {% else %}`);
            break;
          }
          top.hasElse = tag.name === 'else';
          if (top.node && top.chain) {
            if (tag.name === 'elif') {
              // parsed alone as {% if true %}{% elif c %}{% endif %}: the elif is the outer if's alternate
              const elif = blockCopy((usable && nodeList(usable, 'alternate')[0]) || { type: 'If' });
              listOf(top.chain, 'alternate').push(elif);
              top.chain = elif;
              top.container = listOf(elif, 'body');
            } else {
              top.container = top.block === 'for' ? listOf(top.node, 'defaultBlock') : listOf(top.chain, 'alternate');
            }
          }
        } else if (top) {
          at(segment, `Unexpected ${name} inside ${openTag(top.block)}`);
        } else {
          at(segment, `Unexpected ${name} outside ${role.allowedIn.map(openTag).join(' or ')}`);
        }
        break;
      }
      case 'close': {
        const index = stack.findLastIndex((open) => open.block === role.block);
        if (index === -1) {
          at(segment, `Unexpected ${openTag(tag.name)}: no ${openTag(role.block)} is open`);
          break;
        }
        const [, ...leftOpen] = stack.splice(index);
        for (const open of leftOpen) neverClosed(open);
        break;
      }
      case 'simple':
        if ((tag.name === 'break' || tag.name === 'continue') && !stack.some((open) => open.block === 'for')) {
          at(segment, `${openTag(tag.name)} is only allowed inside a {% for %} loop`);
        } else if (usable) {
          container().push(usable);
        }
        break;
      case 'unknown':
      case 'empty':
        break;
    }
  }
  for (const open of stack) neverClosed(open);
  return assemble ? { problems, program: { type: 'Program', body: root } as JinjaNode } : { problems };
}
