import { diffWordsWithSpace, type ChangeObject } from 'diff';

export type DiffParts = ChangeObject<string>[];

/** Past this, two outputs are too different for a word diff to be worth reading (and to compute). */
const timeoutMs = 300;

/**
 * Word-level differences between two outputs; null when they are too far apart to diff in time.
 * With whitespace as tokens, each side's text is rebuilt exactly (newlines and all), which plain
 * `diffWords` does not promise for the left side.
 */
export function wordDiff(a: string, b: string): DiffParts | null {
  return diffWordsWithSpace(a, b, { timeout: timeoutMs }) ?? null;
}

/**
 * One side of a diff, as text: on side A what B lacks is struck through, on side B what A lacks
 * is marked inserted; the rest reads as written. A change of whitespace alone is not marked.
 */
export function DiffText({ parts, side }: { parts: DiffParts; side: 'a' | 'b' }) {
  return (
    <pre className="cmp-diff" data-testid={`diff-${side}`}>
      {parts.map((part, index) => {
        if ((side === 'a' && part.added) || (side === 'b' && part.removed)) return null;
        if (!part.added && !part.removed) return part.value;
        if (part.value.trim() === '') return part.value;
        return side === 'a' ? (
          <del key={index} className="cmp-del">
            {part.value}
          </del>
        ) : (
          <ins key={index} className="cmp-ins">
            {part.value}
          </ins>
        );
      })}
    </pre>
  );
}

/** How much differs, in words: "3 removed, 5 added". */
export function diffSummary(parts: DiffParts): { removed: number; added: number } {
  let removed = 0;
  let added = 0;
  for (const part of parts) {
    if (part.value.trim() === '') continue;
    const words = part.value.match(/\S+/g)?.length ?? 0;
    if (part.added) added += words;
    else if (part.removed) removed += words;
  }
  return { removed, added };
}
