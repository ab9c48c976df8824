import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bootstrapMean } from '../../../shared/stats/index.js';

describe('bootstrapMean', () => {
  const scores = [1, 2, 2, 3, 3, 3, 4, 4, 5, 5];

  it('is the mean, with a percentile interval that is the same for the same seed', () => {
    const first = bootstrapMean(scores, { resamples: 2000, seed: 3 });
    assert.equal(first.rating, 3.2);
    assert.deepEqual(bootstrapMean(scores, { resamples: 2000, seed: 3 }), first);
    assert.ok(first.low < 3.2 && first.high > 3.2);
    // The standard error of this mean is about 0.39; a 95% interval spans roughly ±0.76.
    assert.ok(first.high - first.low > 1.2 && first.high - first.low < 1.8, `width ${first.high - first.low}`);
    assert.ok(first.low >= 1 && first.high <= 5);
  });

  it('narrows as the data grows', () => {
    const small = bootstrapMean(scores, { resamples: 500 });
    const large = bootstrapMean(Array.from({ length: 100 }, () => scores).flat(), { resamples: 500 });
    assert.equal(large.rating, 3.2);
    assert.ok(large.high - large.low < (small.high - small.low) / 5);
  });

  it('has no interval without variation to resample', () => {
    assert.deepEqual(bootstrapMean([]), { rating: 0, low: 0, high: 0 });
    assert.deepEqual(bootstrapMean([4]), { rating: 4, low: 4, high: 4 });
    assert.deepEqual(bootstrapMean([2, 2, 2]), { rating: 2, low: 2, high: 2 });
  });
});
