// BLEU, chrF and ROUGE-L against the values their reference implementations publish.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { corpusBleu, corpusChrf, levenshteinSimilarity, rougeL, sentenceBleu, sentenceChrf, tokenize13a } from '../../../../electron/services/scoring/text-metrics.js';

// sacreBLEU's README, "Using SacreBLEU from Python".
const refs = [
  ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
  ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
];
const sys = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];
/** sacreBLEU takes reference streams; per segment they are the i-th of each stream. */
const bySegment = (streams: string[][]) => sys.map((_, i) => streams.map((stream) => stream[i]!));

describe('BLEU (sacreBLEU 2)', () => {
  test('the 13a tokenizer splits punctuation but keeps decimals and thousands together', () => {
    assert.deepEqual(tokenize13a("It wasn't surprising."), ['It', "wasn't", 'surprising', '.']);
    assert.deepEqual(tokenize13a('Pi is 3.14, not 3,000-ish; "ok" &amp; done'), ['Pi', 'is', '3.14', ',', 'not', '3,000', '-', 'ish', ';', '"', 'ok', '"', '&', 'done']);
  });

  test('corpus BLEU of the README example is 48.53 with two references, 29.44 with a missing one', () => {
    assert.equal(corpusBleu(sys, bySegment(refs)).toFixed(2), '48.53');
    assert.equal(corpusBleu(sys, bySegment([['', refs[0]![1]!, refs[0]![2]!], refs[1]!])).toFixed(2), '29.44');
  });

  test('sentence BLEU with exp smoothing and effective order: 8.493 on sacreBLEU issue #98, 0 with nothing in common', () => {
    const ref = 'producţia de zahăr brut se exprimă în zahăr alb;';
    const hyp = 'Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;';
    assert.ok(Math.abs(sentenceBleu(hyp, [ref]) * 100 - 8.493) < 1e-3, String(sentenceBleu(hyp, [ref]) * 100));
    assert.equal(sentenceBleu('this is a cat', ['okay thanks']), 0);
    assert.equal(sentenceBleu('The dog bit the man.', ['The dog bit the man.']), 1);
  });
});

describe('chrF (sacreBLEU 2, chrF2)', () => {
  test('corpus chrF2 of the README example is 59.73', () => {
    assert.equal(corpusChrf(sys, bySegment(refs)).toFixed(2), '59.73');
  });

  test('identical is 1, disjoint is 0', () => {
    assert.equal(sentenceChrf('Paris', ['Paris']), 1);
    assert.equal(sentenceChrf('xyz', ['abc']), 0);
  });
});

describe('ROUGE-L F1 (rouge-score)', () => {
  test('the rouge-score test cases: consecutive and non-consecutive matches', () => {
    // rouge_scorer_test.py: score(target, prediction)
    const consecutive = rougeL('testing one two', 'testing one');
    assert.equal(consecutive.precision, 1);
    assert.ok(Math.abs(consecutive.recall - 2 / 3) < 1e-12);
    assert.ok(Math.abs(consecutive.fmeasure - 4 / 5) < 1e-12);
    assert.ok(Math.abs(rougeL('testing one two', 'testing two').fmeasure - 4 / 5) < 1e-12);
    assert.equal(rougeL('testing one two', '').fmeasure, 0);
  });

  test("Lin (2004)'s example: 3/4 for “police kill the gunman”, 2/4 for “the gunman kill police”", () => {
    assert.equal(rougeL('police killed the gunman', 'police kill the gunman').fmeasure, 0.75);
    assert.equal(rougeL('police killed the gunman', 'the gunman kill police').fmeasure, 0.5);
  });
});

test('Levenshtein similarity: 1 − distance ÷ longer length', () => {
  assert.equal(levenshteinSimilarity('kitten', 'sitting'), 1 - 3 / 7);
  assert.equal(levenshteinSimilarity('', ''), 1);
  assert.equal(levenshteinSimilarity('abc', ''), 0);
});
