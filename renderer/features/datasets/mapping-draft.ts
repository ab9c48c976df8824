import { suggestVariableName, variableNamePattern, type ColumnMapping, type DatasetPreview } from '../../../shared/contract/datasets.js';

export type ColumnRole = 'variable' | 'reference' | 'context' | 'exclude';

/** What the user decided for one source column. */
export interface ColumnDraft {
  name: string;
  type: string;
  role: ColumnRole;
  /** The template variable's name, when the role is 'variable'. */
  variable: string;
}

export const roleLabels: Record<ColumnRole, string> = {
  variable: 'Variable',
  reference: 'Reference',
  context: 'Context',
  exclude: 'Excluded',
};

// Names datasets commonly give these columns (promptfoo's __expected, HF's "answer", RAG sets' "context").
const referenceNames = /^(reference|answer|expected|expected_?(answer|output)|target|gold|ground_?truth|ideal|label|__expected)$/i;
const contextNames = /^(context|contexts|passage|passages|documents?|retrieved(_?context)?|sources?)$/i;

/** Columns from a preview; a column seen before keeps its choices, a new one gets a guess. */
export function draftFromPreview(preview: DatasetPreview, previous: readonly ColumnDraft[] = []): ColumnDraft[] {
  const before = new Map(previous.map((column) => [column.name, column]));
  const drafts = preview.columns.map<ColumnDraft>((column) => {
    const kept = before.get(column.name);
    return kept ? { ...kept, type: column.type } : { name: column.name, type: column.type, role: 'variable', variable: suggestVariableName(column.name) };
  });
  if (previous.length > 0) return drafts;
  const guess = (role: 'reference' | 'context', pattern: RegExp) => {
    const index = drafts.findIndex((column) => column.role === 'variable' && pattern.test(column.name));
    if (index !== -1 && drafts.filter((column) => column.role === 'variable').length > 1) drafts[index] = { ...drafts[index]!, role };
  };
  guess('reference', referenceNames);
  guess('context', contextNames);
  return drafts;
}

/** One reference and one context at most: giving a column a role takes it from any other. */
export function withRole(drafts: readonly ColumnDraft[], index: number, role: ColumnRole): ColumnDraft[] {
  return drafts.map((column, i) => {
    if (i === index) return { ...column, role };
    if ((role === 'reference' || role === 'context') && column.role === role) return { ...column, role: 'variable' };
    return column;
  });
}

export function withVariable(drafts: readonly ColumnDraft[], index: number, variable: string): ColumnDraft[] {
  return drafts.map((column, i) => (i === index ? { ...column, variable } : column));
}

export function toMapping(drafts: readonly ColumnDraft[]): ColumnMapping {
  const rename: Record<string, string> = {};
  for (const column of drafts) if (column.role === 'variable' && column.variable !== column.name) rename[column.name] = column.variable;
  return {
    rename,
    exclude: drafts.filter((column) => column.role === 'exclude').map((column) => column.name),
    reference: drafts.find((column) => column.role === 'reference')?.name ?? null,
    context: drafts.find((column) => column.role === 'context')?.name ?? null,
  };
}

export interface MappingProblems {
  /** Per column index: what is wrong with its variable name. */
  columns: Map<number, string>;
  /** About the mapping as a whole. */
  general: string | undefined;
}

/** The same rules the backend applies, said next to the column they concern. */
export function mappingProblems(drafts: readonly ColumnDraft[]): MappingProblems {
  const columns = new Map<number, string>();
  const seen = new Map<string, number>();
  drafts.forEach((column, index) => {
    if (column.role !== 'variable') return;
    if (column.variable === '') columns.set(index, 'Name this variable.');
    else if (!variableNamePattern.test(column.variable)) columns.set(index, 'Letters, digits and _; not starting with a digit.');
    else if (seen.has(column.variable)) columns.set(index, `“${column.variable}” is already used.`);
    else seen.set(column.variable, index);
  });
  const general = drafts.some((column) => column.role === 'variable') ? undefined : 'Keep at least one column as a template variable.';
  return { columns, general };
}
