/** A coder's value for one unit; null: this coder did not rate this unit. */
export type Rating = string | number | null;
export type AlphaLevel = 'nominal' | 'ordinal' | 'interval';

type Value = string | number;

const rated = (unit: readonly Rating[]): Value[] => unit.filter((value): value is Value => value !== null);

/** How often each value occurs; Map keys keep 1 and '1' apart, as equality does. */
function frequencies(values: readonly Value[]): Map<Value, number> {
  const counts = new Map<Value, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** Share of pairs of coders (within each unit that has >= 2 ratings) that gave the same value; null when there are no such pairs. */
export function percentAgreement(units: readonly (readonly Rating[])[]): number | null {
  let pairs = 0;
  let agreeing = 0;
  for (const unit of units) {
    const values = rated(unit);
    pairs += (values.length * (values.length - 1)) / 2;
    for (const same of frequencies(values).values()) agreeing += (same * (same - 1)) / 2;
  }
  return pairs === 0 ? null : agreeing / pairs;
}

/** Cohen's kappa for two coders over the same items; pairs with a null on either side are dropped. null when undefined (no pairs, or expected agreement is 1). */
export function cohensKappa(pairs: readonly (readonly [Rating, Rating])[]): number | null {
  const kept = pairs.filter((pair): pair is readonly [Value, Value] => pair[0] !== null && pair[1] !== null);
  const n = kept.length;
  if (n === 0) return null;
  const first = frequencies(kept.map(([a]) => a));
  const second = frequencies(kept.map(([, b]) => b));
  const agreeing = kept.filter(([a, b]) => a === b).length;
  // In counts, (po − pe) / (1 − pe) stays in integers until the last division, so 1 is exactly 1.
  let chance = 0;
  for (const [value, count] of first) chance += count * (second.get(value) ?? 0);
  return chance === n * n ? null : (n * agreeing - chance) / (n * n - chance);
}

/**
 * Krippendorff's alpha over a units x coders table with missing values (null); units with fewer
 * than 2 ratings are not pairable and are dropped. null when undefined. Ordinal uses the rank-based
 * metric of Krippendorff (2011) over the values' natural order.
 *
 * Follows "Computing Krippendorff's Alpha-Reliability" (2011): alpha = 1 − (n − 1) · Σ o_ck δ²_ck /
 * Σ n_c n_k δ²_ck, with o the coincidence matrix (each unit's m_u(m_u − 1) ordered pairs of values
 * from different coders, weighted 1 / (m_u − 1)) and n_c its margins. Ordinal and interval need
 * numbers: the order of string labels is not in the data.
 */
export function krippendorffAlpha(units: readonly (readonly Rating[])[], level: AlphaLevel): number | null {
  const pairable = units.map(rated).filter((values) => values.length >= 2);
  const values = [...new Set(pairable.flat())];
  if (level !== 'nominal') {
    if (values.some((value) => typeof value !== 'number')) throw new TypeError(`${level} alpha needs numeric ratings`);
    (values as number[]).sort((x, y) => x - y);
  }
  const index = new Map(values.map((value, i) => [value, i]));
  const v = values.length;

  const coincidences = new Float64Array(v * v);
  for (const unit of pairable) {
    const counts = [...frequencies(unit)].map(([value, count]) => [index.get(value)!, count] as const);
    const weight = 1 / (unit.length - 1);
    for (const [c, nc] of counts) {
      for (const [k, nk] of counts) coincidences[c * v + k]! += weight * (c === k ? nc * (nc - 1) : nc * nk);
    }
  }
  const margins = Array.from({ length: v }, (_, c) => coincidences.subarray(c * v, (c + 1) * v).reduce((sum, o) => sum + o, 0));
  const n = margins.reduce((sum, nc) => sum + nc, 0);

  const delta = squaredDifference(level, values, margins);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < v; c++) {
    for (let k = 0; k < v; k++) {
      const d = delta(c, k);
      observed += coincidences[c * v + k]! * d;
      expected += margins[c]! * margins[k]! * d;
    }
  }
  return expected === 0 ? null : 1 - ((n - 1) * observed) / expected;
}

/** δ²(c, k) between the values at sorted indices c and k, by the level's metric. */
function squaredDifference(level: AlphaLevel, values: readonly Value[], margins: readonly number[]): (c: number, k: number) => number {
  switch (level) {
    case 'nominal':
      return (c, k) => (c === k ? 0 : 1);
    case 'interval':
      return (c, k) => ((values[c] as number) - (values[k] as number)) ** 2;
    case 'ordinal': {
      // (Σ_{g from c to k} n_g − (n_c + n_k) / 2)²: the distance is how many values lie between.
      const cumulative = [0];
      for (const nc of margins) cumulative.push(cumulative.at(-1)! + nc);
      return (c, k) => {
        const [low, high] = c < k ? [c, k] : [k, c];
        return (cumulative[high + 1]! - cumulative[low]! - (margins[low]! + margins[high]!) / 2) ** 2;
      };
    }
  }
}
