import { defaultRubric, type TaskKind, type TaskSetConfigInput } from '../../../shared/contract/labeling.js';
import { checkInteger } from '../../ui/form-field.js';

export interface CriterionDraft {
  name: string;
  description: string;
  min: string;
  max: string;
}

/** The New task set form as typed (numbers stay text until checked). */
export interface TaskSetDraft {
  name: string;
  experimentId: string;
  kind: TaskKind;
  /** null: every variant of the experiment. */
  variantKeys: string[] | null;
  sampling: 'all' | 'sample';
  sampleSize: string;
  overlap: string;
  seed: string;
  blind: boolean;
  instructions: string;
  rubric: CriterionDraft[];
  tags: string[];
}

export const criterionDrafts = (criteria: typeof defaultRubric): CriterionDraft[] =>
  criteria.map((criterion) => ({ name: criterion.name, description: criterion.description, min: String(criterion.min), max: String(criterion.max) }));

export const emptyTaskSetDraft: TaskSetDraft = {
  name: '',
  experimentId: '',
  kind: 'pairwise',
  variantKeys: null,
  sampling: 'all',
  sampleSize: '50',
  overlap: '1',
  seed: '42',
  blind: true,
  instructions: '',
  rubric: criterionDrafts(defaultRubric),
  tags: [],
};

export interface DraftCheck {
  config: TaskSetConfigInput | null;
  /** Field → what is wrong with it, in words. */
  errors: Partial<Record<'sampleSize' | 'overlap' | 'seed' | 'rubric' | 'variants', string>>;
  /** Choices still to make. */
  missing: string[];
}

/** Checks what the form can check itself; the backend's preview says the rest. */
export function checkTaskSetDraft(draft: TaskSetDraft, fallbackName: string): DraftCheck {
  const errors: DraftCheck['errors'] = {};
  const missing: string[] = [];
  if (!draft.experimentId) missing.push('Pick an experiment.');
  const overlapError = checkInteger(draft.overlap, 'Annotators per item', 1, 20, true);
  if (overlapError) errors.overlap = overlapError;
  const seedError = checkInteger(draft.seed, 'Seed', 0, 2 ** 31 - 1, true);
  if (seedError) errors.seed = seedError;
  if (draft.sampling === 'sample') {
    const sizeError = checkInteger(draft.sampleSize, 'Sample size', 1, 1_000_000, true);
    if (sizeError) errors.sampleSize = sizeError;
  }
  if (draft.variantKeys !== null && draft.variantKeys.length < (draft.kind === 'rubric' ? 1 : 2)) {
    errors.variants = draft.kind === 'rubric' ? 'Include at least one variant.' : 'Include at least two variants to compare.';
  }
  if (draft.kind === 'rubric') {
    const problem = rubricProblem(draft.rubric);
    if (problem) errors.rubric = problem;
  }
  if (!draft.experimentId || Object.keys(errors).length > 0) return { config: null, errors, missing };

  const tags = [...new Set(draft.tags.map((tag) => tag.trim()).filter(Boolean))];
  const config: TaskSetConfigInput = {
    name: draft.name.trim() || fallbackName,
    experimentId: draft.experimentId,
    kind: draft.kind,
    variantKeys: draft.variantKeys,
    sampling: draft.sampling,
    sampleSize: draft.sampling === 'sample' ? Number(draft.sampleSize) : null,
    instructions: draft.instructions,
    rubric:
      draft.kind === 'rubric'
        ? draft.rubric.map((criterion) => ({ name: criterion.name.trim(), description: criterion.description.trim(), min: Number(criterion.min), max: Number(criterion.max) }))
        : [],
    tags,
    overlap: Number(draft.overlap),
    seed: Number(draft.seed),
    blind: draft.blind,
  };
  return { config, errors, missing };
}

function rubricProblem(rubric: CriterionDraft[]): string | undefined {
  if (rubric.length === 0) return 'A rubric needs at least one criterion.';
  if (rubric.length > 12) return 'A rubric has at most 12 criteria.';
  const names = new Set<string>();
  for (const [index, criterion] of rubric.entries()) {
    const label = criterion.name.trim() || `Criterion ${index + 1}`;
    if (!criterion.name.trim()) return `Criterion ${index + 1} needs a name.`;
    if (criterion.name.trim().length > 60) return `${label}: the name is at most 60 characters.`;
    const key = criterion.name.trim().toLowerCase();
    if (names.has(key)) return `Two criteria are called “${criterion.name.trim()}”.`;
    names.add(key);
    const minError = checkInteger(criterion.min, `${label}: the lowest score`, 0, 10, true);
    if (minError) return minError;
    const maxError = checkInteger(criterion.max, `${label}: the highest score`, 1, 10, true);
    if (maxError) return maxError;
    if (Number(criterion.max) <= Number(criterion.min)) return `${label}: the highest score must be above the lowest.`;
  }
  return undefined;
}
