// The Leaderboard's numbers on hand-computed examples: which votes count, ratings, win rates,
// position bias, agreement between annotators and an LLM judge's flip rate.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Variant, Verdict } from '../../../../shared/contract/labeling.js';
import { analyse, type AnalysedJudgment, type AnalysisInput } from '../../../../electron/services/leaderboard/analysis.js';

const variant = (key: string): Variant => ({ key, label: key, modelId: key, modelName: key, promptVersionId: 'p', promptName: 'P', promptVersionNumber: 1 });

/** Items `i<n>` pair generation `<x>-<n>` of variant x with `<y>-<n>` of variant y. */
function pairInput(pairs: [string, string][], judgments: AnalysedJudgment[], overrides: Partial<AnalysisInput> = {}): AnalysisInput {
  const keys = [...new Set(pairs.flat())];
  return {
    taskSetId: 'set',
    kind: 'pairwise',
    variants: keys.map(variant),
    items: new Map(pairs.map(([x, y], n) => [`i${n}`, [`${x}-${n}`, `${y}-${n}`]])),
    generationVariant: new Map(pairs.flatMap(([x, y], n) => [[`${x}-${n}`, x] as const, [`${y}-${n}`, y] as const])),
    judgments,
    judges: [],
    includeJudges: false,
    resamples: 200,
    seed: 7,
    ...overrides,
  };
}

const prefer = (id: string): Verdict => ({ kind: 'pairwise', choice: 'preferred', preferredGenerationId: id, strength: null });
const tie: Verdict = { kind: 'pairwise', choice: 'tie', preferredGenerationId: null, strength: null };
const bothBad: Verdict = { kind: 'pairwise', choice: 'both_bad', preferredGenerationId: null, strength: null };

function vote(item: number, annotator: string, verdict: Verdict | null, shownOrder: string[], source: AnalysedJudgment['source'] = 'human'): AnalysedJudgment {
  return { itemId: `i${item}`, annotatorId: annotator, annotatorName: annotator, source, shownOrder, verdict };
}

