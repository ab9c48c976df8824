import type { TaskKind, TaskSetConfig, Verdict } from '../../../shared/contract/labeling.js';
import { AppError } from '../../../shared/errors.js';

/** Refuses a verdict that does not fit the item and its task set, in words a person can act on. */
export function checkVerdict(verdict: Verdict, kind: TaskKind, config: Pick<TaskSetConfig, 'rubric'>, generationIds: readonly string[]): void {
  if (verdict.kind !== kind) throw new AppError('INVALID_INPUT', `This is a ${kind} task; a ${verdict.kind} verdict does not fit it.`);
  const known = new Set(generationIds);
  if (verdict.kind === 'pairwise') {
    if (verdict.choice === 'preferred') {
      if (verdict.preferredGenerationId === null || !known.has(verdict.preferredGenerationId)) {
        throw new AppError('INVALID_INPUT', 'Say which of the two outputs is better.');
      }
    } else if (verdict.preferredGenerationId !== null) {
      throw new AppError('INVALID_INPUT', `A ${verdict.choice === 'tie' ? 'tie' : '“both bad”'} prefers neither output.`);
    }
    if (verdict.choice !== 'preferred' && verdict.strength !== null) throw new AppError('INVALID_INPUT', 'Only a preference has a strength.');
  } else if (verdict.kind === 'ranking') {
    const ranked = new Set(verdict.ranks.map((entry) => entry.generationId));
    if (ranked.size !== verdict.ranks.length || ranked.size !== known.size || [...ranked].some((id) => !known.has(id))) {
      throw new AppError('INVALID_INPUT', `Rank every one of the ${known.size} outputs exactly once (ties share a rank).`);
    }
  } else {
    const criteria = new Map(config.rubric.map((criterion) => [criterion.name, criterion]));
    const scored = new Set<string>();
    for (const { criterion, score } of verdict.scores) {
      const rule = criteria.get(criterion);
      if (!rule) throw new AppError('INVALID_INPUT', `“${criterion}” is not a criterion of this rubric.`);
      if (score < rule.min || score > rule.max) throw new AppError('INVALID_INPUT', `${criterion} is scored from ${rule.min} to ${rule.max}, not ${score}.`);
      if (scored.has(criterion)) throw new AppError('INVALID_INPUT', `${criterion} is scored twice.`);
      scored.add(criterion);
    }
    const missing = config.rubric.filter((criterion) => !scored.has(criterion.name)).map((criterion) => criterion.name);
    if (missing.length > 0) throw new AppError('INVALID_INPUT', `Score ${missing.join(', ')} too.`);
  }
}

/**
 * A verdict as one nominal value, in the item's canonical order (so two annotators who saw the
 * outputs in different orders compare equal): 'A' / 'B' (which output won), 'tie', 'both_bad';
 * for a ranking, the canonical index of the winner or 'tie' when the top is shared.
 */
export function verdictCategory(verdict: Verdict, generationIds: readonly string[]): string | null {
  if (verdict.kind === 'pairwise') {
    if (verdict.choice !== 'preferred') return verdict.choice;
    const index = generationIds.indexOf(verdict.preferredGenerationId ?? '');
    return index < 0 ? null : String.fromCharCode(65 + index);
  }
  if (verdict.kind === 'ranking') {
    const best = Math.min(...verdict.ranks.map((entry) => entry.rank));
    const top = verdict.ranks.filter((entry) => entry.rank === best);
    if (top.length !== 1) return 'tie';
    const index = generationIds.indexOf(top[0]!.generationId);
    return index < 0 ? null : String.fromCharCode(65 + index);
  }
  return null;
}

/** Pairwise outcomes a verdict implies: [winner, loser, score] with score 1, or 0.5 for a tie / both bad. */
export function verdictOutcomes(verdict: Verdict, generationIds: readonly string[]): { a: string; b: string; score: 0 | 0.5 | 1; bothBad: boolean }[] {
  if (verdict.kind === 'pairwise') {
    const [first, second] = generationIds;
    if (first === undefined || second === undefined) return [];
    if (verdict.choice === 'preferred') return [{ a: first, b: second, score: verdict.preferredGenerationId === first ? 1 : 0, bothBad: false }];
    return [{ a: first, b: second, score: 0.5, bothBad: verdict.choice === 'both_bad' }];
  }
  if (verdict.kind === 'ranking') {
    const rank = new Map(verdict.ranks.map((entry) => [entry.generationId, entry.rank]));
    const outcomes: { a: string; b: string; score: 0 | 0.5 | 1; bothBad: boolean }[] = [];
    for (let i = 0; i < generationIds.length; i++) {
      for (let j = i + 1; j < generationIds.length; j++) {
        const a = generationIds[i]!;
        const b = generationIds[j]!;
        const ra = rank.get(a);
        const rb = rank.get(b);
        if (ra === undefined || rb === undefined) continue;
        outcomes.push({ a, b, score: ra < rb ? 1 : ra > rb ? 0 : 0.5, bothBad: false });
      }
    }
    return outcomes;
  }
  return [];
}
