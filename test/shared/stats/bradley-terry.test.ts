import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { fitBradleyTerry, type Comparison } from '../../../shared/stats/index.js';
import { assertClose, repeat, simulate } from './simulate.js';

const mean = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;

/** P(a beats b) in rating points, Elo's way. */
const expected = (ra: number, rb: number): number => 1 / (1 + 10 ** ((rb - ra) / 400));

/** A strongly connected 4-contestant tournament with ties in several pairs. */
const tournament: Comparison[] = [
  ...repeat(7, 0, 1, 1), ...repeat(3, 0, 1, 0), ...repeat(2, 1, 0, 0.5),
  ...repeat(5, 0, 2, 1), ...repeat(5, 2, 0, 1),
  ...repeat(9, 3, 0, 0), ...repeat(1, 3, 0, 1),
  ...repeat(4, 1, 2, 1), ...repeat(6, 1, 2, 0), ...repeat(1, 2, 1, 0.5),
  ...repeat(6, 1, 3, 1), ...repeat(2, 1, 3, 0),
  ...repeat(8, 2, 3, 1), ...repeat(3, 2, 3, 0), ...repeat(2, 2, 3, 0.5),
];

function logLikelihood(ratings: readonly number[], comparisons: readonly Comparison[]): number {
  return comparisons.reduce((total, { a, b, score }) => {
    const p = expected(ratings[a]!, ratings[b]!);
    return total + score * Math.log(p) + (1 - score) * Math.log(1 - p);
  }, 0);
}

/**
 * An independent check of the fit: cyclic coordinate ascent with golden-section search on the
 * log-likelihood summed comparison by comparison, no aggregation, no derivatives.
 */
function bruteForce(count: number, comparisons: readonly Comparison[]): number[] {
  const ratings = new Array<number>(count).fill(1000);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let sweep = 0; sweep < 200; sweep++) {
    let moved = 0;
    for (let i = 0; i < count; i++) {
      const at = (r: number): number => logLikelihood(ratings.map((old, j) => (j === i ? r : old)), comparisons);
      // A wide bracket first, then narrower ones: a bound that binds only delays convergence.
      const reach = sweep === 0 ? 1000 : 50;
      let [low, high] = [ratings[i]! - reach, ratings[i]! + reach];
      while (high - low > 1e-7) {
        const left = high - phi * (high - low);
        const right = low + phi * (high - low);
        if (at(left) < at(right)) low = left;
        else high = right;
      }
      moved = Math.max(moved, Math.abs((low + high) / 2 - ratings[i]!));
      ratings[i] = (low + high) / 2;
    }
    const shift = 1000 - mean(ratings);
    ratings.forEach((r, i) => (ratings[i] = r + shift));
    if (moved < 1e-4) break;
  }
  return ratings;
}

