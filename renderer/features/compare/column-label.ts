import type { CompareColumn } from '../../../shared/contract/compare.js';

/** "Quiz answer v2", as the Experiments grid names a prompt version. */
export function promptLabel(column: Pick<CompareColumn, 'promptName' | 'promptVersionNumber'>): string {
  return column.promptName === null ? 'Removed prompt version' : `${column.promptName} v${column.promptVersionNumber ?? '?'}`;
}

export function modelLabel(column: Pick<CompareColumn, 'modelName'>): string {
  return column.modelName ?? 'Removed model';
}

/** "Quiz answer v2 × gpt-4o": one column, in words. */
export function columnLabel(column: CompareColumn): string {
  return `${promptLabel(column)} × ${modelLabel(column)}`;
}
