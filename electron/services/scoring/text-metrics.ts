import { distance } from 'fastest-levenshtein';

/**
 * Reference-based similarity, implemented from the papers and checked against the published
 * values of their reference implementations (test/electron/services/scoring/text-metrics.test.ts):
 * BLEU and chrF as sacreBLEU 2 computes them (13a tokenizer, exponential smoothing, effective
 * order for single sentences; chrF with 6 character orders and β = 2), ROUGE-L F1 as Google's
 * rouge-score package does (lowercased alphanumeric tokens, longest common subsequence).
 * The npm packages for these were either unmaintained or disagreed with those values.
 */

const maxOrder = 4;

/** sacreBLEU's `13a` tokenizer (mteval-v13a.pl), the standard for reporting BLEU. */
export function tokenize13a(text: string): string[] {
  let line = text.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (line.includes('&')) line = line.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  line = ` ${line} `
    .replace(/([{-~[-` -&(-+:-@/])/g, ' $1 ')
    .replace(/([^0-9])([.,])/g, '$1 $2 ')
    .replace(/([.,])([^0-9])/g, ' $1 $2')
    .replace(/([0-9])(-)/g, '$1 $2 ');
  return line.split(/\s+/).filter((token) => token !== '');
}

function wordNgrams(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < tokens.length; i++) {
    // Grown one token at a time: the order leads the key, so n-grams of different orders never collide.
    let words = tokens[i]!;
    for (let n = 1; n <= maxOrder && i + n <= tokens.length; n++) {
      if (n > 1) words += `\u0000${tokens[i + n - 1]}`;
      const key = `${n}\u0001${words}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** Sufficient statistics of one segment: [hypothesis length, reference length, correct×4, total×4]. */
export function bleuStatistics(hypothesis: string, references: readonly string[]): number[] {
  const hyp = tokenize13a(hypothesis);
  const refs = references.filter((ref) => ref !== '').map(tokenize13a);
  const refCounts = new Map<string, number>();
  for (const ref of refs) for (const [key, count] of wordNgrams(ref)) refCounts.set(key, Math.max(refCounts.get(key) ?? 0, count));
  // The closest reference length; on a tie, the shorter one.
  let refLen = -1;
  let bestDiff = -1;
  for (const ref of refs) {
    const diff = Math.abs(hyp.length - ref.length);
    if (bestDiff === -1 || diff < bestDiff || (diff === bestDiff && ref.length < refLen)) {
      bestDiff = diff;
      refLen = ref.length;
    }
  }
  const correct = [0, 0, 0, 0];
  const total = [0, 0, 0, 0];
  for (const [key, count] of wordNgrams(hyp)) {
    const n = Number(key.slice(0, key.indexOf('\u0001'))) - 1;
    total[n]! += count;
    correct[n]! += Math.min(count, refCounts.get(key) ?? 0);
  }
  return [hyp.length, Math.max(refLen, 0), ...correct, ...total];
}

/** BLEU (0 to 100) from summed statistics, with sacreBLEU's `exp` smoothing (NIST's, Chen & Cherry method 3). */
export function bleuFromStatistics(stats: readonly number[], effectiveOrder: boolean): number {
  const [sysLen = 0, refLen = 0] = stats;
  const correct = stats.slice(2, 2 + maxOrder);
  const total = stats.slice(2 + maxOrder, 2 + 2 * maxOrder);
  const bp = sysLen < refLen ? (sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0) : 1;
  if (!correct.some((count) => count > 0)) return 0;
  const precisions = [0, 0, 0, 0];
  let smooth = 1;
  let order = maxOrder;
  for (let n = 1; n <= maxOrder; n++) {
    const t = total[n - 1]!;
    if (t === 0) break;
    if (effectiveOrder) order = n;
    const c = correct[n - 1]!;
    if (c === 0) {
      smooth *= 2;
      precisions[n - 1] = 100 / (smooth * t);
    } else {
      precisions[n - 1] = (100 * c) / t;
    }
  }
  const logSum = precisions.slice(0, order).reduce((sum, p) => sum + (p > 0 ? Math.log(p) : -9_999_999_999), 0);
  return bp * Math.exp(logSum / order);
}

/** Sentence BLEU, 0 to 1: sacreBLEU's `sentence_bleu` (effective order on) divided by 100. */
export function sentenceBleu(hypothesis: string, references: readonly string[]): number {
  // Rounding can put a perfect match a hair above 1.
  return Math.min(1, bleuFromStatistics(bleuStatistics(hypothesis, references), true) / 100);
}

/** Corpus BLEU, 0 to 100, as sacreBLEU's `corpus_bleu`: statistics summed over segments. */
export function corpusBleu(hypotheses: readonly string[], references: readonly (readonly string[])[]): number {
  const sums = new Array<number>(2 + 2 * maxOrder).fill(0);
  hypotheses.forEach((hypothesis, index) => {
    bleuStatistics(hypothesis, references[index] ?? []).forEach((value, i) => (sums[i]! += value));
  });
  return bleuFromStatistics(sums, false);
}

const chrfOrder = 6;
const chrfBeta = 2;

/** Character n-gram counts of every order 1..chrfOrder, in one pass; by code point, not UTF-16 unit. */
function charNgrams(text: string): Map<string, number>[] {
  const chars = /[\uD800-\uDFFF]/.test(text) ? Array.from(text) : null;
  const length = chars ? chars.length : text.length;
  const counts = Array.from({ length: chrfOrder }, () => new Map<string, number>());
  for (let i = 0; i < length; i++) {
    for (let n = 1; n <= chrfOrder && i + n <= length; n++) {
      const key = chars ? chars.slice(i, i + n).join('') : text.slice(i, i + n);
      const map = counts[n - 1]!;
      map.set(key, (map.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

function chrfSegment(hypothesis: string, reference: string): number[] {
  const hyp = charNgrams(hypothesis.split(/\s+/).join(''));
  const ref = charNgrams(reference.split(/\s+/).join(''));
  const stats: number[] = [];
  for (let n = 0; n < chrfOrder; n++) {
    const h = hyp[n]!;
    let hypCount = 0;
    let refCount = 0;
    let match = 0;
    for (const count of h.values()) hypCount += count;
    for (const [key, count] of ref[n]!) {
      refCount += count;
      match += Math.min(count, h.get(key) ?? 0);
    }
    stats.push(hypCount, refCount, match);
  }
  return stats;
}

/** chrF (0 to 100) from [hyp, ref, match] per order: averaged precision and recall over the orders both sides have. */
export function chrfFromStatistics(stats: readonly number[]): number {
  let precision = 0;
  let recall = 0;
  let order = 0;
  for (let i = 0; i < chrfOrder; i++) {
    const hyp = stats[3 * i]!;
    const ref = stats[3 * i + 1]!;
    const match = stats[3 * i + 2]!;
    if (hyp > 0 && ref > 0) {
      precision += match / hyp;
      recall += match / ref;
      order++;
    }
  }
  if (order === 0) return 0;
  precision /= order;
  recall /= order;
  if (precision + recall === 0) return 0;
  const factor = chrfBeta ** 2;
  return (100 * (1 + factor) * precision * recall) / (factor * precision + recall);
}

/** Per segment, the reference with the best chrF is the one that counts (sacreBLEU 2). */
function bestChrfStatistics(hypothesis: string, references: readonly string[]): number[] {
  if (references.length === 1 && references[0] !== '') return chrfSegment(hypothesis, references[0]!);
  let best: number[] = new Array<number>(3 * chrfOrder).fill(0);
  let bestScore = -1;
  for (const reference of references) {
    if (reference === '') continue;
    const stats = chrfSegment(hypothesis, reference);
    const score = chrfFromStatistics(stats);
    if (score > bestScore) {
      bestScore = score;
      best = stats;
    }
  }
  return best;
}

export function sentenceChrf(hypothesis: string, references: readonly string[]): number {
  return Math.min(1, chrfFromStatistics(bestChrfStatistics(hypothesis, references)) / 100);
}

export function corpusChrf(hypotheses: readonly string[], references: readonly (readonly string[])[]): number {
  const sums = new Array<number>(3 * chrfOrder).fill(0);
  hypotheses.forEach((hypothesis, index) => bestChrfStatistics(hypothesis, references[index] ?? []).forEach((value, i) => (sums[i]! += value)));
  return chrfFromStatistics(sums);
}

/** rouge-score's tokenizer, Unicode-aware: lowercase, runs of letters and digits. */
export function rougeTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function lcsLength(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  // Two rows of the dynamic programme: memory stays O(min(a, b)).
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  let previous = new Uint32Array(short.length + 1);
  let current = new Uint32Array(short.length + 1);
  for (let i = 1; i <= long.length; i++) {
    const token = long[i - 1];
    for (let j = 1; j <= short.length; j++) {
      current[j] = token === short[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    }
    [previous, current] = [current, previous];
  }
  return previous[short.length]!;
}

export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

/** ROUGE-L (Lin, 2004): precision, recall and F1 of the longest common subsequence of tokens. */
export function rougeL(reference: string, prediction: string): RougeScore {
  const ref = rougeTokens(reference);
  const pred = rougeTokens(prediction);
  if (ref.length === 0 || pred.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const lcs = lcsLength(ref, pred);
  const precision = lcs / pred.length;
  const recall = lcs / ref.length;
  return { precision, recall, fmeasure: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}

/** 1 − edit distance ÷ the longer length: 1 for identical texts, 0 for nothing in common. */
export function levenshteinSimilarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  return 1 - distance(a, b) / longer;
}
