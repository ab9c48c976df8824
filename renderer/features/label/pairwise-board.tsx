import type { QueueItem } from '../../../shared/contract/labeling.js';
import { OutputCard, type OutputMark } from './output-card.js';
import type { SideChoice, Strength, VerdictDraft } from './verdict-draft.js';

type Pairwise = Extract<VerdictDraft, { kind: 'pairwise' }>;

const sides = ['Left', 'Right'] as const;

function markOf(verdict: Pairwise, index: number): OutputMark {
  switch (verdict.choice) {
    case null:
      return undefined;
    case 'tie':
      return 'tie';
    case 'both_bad':
      return 'bad';
    case 'left':
      return index === 0 ? 'better' : 'worse';
    case 'right':
      return index === 1 ? 'better' : 'worse';
  }
}

/** Two outputs, left and right, in the order this annotator was dealt. */
export function PairwiseOutputs({ item, verdict, plain }: { item: Pick<QueueItem, 'outputs'>; verdict: Pairwise; plain: boolean }) {
  return (
    <div className="lb-outputs lb-outputs-pair" data-testid="pairwise-outputs">
      {item.outputs.slice(0, 2).map((output, index) => (
        <OutputCard
          key={output.generationId}
          title={sides[index]!}
          keyHint={index === 0 ? '1 ←' : '2 →'}
          variantLabel={output.variant?.label}
          text={output.output}
          plain={plain}
          mark={markOf(verdict, index)}
          badge={markOf(verdict, index) === 'better' ? <span className="lb-better-badge">{strengthWord(verdict.strength)}</span> : undefined}
        />
      ))}
    </div>
  );
}

export function strengthWord(strength: Strength): string {
  return strength === 'much' ? 'much better' : strength === 'slight' ? 'slightly better' : 'better';
}

const choices: { choice: SideChoice; keys: string; label: (strength: Strength) => string }[] = [
  { choice: 'left', keys: '1 ←', label: (strength) => `Left ${strengthWord(strength)}` },
  { choice: 'tie', keys: '3 ↓', label: () => 'Tie' },
  { choice: 'both_bad', keys: '4', label: () => 'Both bad' },
  { choice: 'right', keys: '2 →', label: (strength) => `Right ${strengthWord(strength)}` },
];

const strengths: { value: Strength; label: string }[] = [
  { value: 'slight', label: 'slightly' },
  { value: null, label: 'better' },
  { value: 'much', label: 'much' },
];

/** The verdict buttons with their keys, and how much better (press the same side again). */
export function PairwiseChoices({ verdict, onChoose, onStrength }: { verdict: Pairwise; onChoose(choice: SideChoice): void; onStrength(strength: Strength): void }) {
  const preferred = verdict.choice === 'left' || verdict.choice === 'right';
  return (
    <div className="lb-choices" role="group" aria-label="Verdict" data-testid="pairwise-choices">
      {choices.map((entry) => {
        const selected = verdict.choice === entry.choice;
        return (
          <button
            key={entry.choice}
            type="button"
            className="lb-choice"
            data-choice={entry.choice}
            aria-pressed={selected}
            onClick={() => onChoose(entry.choice)}
            data-testid={`choice-${entry.choice}`}
          >
            <kbd className="lb-key">{entry.keys}</kbd>
            {entry.label(selected ? verdict.strength : null)}
          </button>
        );
      })}
      <div className="segmented lb-strength" role="group" aria-label="How much better" data-disabled={preferred ? undefined : true} title="Press the same side again: much better, then slightly better">
        {strengths.map((entry) => (
          <button key={entry.label} type="button" aria-pressed={preferred && verdict.strength === entry.value} disabled={!preferred} onClick={() => onStrength(entry.value)}>
            {entry.label}
          </button>
        ))}
      </div>
    </div>
  );
}
