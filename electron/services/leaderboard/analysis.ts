import { groupBy } from '../../../shared/collections.js';
import type { Agreement, JudgeReport, Leaderboard, LeaderboardEntry } from '../../../shared/contract/leaderboard.js';
import type { TaskKind, Variant, Verdict } from '../../../shared/contract/labeling.js';
import {
  binomialTwoSidedP,
  bootstrapBradleyTerry,
  bootstrapMean,
  cohensKappa,
  fitBradleyTerry,
  krippendorffAlpha,
  percentAgreement,
  ranksFromIntervals,
  winMatrix,
  type Comparison,
  type Rating,
  type RatingInterval,
} from '../../../shared/stats/index.js';
import { verdictCategory, verdictOutcomes } from '../labeling/verdicts.js';


export interface AnalysedJudgment {
  itemId: string;
  annotatorId: string;
  annotatorName: string;
  source: 'human' | 'llm' | 'adjudication';
  shownOrder: readonly string[];
  /** null: an LLM answer that could not be read as a verdict. */
  verdict: Verdict | null;
}

export interface AnalysisInput {
  taskSetId: string;
  kind: TaskKind;
  variants: readonly Variant[];
  /** item id → its generation ids in canonical order */
  items: ReadonlyMap<string, readonly string[]>;
  /** generation id → variant key */
  generationVariant: ReadonlyMap<string, string>;
  judgments: readonly AnalysedJudgment[];
  judges: readonly { annotatorId: string; name: string; modelId: string | null }[];
  includeJudges: boolean;
  resamples: number;
  seed: number;
}

/**
 * Everything the Leaderboard shows, from the current judgments of one task set. Pure: the service
 * reads the rows, this turns them into numbers (and tests feed it worked examples).
 *
 * Which votes count: per item, an adjudication replaces the item's votes; otherwise every human
 * judgment is one vote (as each Chatbot Arena battle is), and LLM-judge verdicts only when asked.
 */
export function analyse(input: AnalysisInput): Leaderboard {
  const variantIndex = new Map(input.variants.map((variant, index) => [variant.key, index]));
  const indexOf = (generationId: string) => variantIndex.get(input.generationVariant.get(generationId) ?? '');
  const parsed = input.judgments.filter((judgment): judgment is AnalysedJudgment & { verdict: Verdict } => judgment.verdict !== null);
  const byItem = groupBy(parsed, (judgment) => judgment.itemId);

  const votes: (AnalysedJudgment & { verdict: Verdict })[] = [];
  for (const [, judgments] of byItem) {
    const adjudication = judgments.filter((judgment) => judgment.source === 'adjudication').at(-1);
    if (adjudication) votes.push(adjudication);
    else votes.push(...judgments.filter((judgment) => judgment.source === 'human' || (input.includeJudges && judgment.source === 'llm')));
  }

  const count = input.variants.length;
  const tallies = input.variants.map(() => ({ wins: 0, losses: 0, ties: 0, bothBad: 0, comparisons: 0 }));
  const comparisons: Comparison[] = [];
  const rubricScores = input.variants.map(() => [] as number[]);
  const criterionScores = new Map<string, number[]>(); // `${variantIndex}\u0000${criterion}` → scores
  for (const vote of votes) {
    const generationIds = input.items.get(vote.itemId);
    if (!generationIds) continue;
    if (vote.verdict.kind === 'rubric') {
      const index = indexOf(generationIds[0] ?? '');
      if (index === undefined) continue;
      const scores = vote.verdict.scores.map((entry) => entry.score);
      if (scores.length > 0) rubricScores[index]!.push(scores.reduce((sum, score) => sum + score, 0) / scores.length);
      for (const { criterion, score } of vote.verdict.scores) {
        const key = `${index}\u0000${criterion}`;
        criterionScores.set(key, [...(criterionScores.get(key) ?? []), score]);
      }
      continue;
    }
    for (const outcome of verdictOutcomes(vote.verdict, generationIds)) {
      const a = indexOf(outcome.a);
      const b = indexOf(outcome.b);
      if (a === undefined || b === undefined || a === b) continue;
      comparisons.push({ a, b, score: outcome.score });
      const ta = tallies[a]!;
      const tb = tallies[b]!;
      ta.comparisons++;
      tb.comparisons++;
      if (outcome.bothBad) {
        ta.bothBad++;
        tb.bothBad++;
      } else if (outcome.score === 0.5) {
        ta.ties++;
        tb.ties++;
      } else if (outcome.score === 1) {
        ta.wins++;
        tb.losses++;
      } else {
        tb.wins++;
        ta.losses++;
      }
    }
  }

  let intervals: RatingInterval[];
  if (input.kind === 'rubric') {
    intervals = rubricScores.map((scores, index) => bootstrapMean(scores, { resamples: input.resamples, seed: input.seed + index }));
  } else if (input.resamples === 0) {
    // No resampling asked for: the fit alone, with no interval around it.
    intervals = fitBradleyTerry(count, comparisons).map((rating) => ({ rating, low: rating, high: rating }));
  } else {
    intervals = bootstrapBradleyTerry(count, comparisons, { resamples: input.resamples, seed: input.seed });
  }
  const ranks = ranksFromIntervals(intervals);
  const entries: LeaderboardEntry[] = input.variants.map((variant, index) => {
    const tally = tallies[index]!;
    const interval = intervals[index]!;
    const decided = tally.wins + tally.losses + tally.ties + tally.bothBad;
    return {
      variant,
      rating: interval.rating,
      low: interval.low,
      high: interval.high,
      rank: ranks[index]!,
      ...tally,
      comparisons: input.kind === 'rubric' ? rubricScores[index]!.length : tally.comparisons,
      winRate: decided > 0 ? (tally.wins + (tally.ties + tally.bothBad) / 2) / decided : null,
    };
  });
  const order = entries.map((_, index) => index).sort((a, b) => entries[a]!.rank - entries[b]!.rank || entries[b]!.rating - entries[a]!.rating || a - b);

  const matrix = winMatrix(count, comparisons);
  const sortedMatrix = {
    winRate: order.map((i) => order.map((j) => (i !== j && matrix.games[i]![j]! > 0 ? matrix.wins[i]![j]! / matrix.games[i]![j]! : null))),
    games: order.map((i) => order.map((j) => (i === j ? 0 : matrix.games[i]![j]!))),
  };

  const humans = parsed.filter((judgment) => judgment.source === 'human');
  return {
    taskSetId: input.taskSetId,
    kind: input.kind,
    entries: order.map((index) => entries[index]!),
    matrix: sortedMatrix,
    positionBias: positionBias(humans),
    agreement: agreement(input.kind, humans, input.items),
    rubric: input.variants.flatMap((variant, index) => {
      const criteria = new Set(humans.flatMap((judgment) => (judgment.verdict.kind === 'rubric' ? judgment.verdict.scores.map((entry) => entry.criterion) : [])));
      return [...criteria].map((criterion) => {
        const scores = criterionScores.get(`${index}\u0000${criterion}`) ?? [];
        return { variantKey: variant.key, criterion, mean: scores.length > 0 ? mean(scores) : null, count: scores.length };
      });
    }),
    judges: input.judges.map((judge) => judgeReport(judge, input.judgments, parsed, input.items)),
    judgments: {
      human: humans.length,
      llm: input.judgments.filter((judgment) => judgment.source === 'llm').length,
      adjudicated: new Set(parsed.filter((judgment) => judgment.source === 'adjudication').map((judgment) => judgment.itemId)).size,
    },
    resamples: input.resamples,
    includedJudges: input.includeJudges,
  };
}

