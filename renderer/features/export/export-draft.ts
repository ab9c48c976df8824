import type { ExportFileType, ExportFormat, ExportOptionsInput } from '../../../shared/contract/export.js';
import { checkInteger, checkNumber, parseOptionalNumber } from '../../ui/form-field.js';

/** What the Export screen's form holds: text where the user types numbers, so half-typed values can be shown and explained. */
export interface ExportDraft {
  taskSetIds: string[];
  format: ExportFormat;
  fileType: ExportFileType;
  resolve: 'majority' | 'unanimous' | 'per-annotator';
  /** Percent, 0–100. */
  minAgreement: string;
  dropTies: boolean;
  dropBothBad: boolean;
  minStrength: 'any' | 'slight' | 'much';
  includeLlm: boolean;
  /** Percent of prompts held out, 0–90. */
  testPercent: string;
  splitSeed: string;
  dedupe: boolean;
  metadata: boolean;
  mask: { emails: boolean; phones: boolean; cards: boolean; ips: boolean };
  /** One pattern a line. */
  patterns: string;
  rubricThreshold: string;
  folder: string;
  overwrite: boolean;
}

export const emptyExportDraft: ExportDraft = {
  taskSetIds: [],
  format: 'trl-conversational',
  fileType: 'jsonl',
  resolve: 'majority',
  minAgreement: '',
  dropTies: true,
  dropBothBad: true,
  minStrength: 'any',
  includeLlm: false,
  testPercent: '',
  splitSeed: '42',
  dedupe: true,
  metadata: false,
  mask: { emails: false, phones: false, cards: false, ips: false },
  patterns: '',
  rubricThreshold: '0.5',
  folder: '',
  overwrite: false,
};

export type DraftErrors = Partial<Record<'minAgreement' | 'testPercent' | 'splitSeed' | 'rubricThreshold', string>>;

/** The contract's options from the draft, or what is wrong with it (said next to the field). */
export function toOptions(draft: ExportDraft): { options: ExportOptionsInput | null; errors: DraftErrors } {
  const errors: DraftErrors = {
    minAgreement: checkNumber(draft.minAgreement, 'Agreement', 0, 100),
    testPercent: checkNumber(draft.testPercent, 'The test share', 0, 90),
    splitSeed: checkInteger(draft.splitSeed, 'The seed', 0, 2 ** 31 - 1),
    rubricThreshold: checkNumber(draft.rubricThreshold, 'The threshold', 0, 1),
  };
  for (const key of Object.keys(errors) as (keyof DraftErrors)[]) if (!errors[key]) delete errors[key];
  if (Object.keys(errors).length > 0 || draft.taskSetIds.length === 0) return { options: null, errors };
  return {
    errors,
    options: {
      taskSetIds: draft.taskSetIds,
      format: draft.format,
      fileType: draft.fileType,
      resolve: draft.resolve,
      minAgreement: (parseOptionalNumber(draft.minAgreement) ?? 0) / 100,
      dropTies: draft.dropTies,
      dropBothBad: draft.dropBothBad,
      minStrength: draft.minStrength,
      includeLlm: draft.includeLlm,
      testFraction: (parseOptionalNumber(draft.testPercent) ?? 0) / 100,
      splitSeed: parseOptionalNumber(draft.splitSeed) ?? 42,
      dedupe: draft.dedupe,
      metadata: draft.metadata,
      mask: {
        ...draft.mask,
        patterns: draft.patterns
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
      },
      rubricThreshold: parseOptionalNumber(draft.rubricThreshold) ?? 0.5,
    },
  };
}
