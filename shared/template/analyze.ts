import { Template } from '@huggingface/jinja';
import { describeLibraryError } from './library-errors.js';
import { LineIndex } from './positions.js';
import { scanTemplate, type ScanProblem, type Segment } from './scanner.js';
import { checkStructure, type CheckedTag } from './structure.js';
import { parseSnippets } from './batch-parse.js';
import { checkNames, nameSites, planTag, syntaxProblem, type NameSites } from './tag-check.js';
import { readStatement } from './tags.js';
import type { TemplateAnalysis, TemplateIssue } from './types.js';
import { collectVariables } from './variables.js';

/** How the whole template is parsed; a parameter only so tests can stand in for the library. */
export type WholeParser = (source: string) => Template;

const uncheckedByLibrary = new Set(['break', 'continue', 'generation', 'endgeneration']);

const parseWithLibrary: WholeParser = (source) => new Template(source);

/**
 * Variables and problems of one template, with positions for editor markers. Never throws.
 *
 * The library's errors carry no positions, so problems are found by this module's own layer:
 * a scanner for delimiters, a per-tag parse with the library, a block-structure check and an AST
 * walk for filters and tests. Only when all of that finds nothing and the library still rejects
 * the template is its message reported, at line 1, column 1.
 */
export function analyzeTemplate(source: string): TemplateAnalysis {
  const cached = cache.get(source);
  if (cached) {
    cache.delete(source);
    cache.set(source, cached); // most recently used last
    return copy(cached);
  }
  const analysis = analyzeWith(source, parseWithLibrary);
  cache.set(source, analysis);
  if (cache.size > cacheSize) cache.delete(cache.keys().next().value ?? '');
  return copy(analysis);
}

/** Editors analyse every message on each keystroke; unchanged messages come from here. */
const cache = new Map<string, TemplateAnalysis>();
const cacheSize = 64;
const copy = (analysis: TemplateAnalysis): TemplateAnalysis => ({
  variables: [...analysis.variables],
  issues: analysis.issues.map((issue) => ({ ...issue })),
});

export function analyzeWith(source: string, parseWhole: WholeParser): TemplateAnalysis {
  try {
    return analyze(source, parseWhole);
  } catch (error) {
    // A bug here must not break the editor; say what happened instead.
    const message = `Could not analyse this template: ${describeLibraryError(error)}`;
    return { variables: [], issues: [{ message, ...firstLine(source) }] };
  }
}

function analyze(source: string, parseWhole: WholeParser): TemplateAnalysis {
  const scan = scanTemplate(source);
  const tagSegments = scan.segments.filter((segment) => segment.kind === 'expression' || segment.kind === 'statement');
  // A delimiter problem means the template is invalid, no need to ask the library; unless the
  // problem is only a guess, which the library gets to overrule.
  if (scan.problems.some((problem) => !problem.guessed)) return analyzeInvalid(source, tagSegments, scan.problems, undefined);
  const whole = tryParse(source, parseWhole);
  if (whole.ok) return analyzeValid(source, tagSegments, whole.template);
  return analyzeInvalid(source, tagSegments, scan.problems, whole.message);
}

/**
 * The library parsed the whole template, so every tag is well formed: what is left to find is
 * misplaced break/continue and unknown filters or tests, which only fail when rendered.
 */
function analyzeValid(source: string, segments: Segment[], template: Template): TemplateAnalysis {
  const tags: CheckedTag[] = segments.map((segment) => ({
    segment,
    tag: segment.kind === 'statement' ? readStatement(source, segment) : undefined,
    parsed: true,
  }));
  const sites = (): NameSites => {
    const all: NameSites = { filters: [], tests: [] };
    for (const { segment, tag } of tags) {
      const found = nameSites(source, segment, tag);
      all.filters.push(...found.filters);
      all.tests.push(...found.tests);
    }
    return all;
  };
  // The library balanced every block but two kinds it does not check: generation tags (removed
  // before parsing) and break/continue outside a loop (a failure only when rendered).
  const unchecked = tags.some(({ tag }) => tag && uncheckedByLibrary.has(tag.name));
  const problems = unchecked ? checkStructure(tags).problems : [];
  problems.push(...checkNames(template.parsed, sites, (message) => ({ message, start: 0, end: firstLineEnd(source) })));
  return { variables: [...collectVariables(template.parsed)], issues: toIssues(source, problems) };
}

/**
 * Each tag is judged on its own so that its problem has a position; the tags that parse are then
 * nested by block structure into a program, from which the variables are read.
 */
function analyzeInvalid(
  source: string,
  segments: Segment[],
  problems: ScanProblem[],
  libraryMessage: string | undefined,
): TemplateAnalysis {
  const tags: CheckedTag[] = [];
  const pending: { tag: CheckedTag; snippet: string }[] = [];
  for (const segment of segments) {
    const tag = segment.kind === 'statement' ? readStatement(source, segment) : undefined;
    const checked: CheckedTag = { segment, tag, parsed: false };
    tags.push(checked);
    if (segment.broken) continue; // its unterminated string is already reported
    const plan = planTag(source, segment, tag);
    if (plan.kind === 'parse') pending.push({ tag: checked, snippet: plan.snippet });
    else {
      problems.push(...plan.problems);
      checked.parsed = plan.parsed;
    }
  }
  const results = parseSnippets(pending.map((item) => item.snippet));
  pending.forEach(({ tag: checked }, i) => {
    const result = results[i];
    const { segment, tag } = checked;
    if (!result?.ok) {
      problems.push(syntaxProblem(source, segment, tag, result?.error));
      return;
    }
    checked.parsed = true;
    checked.node = result.node;
    if (tag?.role.role === 'close') return; // its snippet's opener is made up; nothing to check
    const unplaced = (message: string) => ({ message, start: segment.start, end: segment.end });
    problems.push(...checkNames(result.node, () => nameSites(source, segment, tag), unplaced));
  });
  const structure = checkStructure(tags, true);
  problems.push(...structure.problems);
  const variables = structure.program ? [...collectVariables(structure.program)] : [];
  if (problems.length === 0) {
    return { variables, issues: [{ message: libraryMessage ?? 'The template could not be parsed', ...firstLine(source) }] };
  }
  return { variables, issues: toIssues(source, problems) };
}

function tryParse(source: string, parseWhole: WholeParser): { ok: true; template: Template } | { ok: false; message: string } {
  try {
    return { ok: true, template: parseWhole(source) };
  } catch (error) {
    return { ok: false, message: describeLibraryError(error) };
  }
}

function toIssues(source: string, problems: ScanProblem[]): TemplateIssue[] {
  const lines = new LineIndex(source);
  const seen = new Set<string>();
  return problems
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .filter((problem) => {
      const key = `${problem.start}:${problem.end}:${problem.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((problem) => lines.issue(problem.message, problem.start, problem.end));
}

function firstLineEnd(source: string): number {
  const newline = source.indexOf('\n');
  return Math.max(newline === -1 ? source.length : newline, 1);
}

/** Line 1 from column 1 to the end of the line (at least one character). */
function firstLine(source: string): Omit<TemplateIssue, 'message'> {
  return { line: 1, column: 1, endLine: 1, endColumn: firstLineEnd(source) + 1 };
}