/** How often the output shown first (left) wins a decisive pairwise vote. */
function positionBias(humans: readonly (AnalysedJudgment & { verdict: Verdict })[]): Leaderboard['positionBias'] {
  let decisive = 0;
  let firstWins = 0;
  for (const judgment of humans) {
    if (judgment.verdict.kind !== 'pairwise' || judgment.verdict.choice !== 'preferred') continue;
    decisive++;
    if (judgment.verdict.preferredGenerationId === judgment.shownOrder[0]) firstWins++;
  }
  return {
    decisive,
    firstWins,
    firstWinRate: decisive > 0 ? firstWins / decisive : null,
    pValue: decisive > 0 ? binomialTwoSidedP(firstWins, decisive) : null,
  };
}

/**
 * Agreement among human annotators. Pairwise and ranking: one nominal value per item (which output
 * won, in canonical order, or tie / both bad). Rubric: each (item, criterion) is a unit with an
 * ordinal score.
 */
function agreement(kind: TaskKind, humans: readonly (AnalysedJudgment & { verdict: Verdict })[], items: ReadonlyMap<string, readonly string[]>): Agreement {
  const annotators = [...new Set(humans.map((judgment) => judgment.annotatorId))];
  const names = new Map(humans.map((judgment) => [judgment.annotatorId, judgment.annotatorName]));
  const coder = new Map(annotators.map((id, index) => [id, index]));
  // unit key → ratings per coder
  const units = new Map<string, Rating[]>();
  const criterionOf = new Map<string, string>();
  const put = (unit: string, annotatorId: string, value: Rating) => {
    let row = units.get(unit);
    if (!row) units.set(unit, (row = annotators.map(() => null)));
    row[coder.get(annotatorId)!] = value;
  };
  for (const judgment of humans) {
    const generationIds = items.get(judgment.itemId) ?? [];
    if (judgment.verdict.kind === 'rubric') {
      for (const { criterion, score } of judgment.verdict.scores) {
        const unit = `${judgment.itemId}\u0000${criterion}`;
        criterionOf.set(unit, criterion);
        put(unit, judgment.annotatorId, score);
      }
    } else {
      put(judgment.itemId, judgment.annotatorId, verdictCategory(judgment.verdict, generationIds));
    }
  }
  const pairable = [...units.entries()].filter(([, ratings]) => ratings.filter((rating) => rating !== null).length >= 2);
  const level = kind === 'rubric' ? 'ordinal' : 'nominal';
  const tables = pairable.map(([, ratings]) => ratings);

  const pairs: Agreement['pairs'] = [];
  for (let i = 0; i < annotators.length; i++) {
    for (let j = i + 1; j < annotators.length; j++) {
      const both = pairable.map(([, ratings]) => [ratings[i]!, ratings[j]!] as const).filter(([a, b]) => a !== null && b !== null);
      if (both.length === 0) continue;
      pairs.push({
        annotatorA: names.get(annotators[i]!) ?? '',
        annotatorB: names.get(annotators[j]!) ?? '',
        items: both.length,
        percent: both.filter(([a, b]) => a === b).length / both.length,
        kappa: cohensKappa(both),
      });
    }
  }

  const criteria = [...new Set(criterionOf.values())].map((criterion) => {
    const rows = pairable.filter(([unit]) => criterionOf.get(unit) === criterion).map(([, ratings]) => ratings);
    return { criterion, items: rows.length, alpha: rows.length > 0 ? krippendorffAlpha(rows, 'ordinal') : null, percent: percentAgreement(rows) };
  });

  return {
    items: kind === 'rubric' ? new Set(pairable.map(([unit]) => unit.split('\u0000')[0])).size : pairable.length,
    annotators: annotators.length,
    percent: percentAgreement(tables),
    alpha: tables.length > 0 ? krippendorffAlpha(tables, level) : null,
    alphaLevel: level,
    pairs,
    criteria,
  };
}

