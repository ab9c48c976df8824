import { Fragment } from 'react';
import type { ItemKind } from './verdict-draft.js';

const byKind: Record<ItemKind, [string, string][]> = {
  pairwise: [
    ['1 ←', 'left'],
    ['2 →', 'right'],
    ['again / ⇧', 'much'],
    ['3 ↓', 'tie'],
    ['4', 'both bad'],
  ],
  ranking: [
    ['1…9', 'next rank'],
    ['⇧ or =', 'tie with previous'],
    ['⌫', 'take back last'],
    ['0', 'clear'],
  ],
  rubric: [
    ['0…9', 'score, next'],
    ['↑ ↓', 'criterion'],
    ['← →', '−/+ 1'],
  ],
};

const common: [string, string][] = [
  ['Enter', 'submit'],
  ['U', 'undo'],
  ['S', 'skip'],
  ['F', 'flag'],
  ['R', 'rationale'],
  ['Alt+1…9', 'tag'],
];

/** The keys, always on screen (I for instructions and M for raw text are shown where they act). */
export function KeyLegend({ kind, hasTags }: { kind: ItemKind; hasTags: boolean }) {
  const entries = [...byKind[kind], ...common.filter(([key]) => hasTags || key !== 'Alt+1…9')];
  return (
    <p className="lb-legend" data-testid="key-legend" aria-label="Keyboard shortcuts">
      {entries.map(([key, word], index) => (
        <Fragment key={key}>
          {index === byKind[kind].length && <span className="lb-legend-sep" aria-hidden="true" />}
          <span className="lb-legend-entry">
            <kbd className="lb-key">{key}</kbd>
            {word}
          </span>
        </Fragment>
      ))}
    </p>
  );
}