describe('Bradley-Terry ratings', () => {
  it('gives two contestants where A beats B 3 times out of 4 a gap of 400·log10(3), around a mean of 1000', () => {
    const [a, b] = fitBradleyTerry(2, [...repeat(3, 0, 1, 1), ...repeat(1, 0, 1, 0)]);
    assertClose(a! - b!, 400 * Math.log10(3), 1e-9); // ≈ 190.85
    assertClose((a! + b!) / 2, 1000, 1e-9);
  });

  it('counts a tie as half a win to each side', () => {
    // A: 2 wins, 1 loss, 2 ties → 3 points of 5 → p = 3/5, odds 1.5.
    const comparisons = [...repeat(2, 0, 1, 1), ...repeat(1, 1, 0, 1), ...repeat(2, 1, 0, 0.5)];
    const [a, b] = fitBradleyTerry(2, comparisons);
    assertClose(a! - b!, 400 * Math.log10(1.5), 1e-9); // ≈ 70.44
  });

  it('follows scale, base and center', () => {
    const [a, b] = fitBradleyTerry(2, [...repeat(3, 0, 1, 1), ...repeat(1, 0, 1, 0)], { scale: 1, base: Math.E, center: 0 });
    assertClose(a! - b!, Math.log(3), 1e-12);
    assertClose(a! + b!, 0, 1e-12);
    const shifted = fitBradleyTerry(4, tournament, { center: 1500 });
    assertClose(mean(shifted), 1500, 1e-9);
  });

  it('solves the likelihood equations: each contestant scores what the ratings predict', () => {
    const ratings = fitBradleyTerry(4, tournament);
    for (let i = 0; i < 4; i++) {
      let actual = 0;
      let predicted = 0;
      for (const { a, b, score } of tournament) {
        if (a === i) [actual, predicted] = [actual + score, predicted + expected(ratings[a]!, ratings[b]!)];
        if (b === i) [actual, predicted] = [actual + 1 - score, predicted + expected(ratings[b]!, ratings[a]!)];
      }
      assertClose(predicted, actual, 1e-6, `contestant ${i}:`);
    }
    assertClose(mean(ratings), 1000, 1e-9);
  });

  it('agrees with a brute-force maximisation of the likelihood', () => {
    const ratings = fitBradleyTerry(4, tournament);
    const brute = bruteForce(4, tournament);
    // Golden-section search finds a flat maximum only to about sqrt(machine epsilon): thousandths of a point.
    ratings.forEach((r, i) => assertClose(r, brute[i]!, 1e-3, `contestant ${i}:`));
    // And nothing nearby does better.
    const best = logLikelihood(ratings, tournament);
    for (let i = 0; i < 4; i++) {
      for (const nudge of [-0.01, 0.01]) assert.ok(logLikelihood(ratings.map((r, j) => (j === i ? r + nudge : r)), tournament) <= best);
    }
  });

  it('does not depend on the order of the comparisons', () => {
    const comparisons = simulate([0, 0.3, -0.2, 0.8, 0.1], 3000, 7, 0.1);
    const shuffled = [...comparisons];
    const rng = xoroshiro128plus(3);
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = uniformInt(rng, 0, i);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    assert.deepEqual(fitBradleyTerry(5, shuffled), fitBradleyTerry(5, comparisons));
  });

  it('rates symmetric results equally', () => {
    // Rock, paper, scissors: each beats the next 3 times to 1.
    const cycle = [0, 1, 2].flatMap((i) => [...repeat(3, i, (i + 1) % 3, 1), ...repeat(1, i, (i + 1) % 3, 0)]);
    for (const r of fitBradleyTerry(3, cycle)) assertClose(r, 1000, 1e-9);
    for (const r of fitBradleyTerry(2, repeat(4, 0, 1, 0.5))) assertClose(r, 1000, 1e-9);
  });

  it('puts contestants without comparisons at the center and leaves the others as they were', () => {
    assert.deepEqual(fitBradleyTerry(3, []), [1000, 1000, 1000]);
    assert.deepEqual(fitBradleyTerry(0, []), []);
    const withIdle = fitBradleyTerry(6, tournament.map(({ a, b, score }) => ({ a: a + 1, b: b + 1, score })));
    assert.equal(withIdle[0], 1000);
    assert.equal(withIdle[5], 1000);
    const without = fitBradleyTerry(4, tournament);
    without.forEach((r, i) => assertClose(withIdle[i + 1]!, r, 1e-9));
  });

  describe('when the maximum-likelihood estimate does not exist', () => {
    // Five contestants that played each other a lot, and a sixth that beat each of them twice.
    const strengths = [0, 0.4, -0.3, 0.9, 0.2];
    const field = simulate(strengths, 2000, 11, 0.05);
    const unbeaten = [0, 1, 2, 3, 4].flatMap((i) => repeat(2, 5, i, 1));

    it('gives a contestant that never lost a finite rating above the others', () => {
      const ratings = fitBradleyTerry(6, [...field, ...unbeaten]);
      assert.ok(ratings.every(Number.isFinite));
      assert.ok(ratings[5]! > Math.max(...ratings.slice(0, 5)));
      assert.ok(ratings[5]! - Math.max(...ratings.slice(0, 5)) < 2000, `unbeaten sits at ${ratings[5]}`);
      assertClose(mean(ratings), 1000, 1e-9);
    });

    it('moves the well-connected contestants by less than half a point', () => {
      const others = fitBradleyTerry(6, [...field, ...unbeaten]).slice(0, 5);
      const alone = fitBradleyTerry(5, field);
      const shift = mean(others) - mean(alone);
      others.forEach((r, i) => assertClose(r - shift, alone[i]!, 0.5, `contestant ${i}:`));
    });

    it('still ranks a contestant that never lost above one that lost once', () => {
      const perfect = fitBradleyTerry(6, [...field, ...unbeaten]);
      const oneLoss = fitBradleyTerry(6, [...field, ...unbeaten, { a: 0, b: 5, score: 1 }]);
      assert.ok(Number.isFinite(oneLoss[5]!));
      assert.ok(perfect[5]! - mean(perfect.slice(0, 5)) > oneLoss[5]! - mean(oneLoss.slice(0, 5)));
    });

    it('gives a contestant that never won a finite rating below the others', () => {
      const ratings = fitBradleyTerry(6, [...field, ...[0, 1, 2, 3, 4].flatMap((i) => repeat(2, i, 5, 1))]);
      assert.ok(ratings.every(Number.isFinite));
      assert.ok(ratings[5]! < Math.min(...ratings.slice(0, 5)));
    });

    it('keeps groups that never met finite, and level with each other', () => {
      const groups = [...repeat(3, 0, 1, 1), ...repeat(1, 0, 1, 0), ...repeat(3, 2, 3, 1), ...repeat(1, 2, 3, 0)];
      const [a, b, c, d] = fitBradleyTerry(4, groups);
      assertClose(a!, c!, 1e-9);
      assertClose(b!, d!, 1e-9);
      // The hundredth of a tie now added to every pair shows on four games a pair: about a point.
      assertClose(a! - b!, 400 * Math.log10(3), 2);
    });

    it('keeps a single game finite', () => {
      const [a, b] = fitBradleyTerry(2, [{ a: 0, b: 1, score: 1 }]);
      assert.ok(Number.isFinite(a!) && Number.isFinite(b!) && a! > b!);
    });
  });

  it('rejects comparisons that point outside the contestants, and ignores self-comparisons', () => {
    assert.throws(() => fitBradleyTerry(2, [{ a: 0, b: 2, score: 1 }]), RangeError);
    assert.throws(() => fitBradleyTerry(2, [{ a: -1, b: 1, score: 1 }]), RangeError);
    assert.throws(() => fitBradleyTerry(2, [{ a: 0, b: 1, score: 0.3 as 0.5 }]), RangeError);
    assert.throws(() => fitBradleyTerry(-1, []), RangeError);
    assert.deepEqual(fitBradleyTerry(4, [...tournament, { a: 2, b: 2, score: 1 }]), fitBradleyTerry(4, tournament));
  });
});
