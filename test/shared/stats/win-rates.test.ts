import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binomialTwoSidedP, winMatrix } from '../../../shared/stats/index.js';
import { assertClose } from './simulate.js';

describe('win matrix', () => {
  it('counts wins each way, ties as half, and games symmetrically', () => {
    const { wins, games } = winMatrix(3, [
      { a: 0, b: 1, score: 1 },
      { a: 1, b: 0, score: 1 },
      { a: 0, b: 1, score: 0.5 },
      { a: 2, b: 0, score: 0 },
      { a: 2, b: 2, score: 1 }, // a contestant against itself says nothing
    ]);
    assert.deepEqual(wins, [
      [0, 1.5, 1],
      [1.5, 0, 0],
      [0, 0, 0],
    ]);
    assert.deepEqual(games, [
      [0, 3, 1],
      [3, 0, 0],
      [1, 0, 0],
    ]);
  });

  it('is empty without comparisons', () => {
    assert.deepEqual(winMatrix(2, []), { wins: [[0, 0], [0, 0]], games: [[0, 0], [0, 0]] });
    assert.throws(() => winMatrix(2, [{ a: 0, b: 5, score: 1 }]), RangeError);
  });
});

describe('two-sided binomial test at p = 0.5', () => {
  it('matches exact values', () => {
    assertClose(binomialTwoSidedP(2, 10), 0.109375, 1e-15); // 2 · (1 + 10 + 45) / 1024
    assertClose(binomialTwoSidedP(0, 10), 2 / 1024, 1e-15);
    // 2 · (1 + 20 + 190 + 1140 + 4845 + 15504) / 2^20
    assertClose(binomialTwoSidedP(5, 20), 43400 / 2 ** 20, 1e-15);
    assert.equal(binomialTwoSidedP(5, 10), 1);
    assert.equal(binomialTwoSidedP(0, 0), 1);
    // Odd n: the two middle outcomes make up the whole distribution with everything beyond them.
    assert.equal(binomialTwoSidedP(2, 5), 1);
    assertClose(binomialTwoSidedP(1, 5), 2 * 6 / 32, 1e-15);
  });

  it('is symmetric in k and n − k', () => {
    for (let k = 0; k <= 13; k++) assert.equal(binomialTwoSidedP(k, 13), binomialTwoSidedP(13 - k, 13));
  });

  it('stays accurate for large n', () => {
    assert.equal(binomialTwoSidedP(50_000, 100_000), 1);
    // 1,000 above the middle of 100,000 is 6.3 standard deviations: about 2.6e-10 (normal approximation).
    const p = binomialTwoSidedP(49_000, 100_000);
    assert.ok(p > 1e-10 && p < 5e-10, String(p));
  });

  it('rejects impossible counts', () => {
    assert.throws(() => binomialTwoSidedP(11, 10), RangeError);
    assert.throws(() => binomialTwoSidedP(1.5, 10), RangeError);
    assert.throws(() => binomialTwoSidedP(-1, 10), RangeError);
  });
});