/**
 * A judge's consistency and its agreement with people. Its verdict on an item counts only when
 * both orders gave the same answer (a flip says nothing about the outputs).
 */
function judgeReport(
  judge: { annotatorId: string; name: string; modelId: string | null },
  all: readonly AnalysedJudgment[],
  parsed: readonly (AnalysedJudgment & { verdict: Verdict })[],
  items: ReadonlyMap<string, readonly string[]>,
): JudgeReport {
  const mine = all.filter((judgment) => judgment.annotatorId === judge.annotatorId && judgment.source === 'llm');
  const unparsed = mine.filter((judgment) => judgment.verdict === null).length;
  const byItem = groupBy(
    mine.filter((judgment): judgment is AnalysedJudgment & { verdict: Verdict } => judgment.verdict !== null),
    (judgment) => judgment.itemId,
  );
  const majority = humanMajority(parsed, items);
  let both = 0;
  let flips = 0;
  let compared = 0;
  let agreed = 0;
  for (const [itemId, verdicts] of byItem) {
    const orders = new Map(verdicts.map((judgment) => [judgment.shownOrder.join(','), verdictCategory(judgment.verdict, items.get(itemId) ?? [])]));
    if (orders.size < 2) continue;
    both++;
    const categories = new Set(orders.values());
    if (categories.size > 1) {
      flips++;
      continue;
    }
    const human = majority.get(itemId);
    if (human === undefined) continue;
    compared++;
    if (categories.has(human)) agreed++;
  }
  return {
    annotatorId: judge.annotatorId,
    name: judge.name,
    modelId: judge.modelId,
    items: both,
    flipRate: both > 0 ? flips / both : null,
    unparsed,
    comparedWithHumans: compared,
    agreementWithHumans: compared > 0 ? agreed / compared : null,
  };
}

/** Per item: the adjudicated category, else the category more than half of the human votes chose. */
function humanMajority(parsed: readonly (AnalysedJudgment & { verdict: Verdict })[], items: ReadonlyMap<string, readonly string[]>): Map<string, string> {
  const result = new Map<string, string>();
  for (const [itemId, judgments] of groupBy(parsed, (judgment) => judgment.itemId)) {
    const generationIds = items.get(itemId) ?? [];
    const adjudication = judgments.filter((judgment) => judgment.source === 'adjudication').at(-1);
    if (adjudication) {
      const category = verdictCategory(adjudication.verdict, generationIds);
      if (category !== null) result.set(itemId, category);
      continue;
    }
    const counts = new Map<string, number>();
    const humans = judgments.filter((judgment) => judgment.source === 'human');
    for (const judgment of humans) {
      const category = verdictCategory(judgment.verdict, generationIds);
      if (category !== null) counts.set(category, (counts.get(category) ?? 0) + 1);
    }
    for (const [category, n] of counts) if (n * 2 > humans.length) result.set(itemId, category);
  }
  return result;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
