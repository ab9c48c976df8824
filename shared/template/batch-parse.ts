import { parse, tokenize } from '@huggingface/jinja';
import type { JinjaNode } from './jinja-ast.js';

export type SnippetResult = { ok: true; node: JinjaNode } | { ok: false; error: unknown };

/** Snippets parsed together; small enough that pinning a failure by halving stays cheap. */
const chunkSize = 16;

/** Verdicts of recent snippets: between two keystrokes almost every tag is unchanged. */
const cache = new Map<string, SnippetResult>();
const cacheSize = 4096;

/**
 * Parses many self-contained snippets (each one tag, completed into a minimal template) with the
 * library, and tells for each its single top-level node or its error. Nodes are shared with a
 * cache: callers must not modify them.
 *
 * A call to the parser has a fixed cost of some microseconds, more than a small tag takes to
 * parse, so snippets are parsed joined in chunks, and a failing chunk is halved until each failure
 * is pinned to its snippet. Every snippet starts with `{{` or `{%` and ends with `}}` or `%}`, so
 * valid snippets joined give one node each; a batch that gives another count is halved as well,
 * so every verdict is the snippet's own.
 */
export function parseSnippets(snippets: readonly string[]): SnippetResult[] {
  const results: (SnippetResult | undefined)[] = snippets.map((snippet) => {
    const hit = cache.get(snippet);
    return hit && remember(snippet, hit);
  });
  const todo = snippets.flatMap((snippet, i) => (results[i] ? [] : [i]));
  const visit = (indexes: number[]): void => {
    if (indexes.length === 0) return;
    let body: JinjaNode[] | undefined;
    let error: unknown;
    try {
      body = parse(tokenize(indexes.map((i) => snippets[i] ?? '').join(''))).body;
    } catch (caught) {
      error = caught;
    }
    if (body && body.length === indexes.length) {
      indexes.forEach((index, k) => (results[index] = remember(snippets[index] ?? '', { ok: true, node: body[k] as JinjaNode })));
    } else if (indexes.length === 1) {
      const index = indexes[0] ?? 0;
      results[index] = remember(snippets[index] ?? '', { ok: false, error: error ?? new SyntaxError('Unexpected content in tag') });
    } else {
      const middle = indexes.length >> 1;
      visit(indexes.slice(0, middle));
      visit(indexes.slice(middle));
    }
  };
  for (let from = 0; from < todo.length; from += chunkSize) visit(todo.slice(from, from + chunkSize));
  return results.map((result) => result ?? { ok: false, error: new Error('Not parsed') });
}

function remember(snippet: string, result: SnippetResult): SnippetResult {
  cache.delete(snippet);
  cache.set(snippet, result);
  if (cache.size > cacheSize) cache.delete(cache.keys().next().value ?? '');
  return result;
}
