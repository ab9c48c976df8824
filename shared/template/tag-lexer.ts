/**
 * A positional lexer for the content of one tag, close enough to the library's to find where
 * filter names, test names and unexpected characters are (the library's tokens carry no offsets).
 */
export interface TagToken {
  kind: 'word' | 'number' | 'string' | 'punct';
  text: string;
  start: number;
  end: number;
}

const isDigit = (c: string) => c >= '0' && c <= '9';
const isWordChar = (c: string) => /\w/.test(c);
const isSpace = (c: string) => /\s/.test(c);

export function lexTag(source: string, start: number, end: number): TagToken[] {
  const tokens: TagToken[] = [];
  let i = start;
  while (i < end) {
    const c = source[i] ?? '';
    if (isSpace(c)) {
      i++;
      continue;
    }
    const from = i;
    let kind: TagToken['kind'];
    if (c === '"' || c === "'") {
      kind = 'string';
      i++;
      while (i < end && source[i] !== c) i += source[i] === '\\' ? 2 : 1;
      i = Math.min(i + 1, end);
    } else if (isDigit(c)) {
      kind = 'number';
      while (i < end && isDigit(source[i] ?? '')) i++;
    } else if (isWordChar(c)) {
      kind = 'word';
      while (i < end && isWordChar(source[i] ?? '')) i++;
    } else {
      kind = 'punct';
      i++;
    }
    tokens.push({ kind, text: source.slice(from, i), start: from, end: i });
  }
  return tokens;
}

export interface NameSite {
  name: string;
  start: number;
  end: number;
}

/** Filter names in source order: words after `|`, and the name after the `filter` tag keyword. */
export function filterSites(tokens: TagToken[], isFilterTag: boolean): NameSite[] {
  const sites: NameSite[] = [];
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    if (!next || next.kind !== 'word') return;
    const afterPipe = token.kind === 'punct' && token.text === '|';
    const afterFilterTag = isFilterTag && i === 0 && token.kind === 'word' && token.text === 'filter';
    if (afterPipe || afterFilterTag) sites.push({ name: next.text, start: next.start, end: next.end });
  });
  return sites;
}

/** Test names in source order: the word after `is` or `is not`. */
export function testSites(tokens: TagToken[]): NameSite[] {
  const sites: NameSite[] = [];
  tokens.forEach((token, i) => {
    if (token.kind !== 'word' || token.text !== 'is') return;
    let next = tokens[i + 1];
    if (next?.kind === 'word' && next.text === 'not' && tokens[i + 2]?.kind === 'word') next = tokens[i + 2];
    if (next?.kind === 'word') sites.push({ name: next.text, start: next.start, end: next.end });
  });
  return sites;
}
