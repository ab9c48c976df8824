/**
 * Splits a template into text, `{{ }}`, `{% %}` and `{# #}` segments with their offsets, following the
 * library's lexer: quotes are skipped inside tags, `}}` inside an object literal does not close an
 * expression, and a `-` right inside a delimiter is whitespace control, not content.
 */
export type SegmentKind = 'text' | 'expression' | 'statement' | 'comment';

export interface Segment {
  kind: SegmentKind;
  /** Offset of the opening delimiter (or of the text). */
  start: number;
  /** Offset just past the closing delimiter (or the text). */
  end: number;
  /** The content between the delimiters and their whitespace-control dashes. */
  innerStart: number;
  innerEnd: number;
  /** A string inside the tag is unterminated; it was reported, so the tag is not parsed again. */
  broken?: boolean;
}

export interface ScanProblem {
  message: string;
  start: number;
  end: number;
  /** Found by a heuristic the library does not share (a string running into later tags). */
  guessed?: boolean;
}

export interface ScanResult {
  segments: Segment[];
  problems: ScanProblem[];
}

const closers = { expression: '}}', statement: '%}', comment: '#}' } as const;
const openerText = { expression: '{{', statement: '{%', comment: '{#' } as const;

const OPEN_BRACE = 123; // {
const CLOSE_BRACE = 125; // }
const PERCENT = 37; // %
const HASH = 35; // #
const BACKSLASH = 92;
const NEWLINE = 10;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;

function isOpenerAt(source: string, i: number): boolean {
  if (source.charCodeAt(i) !== OPEN_BRACE) return false;
  const next = source.charCodeAt(i + 1);
  return next === OPEN_BRACE || next === PERCENT || next === HASH;
}

function kindAt(source: string, i: number): 'expression' | 'statement' | 'comment' {
  const next = source.charCodeAt(i + 1);
  return next === OPEN_BRACE ? 'expression' : next === PERCENT ? 'statement' : 'comment';
}

/**
 * End of the string literal starting at `quote` (just past its closing quote); -1 if it is never
 * closed. Like the library, a string may span lines; but one that runs onto a later line holding
 * a tag opener is taken as unterminated (-2: a stray apostrophe, most likely), so that it does
 * not swallow the tags that follow.
 */
function stringEnd(source: string, quote: number): number {
  const q = source.charCodeAt(quote);
  let multiline = false;
  for (let i = quote + 1; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === q) return i + 1;
    else if (c === NEWLINE) multiline = true;
    else if (multiline && isOpenerAt(source, i)) return -2;
  }
  return -1;
}

type TagEnd =
  | { kind: 'closed'; end: number; broken: boolean }
  | { kind: 'unclosed'; resumeAt: number; guessed: boolean };

function findTagEnd(
  source: string,
  from: number,
  kind: 'expression' | 'statement',
  problems: ScanProblem[],
): TagEnd {
  let depth = 0;
  let broken = false;
  let guessed = false;
  for (let i = from; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const end = stringEnd(source, i);
      if (end >= 0) {
        i = end - 1;
        continue;
      }
      const lineEnd = source.indexOf('\n', i);
      problems.push({
        message: `Unterminated string: the ${source[i] ?? ''} is never closed`,
        start: i,
        end: lineEnd === -1 ? source.length : lineEnd,
        guessed: end === -2 || undefined,
      });
      broken = true;
      guessed ||= end === -2;
      continue;
    }
    if (c === OPEN_BRACE) {
      if (isOpenerAt(source, i)) return { kind: 'unclosed', resumeAt: i, guessed };
      if (kind === 'expression') depth++;
    } else if (kind === 'statement') {
      if (c === PERCENT && source.charCodeAt(i + 1) === CLOSE_BRACE) return { kind: 'closed', end: i + 2, broken };
    } else if (c === CLOSE_BRACE) {
      if (depth === 0 && source.charCodeAt(i + 1) === CLOSE_BRACE) return { kind: 'closed', end: i + 2, broken };
      depth = Math.max(0, depth - 1);
    }
  }
  return { kind: 'unclosed', resumeAt: source.length, guessed };
}

export function scanTemplate(source: string): ScanResult {
  const segments: Segment[] = [];
  const problems: ScanProblem[] = [];
  let textStart = 0;
  let i = 0;

  const flushText = (end: number) => {
    if (end > textStart) segments.push({ kind: 'text', start: textStart, end, innerStart: textStart, innerEnd: end });
  };

  while (i < source.length) {
    const open = source.indexOf('{', i);
    if (open === -1) break;
    if (!isOpenerAt(source, open)) {
      i = open + 1;
      continue;
    }
    const kind = kindAt(source, open);
    const dash = source.charCodeAt(open + 2) === 45 /* - */ ? 1 : 0;
    const contentStart = open + 2 + dash;
    const unclosed = (guessed = false) =>
      problems.push({
        message: `This ${openerText[kind]} is never closed (expected ${closers[kind]})`,
        start: open,
        end: contentStart,
        guessed: guessed || undefined,
      });

    if (kind === 'comment') {
      const close = source.indexOf('#}', contentStart);
      if (close === -1) {
        // Report it and read on as if it were text, so the rest of the template is still analysed.
        unclosed();
        i = open + 2;
        continue;
      }
      flushText(open);
      const innerEnd = close > contentStart && source[close - 1] === '-' ? close - 1 : close;
      segments.push({ kind, start: open, end: close + 2, innerStart: contentStart, innerEnd });
      i = textStart = close + 2;
      continue;
    }

    const found = findTagEnd(source, contentStart, kind, problems);
    if (found.kind === 'unclosed') {
      unclosed(found.guessed);
      i = found.resumeAt === source.length ? open + 2 : found.resumeAt;
      continue;
    }
    flushText(open);
    const closeAt = found.end - 2;
    const innerEnd = closeAt > contentStart && source[closeAt - 1] === '-' ? closeAt - 1 : closeAt;
    segments.push({ kind, start: open, end: found.end, innerStart: contentStart, innerEnd, broken: found.broken || undefined });
    i = textStart = found.end;
  }
  flushText(source.length);
  return { segments, problems };
}
