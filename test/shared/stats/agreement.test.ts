import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cohensKappa, krippendorffAlpha, percentAgreement, type Rating } from '../../../shared/stats/index.js';
import { assertClose } from './simulate.js';

/** Coders × units, as the papers print them, turned into the units × coders the API takes. */
const byUnit = (coders: readonly (readonly Rating[])[]): Rating[][] => coders[0]!.map((_, unit) => coders.map((row) => row[unit]!));

const _ = null;

describe("Krippendorff's alpha", () => {
  // Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), section C: four observers,
  // twelve units, values 1 to 5, missing data. Unit 12 has one value and is not pairable.
  const paper = byUnit([
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
  ]);

  it('reproduces the published values of the four-observer example', () => {
    assertClose(krippendorffAlpha(paper, 'nominal')!, 0.743, 0.0005);
    assertClose(krippendorffAlpha(paper, 'ordinal')!, 0.815, 0.0005);
    assertClose(krippendorffAlpha(paper, 'interval')!, 0.849, 0.0005);
  });

  it("reproduces the paper's two-coder binary example", () => {
    // Section A: 10 units, α = 0.095. By hand: o00 = 10, o11 = 2, o01 = o10 = 4; n0 = 14, n1 = 6;
    // α = 1 − (20 − 1) · 8 / (2 · 14 · 6) = 16 / 168.
    const units = byUnit([
      [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
      [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
    ]);
    assertClose(krippendorffAlpha(units, 'nominal')!, 16 / 168, 1e-12);
    assertClose(krippendorffAlpha(units, 'nominal')!, 0.095, 0.0005);
  });

  it('matches a hand computation on interval data', () => {
    // Units (1, 2) and (3, 3): o12 = o21 = 1, o33 = 2; n1 = n2 = 1, n3 = 2, n = 4.
    // Observed Σ o δ² = 2; expected Σ n_c n_k δ² = 2 · (1 · 1 · 1 + 1 · 2 · 4 + 1 · 2 · 1) = 22.
    // α = 1 − 3 · 2 / 22 = 8 / 11.
    assertClose(krippendorffAlpha([[1, 2], [3, 3]], 'interval')!, 8 / 11, 1e-12);
  });

  it('is 1 for perfect agreement and null when only one value was ever given', () => {
    const perfect = [[1, 1, _], [2, 2, 2], [3, _, 3]];
    for (const level of ['nominal', 'ordinal', 'interval'] as const) {
      assert.equal(krippendorffAlpha(perfect, level), 1);
      assert.equal(krippendorffAlpha([[4, 4], [4, 4, 4]], level), null);
      assert.equal(krippendorffAlpha([[1, _], [_, 2], []], level), null);
      assert.equal(krippendorffAlpha([], level), null);
    }
  });

  it('drops units with fewer than two ratings and ignores who rated what', () => {
    const shuffled = paper.map((unit) => [...unit].reverse());
    assert.equal(krippendorffAlpha([...paper, [5, _, _, _]], 'ordinal'), krippendorffAlpha(paper, 'ordinal'));
    assertClose(krippendorffAlpha(shuffled, 'ordinal')!, krippendorffAlpha(paper, 'ordinal')!, 1e-12);
  });

  it('takes string labels as nominal values, and refuses to guess their order', () => {
    const labels = paper.map((unit) => unit.map((value) => (value === null ? null : `v${value}`)));
    assertClose(krippendorffAlpha(labels, 'nominal')!, krippendorffAlpha(paper, 'nominal')!, 1e-12);
    assert.throws(() => krippendorffAlpha(labels, 'ordinal'), TypeError);
    assert.throws(() => krippendorffAlpha(labels, 'interval'), TypeError);
  });
});

describe("Cohen's kappa", () => {
  const table = (cells: readonly [Rating, Rating, number][]): [Rating, Rating][] =>
    cells.flatMap(([a, b, times]) => Array.from({ length: times }, () => [a, b] as [Rating, Rating]));

  it("reproduces Wikipedia's worked example", () => {
    // 50 items: both yes 20, A yes / B no 5, A no / B yes 10, both no 15 → po 0.7, pe 0.5, κ 0.4.
    const pairs = table([['yes', 'yes', 20], ['yes', 'no', 5], ['no', 'yes', 10], ['no', 'no', 15]]);
    assertClose(cohensKappa(pairs)!, 0.4, 1e-12);
  });

  it('matches a hand computation with three categories', () => {
    //           B: x   y   z   | A total
    // A: x         8   2   0   | 10
    //    y         1   9   2   | 12
    //    z         3   1   4   |  8
    // B total     12  12   6   | 30
    // po = 21 / 30; pe = (10·12 + 12·12 + 8·6) / 900 = 312 / 900; κ = (630 − 312) / (900 − 312) = 53 / 98.
    const pairs = table([
      ['x', 'x', 8], ['x', 'y', 2],
      ['y', 'x', 1], ['y', 'y', 9], ['y', 'z', 2],
      ['z', 'x', 3], ['z', 'y', 1], ['z', 'z', 4],
    ]);
    assertClose(cohensKappa(pairs)!, 53 / 98, 1e-12);
    // Items one coder skipped do not count.
    assertClose(cohensKappa([...pairs, ['x', null], [null, 'z'], [null, null]])!, 53 / 98, 1e-12);
  });

  it('is 1 for perfect agreement and null when undefined', () => {
    assert.equal(cohensKappa([[1, 1], [2, 2], [1, 1]]), 1);
    assert.equal(cohensKappa([]), null);
    assert.equal(cohensKappa([[1, null]]), null);
    assert.equal(cohensKappa([['a', 'a'], ['a', 'a']]), null); // pe = 1
  });

  it('keeps 1 and "1" apart', () => {
    assert.equal(cohensKappa([[1, '1'], [2, 2]]), (2 * 1 - 1) / (4 - 1));
  });
});

describe('percent agreement', () => {
  it('counts agreeing pairs of coders within units', () => {
    // Pairs: 3 (all agree) + 1 (disagree) + 3 (one agrees) + 0 (one rating) → 4 of 7.
    assertClose(percentAgreement([[1, 1, 1], [1, 2, _], [2, 2, 1], [3, _, _]])!, 4 / 7, 1e-12);
    assert.equal(percentAgreement([['a', 'a'], ['b', 'b']]), 1);
  });

  it('is null without pairable units', () => {
    assert.equal(percentAgreement([]), null);
    assert.equal(percentAgreement([[1, _], [_, _]]), null);
  });
});