describe('leaderboard analysis', () => {
  it('x beating y 3 times in 4 puts x 400·log10(3) ≈ 191 points above y, with intervals around both', () => {
    const pairs: [string, string][] = [
      ['x', 'y'],
      ['x', 'y'],
      ['x', 'y'],
      ['x', 'y'],
    ];
    const judgments = [0, 1, 2].map((n) => vote(n, 'ada', prefer(`x-${n}`), [`x-${n}`, `y-${n}`])).concat(vote(3, 'ada', prefer('y-3'), ['x-3', 'y-3']));
    const board = analyse(pairInput(pairs, judgments));
    const [first, second] = board.entries;
    assert.equal(first!.variant.key, 'x');
    assert.ok(Math.abs(first!.rating - second!.rating - 400 * Math.log10(3)) < 0.5, `difference ${first!.rating - second!.rating}`);
    assert.ok(Math.abs((first!.rating + second!.rating) / 2 - 1000) < 1e-6, 'centred on 1000');
    assert.deepEqual([first!.wins, first!.losses, first!.comparisons, first!.winRate], [3, 1, 4, 0.75]);
    assert.ok(first!.low <= first!.rating && first!.rating <= first!.high && first!.high > first!.low);
    assert.deepEqual(board.matrix.winRate, [
      [null, 0.75],
      [0.25, null],
    ]);
    assert.deepEqual(board.matrix.games, [
      [0, 4],
      [4, 0],
    ]);
    assert.equal(first!.rank, 1);
    assert.equal(second!.rank, 1, 'four votes cannot separate them: the intervals overlap, so the ranks tie');
    const bare = analyse(pairInput(pairs, judgments, { resamples: 0 }));
    assert.deepEqual(
      bare.entries.map((entry) => [entry.rating, entry.low, entry.high]),
      board.entries.map((entry) => [entry.rating, entry.rating, entry.rating]),
      'no resamples: the same ratings, without intervals',
    );
  });

  it('ties and both-bad are half a win each, and both-bad is counted apart', () => {
    const pairs: [string, string][] = Array.from({ length: 5 }, () => ['x', 'y']);
    const judgments = [
      vote(0, 'ada', prefer('x-0'), ['x-0', 'y-0']),
      vote(1, 'ada', prefer('x-1'), ['x-1', 'y-1']),
      vote(2, 'ada', prefer('y-2'), ['x-2', 'y-2']),
      vote(3, 'ada', tie, ['x-3', 'y-3']),
      vote(4, 'ada', bothBad, ['x-4', 'y-4']),
    ];
    const board = analyse(pairInput(pairs, judgments));
    const x = board.entries.find((entry) => entry.variant.key === 'x')!;
    // 2 wins + 2 halves = 3 of 5: odds 3:2.
    assert.ok(Math.abs(x.rating - 1000 - 200 * Math.log10(1.5)) < 0.5, `x at ${x.rating}`);
    assert.deepEqual([x.wins, x.losses, x.ties, x.bothBad, x.comparisons], [2, 1, 1, 1, 5]);
    assert.equal(x.winRate, 3 / 5);
  });

  it('an adjudication replaces the votes on its item; LLM verdicts count only when asked', () => {
    const pairs: [string, string][] = [['x', 'y']];
    const judgments = [
      vote(0, 'ada', prefer('x-0'), ['x-0', 'y-0']),
      vote(0, 'grace', prefer('y-0'), ['y-0', 'x-0']),
      vote(0, 'judge', prefer('y-0'), ['x-0', 'y-0'], 'llm'),
    ];
    const plain = analyse(pairInput(pairs, judgments));
    assert.equal(plain.entries[0]!.comparisons, 2, 'two human votes; the judge is left out');
    assert.deepEqual(plain.judgments, { human: 2, llm: 1, adjudicated: 0 });
    const withJudge = analyse(pairInput(pairs, judgments, { includeJudges: true }));
    assert.equal(withJudge.entries[0]!.comparisons, 3);
    const settled = analyse(pairInput(pairs, [...judgments, vote(0, 'ada', prefer('x-0'), ['x-0', 'y-0'], 'adjudication')]));
    assert.equal(settled.entries[0]!.comparisons, 1);
    assert.equal(settled.entries[0]!.variant.key, 'x');
    assert.equal(settled.judgments.adjudicated, 1);
  });

  it('a ranking of three counts as its three pairs, ties included', () => {
    const input: AnalysisInput = {
      ...pairInput([], []),
      kind: 'ranking',
      variants: ['x', 'y', 'z'].map(variant),
      items: new Map([['i0', ['x-0', 'y-0', 'z-0']]]),
      generationVariant: new Map([
        ['x-0', 'x'],
        ['y-0', 'y'],
        ['z-0', 'z'],
      ]),
      judgments: [
        vote(0, 'ada', { kind: 'ranking', ranks: [{ generationId: 'x-0', rank: 1 }, { generationId: 'y-0', rank: 2 }, { generationId: 'z-0', rank: 2 }] }, ['z-0', 'x-0', 'y-0']),
      ],
    };
    const board = analyse(input);
    const tally = Object.fromEntries(board.entries.map((entry) => [entry.variant.key, [entry.wins, entry.losses, entry.ties]]));
    assert.deepEqual(tally, { x: [2, 0, 0], y: [0, 1, 1], z: [0, 1, 1] });
    assert.equal(board.entries[0]!.variant.key, 'x');
  });

  it('position bias: how often the output shown first wins, with a two-sided binomial p-value', () => {
    const pairs: [string, string][] = Array.from({ length: 9 }, () => ['x', 'y']);
    // Eight decisive votes, six for the left output; one tie that is not decisive.
    const judgments = pairs.map((_, n) => {
      const left = n % 2 === 0 ? `x-${n}` : `y-${n}`;
      const right = n % 2 === 0 ? `y-${n}` : `x-${n}`;
      if (n === 8) return vote(n, 'ada', tie, [left, right]);
      return vote(n, 'ada', prefer(n < 6 ? left : right), [left, right]);
    });
    const { positionBias } = analyse(pairInput(pairs, judgments));
    assert.deepEqual([positionBias.decisive, positionBias.firstWins, positionBias.firstWinRate], [8, 6, 0.75]);
    // P(X ≤ 2) + P(X ≥ 6) for X ~ Binomial(8, 1/2) = 2 · (1 + 8 + 28) / 256.
    assert.ok(Math.abs(positionBias.pValue! - 74 / 256) < 1e-12);
  });

  it('agreement between two annotators: percent, Cohen’s kappa and nominal alpha, by hand', () => {
    const pairs: [string, string][] = Array.from({ length: 4 }, () => ['x', 'y']);
    // Categories in canonical order (A = x, B = y): Ada A, A, B, tie; Grace A, B, B, tie. Grace sees y first.
    const ada = [prefer('x-0'), prefer('x-1'), prefer('y-2'), tie];
    const grace = [prefer('x-0'), prefer('y-1'), prefer('y-2'), tie];
    const judgments = [
      ...ada.map((verdict, n) => vote(n, 'Ada', verdict, [`x-${n}`, `y-${n}`])),
      ...grace.map((verdict, n) => vote(n, 'Grace', verdict, [`y-${n}`, `x-${n}`])),
    ];
    const { agreement } = analyse(pairInput(pairs, judgments));
    assert.equal(agreement.items, 4);
    assert.equal(agreement.annotators, 2);
    assert.equal(agreement.percent, 0.75);
    assert.equal(agreement.alphaLevel, 'nominal');
    // Coincidences: n = 8 values (A 3, B 3, tie 2), 2 disagreeing pairs; Do = 2/8, De = 42/56, alpha = 1 - Do/De = 2/3.
    assert.ok(Math.abs(agreement.alpha! - 2 / 3) < 1e-9, `alpha ${agreement.alpha}`);
    // po = 3/4; Ada A 2, B 1, tie 1; Grace A 1, B 2, tie 1: pe = (2 + 2 + 1) / 16; kappa = (12/16 - 5/16) / (11/16) = 7/11.
    assert.equal(agreement.pairs.length, 1);
    assert.deepEqual([agreement.pairs[0]!.annotatorA, agreement.pairs[0]!.annotatorB, agreement.pairs[0]!.items], ['Ada', 'Grace', 4]);
    assert.ok(Math.abs(agreement.pairs[0]!.kappa! - 7 / 11) < 1e-9, `kappa ${agreement.pairs[0]!.kappa}`);
  });

  it('a judge that flips when the outputs swap is caught, and agrees with people where it is consistent', () => {
    const pairs: [string, string][] = Array.from({ length: 3 }, () => ['x', 'y']);
    const judgments = [
      // People: x wins items 0 and 1 (a strict majority each), item 2 split.
      vote(0, 'ada', prefer('x-0'), ['x-0', 'y-0']),
      vote(1, 'ada', prefer('x-1'), ['x-1', 'y-1']),
      vote(2, 'ada', prefer('x-2'), ['x-2', 'y-2']),
      vote(2, 'grace', prefer('y-2'), ['x-2', 'y-2']),
      // The judge: consistent on item 0 (x both times), flips on item 1 (always the first shown), one unreadable answer on item 2.
      vote(0, 'judge', prefer('x-0'), ['x-0', 'y-0'], 'llm'),
      vote(0, 'judge', prefer('x-0'), ['y-0', 'x-0'], 'llm'),
      vote(1, 'judge', prefer('x-1'), ['x-1', 'y-1'], 'llm'),
      vote(1, 'judge', prefer('y-1'), ['y-1', 'x-1'], 'llm'),
      vote(2, 'judge', prefer('x-2'), ['x-2', 'y-2'], 'llm'),
      vote(2, 'judge', null, ['y-2', 'x-2'], 'llm'),
    ];
    const board = analyse(pairInput(pairs, judgments, { judges: [{ annotatorId: 'judge', name: 'Judge · m', modelId: 'm' }] }));
    assert.deepEqual(board.judges, [
      { annotatorId: 'judge', name: 'Judge · m', modelId: 'm', items: 2, flipRate: 0.5, unparsed: 1, comparedWithHumans: 1, agreementWithHumans: 1 },
    ]);
    assert.equal(board.positionBias.decisive, 4, 'the judge never counts toward human position bias');
  });

  it('rubric sets rank by mean score, with means per criterion and ordinal alpha per criterion', () => {
    const scores = (correct: number, style: number): Verdict => ({
      kind: 'rubric',
      scores: [
        { criterion: 'Correctness', score: correct },
        { criterion: 'Style', score: style },
      ],
    });
    const input: AnalysisInput = {
      ...pairInput([], []),
      kind: 'rubric',
      variants: ['x', 'y'].map(variant),
      items: new Map([
        ['i0', ['x-0']],
        ['i1', ['y-1']],
      ]),
      generationVariant: new Map([
        ['x-0', 'x'],
        ['y-1', 'y'],
      ]),
      judgments: [vote(0, 'ada', scores(5, 4), ['x-0']), vote(0, 'grace', scores(5, 3), ['x-0']), vote(1, 'ada', scores(2, 2), ['y-1']), vote(1, 'grace', scores(1, 2), ['y-1'])],
    };
    const board = analyse(input);
    assert.deepEqual(
      board.entries.map((entry) => [entry.variant.key, entry.rating, entry.comparisons]),
      [
        ['x', 4.25, 2],
        ['y', 1.75, 2],
      ],
    );
    assert.deepEqual(
      board.rubric.map((row) => [row.variantKey, row.criterion, row.mean]),
      [
        ['x', 'Correctness', 5],
        ['x', 'Style', 3.5],
        ['y', 'Correctness', 1.5],
        ['y', 'Style', 2],
      ],
    );
    assert.equal(board.agreement.alphaLevel, 'ordinal');
    assert.deepEqual(
      board.agreement.criteria.map((criterion) => [criterion.criterion, criterion.items, criterion.percent]),
      [
        ['Correctness', 2, 0.5],
        ['Style', 2, 0.5],
      ],
    );
    assert.equal(board.agreement.items, 2);
  });
});
