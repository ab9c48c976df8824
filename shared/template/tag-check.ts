import { filtersWithArguments, filtersWithoutArguments, knownFilters, knownTests } from './builtins.js';
import { childrenInSourceOrder, filterName, isIdentifier, nodeField, type JinjaNode } from './jinja-ast.js';
import { describeLibraryError } from './library-errors.js';
import type { ScanProblem, Segment } from './scanner.js';
import { filterSites, lexTag, testSites, type NameSite, type TagToken } from './tag-lexer.js';
import { isValidGenerationTag, snippetFor, type StatementTag } from './tags.js';

/**
 * What one `{{ }}` or `{% %}` tag needs: either a verdict reached without the parser (empty or
 * unknown tags, generation tags), or a minimal complete template around it for the library's
 * parser to judge alone; the library's errors have no positions, so a failure is pinned to the tag.
 */
export type TagPlan =
  | { kind: 'decided'; problems: ScanProblem[]; parsed: boolean }
  | { kind: 'parse'; snippet: string };

export function planTag(source: string, segment: Segment, tag: StatementTag | undefined): TagPlan {
  const whole = (message: string): TagPlan => ({
    kind: 'decided',
    problems: [{ message, start: segment.start, end: segment.end }],
    parsed: false,
  });
  const raw = source.slice(segment.start, segment.end);
  if (!tag) {
    if (source.slice(segment.innerStart, segment.innerEnd).trim() === '') return whole('Empty expression {{ }}');
  } else {
    switch (tag.role.role) {
      case 'empty':
        return whole('Empty tag {% %}');
      case 'unknown':
        if (!tag.name) return whole('Expected a tag name after {%');
        return {
          kind: 'decided',
          problems: [{ message: `Unknown tag {% ${tag.name} %}`, start: tag.nameStart, end: tag.nameEnd }],
          parsed: false,
        };
    }
    if (tag.name === 'generation' || tag.name === 'endgeneration') {
      return isValidGenerationTag(raw) ? { kind: 'decided', problems: [], parsed: true } : whole(`{% ${tag.name} %} takes no arguments`);
    }
  }
  const { before, after } = snippetFor(tag);
  return { kind: 'parse', snippet: before + raw + after };
}

/** The library rejected the tag: its message, at the offending character when that can be found. */
export function syntaxProblem(source: string, segment: Segment, tag: StatementTag | undefined, error: unknown): ScanProblem {
  const what = tag ? `Invalid {% ${tag.name} %} tag` : 'Invalid expression';
  const message = `${what}: ${describeLibraryError(error)}`;
  const at = locateLexerError(error, lexTag(source, segment.innerStart, segment.innerEnd));
  return at ? { message, ...at } : { message, start: segment.start, end: segment.end };
}

/** "Unexpected character: @" and bad escapes can be pinned to the character itself. */
function locateLexerError(error: unknown, tokens: TagToken[]): { start: number; end: number } | undefined {
  const message = error instanceof Error ? error.message : '';
  const character = /^Unexpected character: (.)$/.exec(message)?.[1];
  if (character) {
    const token = tokens.find((t) => t.kind === 'punct' && t.text === character);
    if (token) return { start: token.start, end: token.end };
  }
  const escape = /escape(?:d character| sequence): (\\?.)/.exec(message)?.[1];
  if (escape) {
    const sequence = escape.startsWith('\\') ? escape.slice(0, 2) : `\\${escape}`;
    for (const token of tokens) {
      const at = token.kind === 'string' ? token.text.indexOf(sequence) : -1;
      if (at !== -1) return { start: token.start + at, end: token.start + at + sequence.length };
    }
  }
  return undefined;
}

export interface NameSites {
  filters: NameSite[];
  tests: NameSite[];
}

/** Where filter and test names are written in one tag. */
export function nameSites(source: string, segment: Segment, tag: StatementTag | undefined): NameSites {
  const tokens = lexTag(source, segment.innerStart, segment.innerEnd);
  return { filters: filterSites(tokens, tag?.name === 'filter'), tests: testSites(tokens) };
}

interface NameUse {
  kind: 'filter' | 'test';
  name: string;
  called: boolean;
}

function collectNameUses(node: JinjaNode, out: NameUse[]): void {
  if (node.type === 'FilterExpression' || node.type === 'FilterStatement') {
    const filter = filterName(nodeField(node, 'filter'));
    if (filter) out.push({ kind: 'filter', ...filter });
  } else if (node.type === 'TestExpression') {
    const test = nodeField(node, 'test');
    if (isIdentifier(test)) out.push({ kind: 'test', name: test.value, called: false });
  }
  for (const child of childrenInSourceOrder(node)) collectNameUses(child, out);
}

/**
 * Filters and tests the library does not implement, or uses in a form it does not support,
 * found by walking the AST. The k-th use of a name in the AST is placed at the k-th place the
 * name is written in `sites`, which are only looked up once something is wrong (lexing every
 * tag costs more than the walk).
 */
export function checkNames(
  node: JinjaNode,
  sites: () => NameSites,
  unplaced: (message: string) => ScanProblem,
): ScanProblem[] {
  const uses: NameUse[] = [];
  collectNameUses(node, uses);
  const problems: ScanProblem[] = [];
  const seen = new Map<string, number>();
  let written: Map<string, NameSite[]> | undefined;
  for (const use of uses) {
    const key = `${use.kind}:${use.name}`;
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    const message = use.kind === 'filter' ? filterProblem(use) : testProblem(use);
    if (!message) continue;
    written ??= sitesByName(sites());
    const site = written.get(key)?.[k];
    problems.push(site ? { message, start: site.start, end: site.end } : unplaced(message));
  }
  return problems;
}

function sitesByName({ filters, tests }: NameSites): Map<string, NameSite[]> {
  const byName = new Map<string, NameSite[]>();
  const add = (kind: string, site: NameSite) => {
    const key = `${kind}:${site.name}`;
    const list = byName.get(key);
    if (list) list.push(site);
    else byName.set(key, [site]);
  };
  for (const site of filters) add('filter', site);
  for (const site of tests) add('test', site);
  return byName;
}

function filterProblem({ name, called }: NameUse): string | undefined {
  if (!knownFilters.has(name)) return `Unknown filter '${name}'`;
  if (called && !filtersWithArguments.has(name)) return `Filter '${name}' does not take arguments`;
  if (!called && !filtersWithoutArguments.has(name)) return `Filter '${name}' needs arguments, e.g. ${name}(...)`;
  return undefined;
}

function testProblem({ name }: NameUse): string | undefined {
  return knownTests.has(name) ? undefined : `Unknown test '${name}'`;
}
