// How numbers read on screen: costs of tiny requests stay readable dollars.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCost } from '../../../renderer/ui/format.js';

describe('formatCost', () => {
  it('shows a tiny request’s cost in plain dollars with two significant digits, never as an exponent', () => {
    assert.equal(formatCost(0.000029), '$0.000029');
    assert.equal(formatCost(0.0000031), '$0.0000031');
    assert.equal(formatCost(0.00005), '$0.00005');
    assert.equal(formatCost(3e-12), '<$0.000000001');
    for (const usd of [1e-5, 2.9e-5, 9.99e-9, 4.2e-7]) assert.doesNotMatch(formatCost(usd), /e/);
  });

  it('keeps the larger ranges as they were', () => {
    assert.equal(formatCost(0), '$0');
    assert.equal(formatCost(0.00014), '$0.00014');
    assert.equal(formatCost(0.0312), '$0.0312');
    assert.equal(formatCost(12.345), '$12.35');
    assert.equal(formatCost(null), '—');
  });
});
