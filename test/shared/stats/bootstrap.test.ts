import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bootstrapBradleyTerry, fitBradleyTerry, ranksFromIntervals, type RatingInterval } from '../../../shared/stats/index.js';
import { simulate } from './simulate.js';

const strengths = [0, 0.5, -0.4, 1, 0.2, -0.1];
const width = ({ low, high }: RatingInterval): number => high - low;

describe('bootstrap intervals', () => {
  const comparisons = simulate(strengths, 4000, 5, 0.1);

  it('gives the same numbers for the same seed, and others for another seed', () => {
    const once = bootstrapBradleyTerry(6, comparisons, { resamples: 200, seed: 7 });
    assert.deepEqual(bootstrapBradleyTerry(6, comparisons, { resamples: 200, seed: 7 }), once);
    assert.notDeepEqual(bootstrapBradleyTerry(6, comparisons, { resamples: 200, seed: 8 }), once);
  });

  it('reports the fit on all the data as the rating, inside its interval', () => {
    const intervals = bootstrapBradleyTerry(6, comparisons, { resamples: 300 });
    assert.deepEqual(
      intervals.map(({ rating }) => rating),
      fitBradleyTerry(6, comparisons),
    );
    for (const { rating, low, high } of intervals) assert.ok(low < rating && rating < high, `${low} < ${rating} < ${high}`);
  });

  it('narrows as the data grows', () => {
    const few = bootstrapBradleyTerry(6, simulate(strengths, 40, 5), { resamples: 300 });
    const many = bootstrapBradleyTerry(6, simulate(strengths, 4000, 5), { resamples: 300 });
    // A hundred times the data: intervals about ten times narrower (more where 40 games left ratings unbounded).
    many.forEach((interval, i) => assert.ok(width(interval) * 5 < width(few[i]!), `contestant ${i}: ${width(interval)} vs ${width(few[i]!)}`));
  });

  it('narrows with a lower level', () => {
    const wide = bootstrapBradleyTerry(6, comparisons, { resamples: 300, level: 0.95 });
    const narrow = bootstrapBradleyTerry(6, comparisons, { resamples: 300, level: 0.5 });
    narrow.forEach((interval, i) => assert.ok(width(interval) < width(wide[i]!)));
  });

  it('follows the rating options', () => {
    const intervals = bootstrapBradleyTerry(6, comparisons, { resamples: 50, center: 0, scale: 1, base: Math.E });
    assert.ok(Math.abs(intervals.reduce((sum, { rating }) => sum + rating, 0)) < 1e-9);
    assert.ok(intervals.every(({ low, high }) => high - low < 1));
  });

  it('gives empty data a point interval at the center', () => {
    assert.deepEqual(bootstrapBradleyTerry(2, []), [
      { rating: 1000, low: 1000, high: 1000 },
      { rating: 1000, low: 1000, high: 1000 },
    ]);
  });

  it('rejects nonsense options', () => {
    assert.throws(() => bootstrapBradleyTerry(6, comparisons, { resamples: 0 }), RangeError);
    assert.throws(() => bootstrapBradleyTerry(6, comparisons, { level: 1 }), RangeError);
  });
});

describe('ranks from intervals', () => {
  it('shares a rank between overlapping intervals', () => {
    const intervals = [
      { rating: 1100, low: 1080, high: 1120 },
      { rating: 1090, low: 1070, high: 1110 },
      { rating: 1000, low: 980, high: 1020 },
    ];
    assert.deepEqual(ranksFromIntervals(intervals), [1, 1, 3]);
  });

  it('counts only the contestants clearly above, in any order', () => {
    const intervals = [
      { rating: 900, low: 880, high: 1010 }, // 1150 and 1030 are above 1010
      { rating: 1200, low: 1150, high: 1250 },
      { rating: 1050, low: 1030, high: 1070 }, // 1150 only
      { rating: 1000, low: 990, high: 1040 }, // 1150 only: 1030 is not above 1040
    ];
    assert.deepEqual(ranksFromIntervals(intervals), [3, 1, 2, 2]);
    assert.deepEqual(ranksFromIntervals([]), []);
  });
});

describe('bootstrap speed (printed)', () => {
  it('resamples 50,000 comparisons among 6 contestants 1,000 times in well under 2 s', () => {
    const large = simulate(strengths, 50_000, 9, 0.1);
    bootstrapBradleyTerry(6, large, { resamples: 20 }); // warm up
    const started = performance.now();
    bootstrapBradleyTerry(6, large);
    const seconds = (performance.now() - started) / 1000;
    console.log(`bootstrap: 1,000 resamples of 50,000 comparisons in ${seconds.toFixed(2)} s`);
    // Loose, so a busy machine does not fail it; the fit per comparison would take minutes.
    assert.ok(seconds < 10);
  });
});
