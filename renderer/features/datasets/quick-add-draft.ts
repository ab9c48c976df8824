import { variableNamePattern } from '../../../shared/contract/datasets.js';

export type QuickRole = 'variable' | 'reference' | 'context';

export interface QuickColumn {
  key: string;
  name: string;
  role: QuickRole;
}

export interface QuickRow {
  key: string;
  cells: Record<string, string>;
}

export interface QuickDraft {
  name: string;
  columns: QuickColumn[];
  rows: QuickRow[];
}

let nextKey = 0;
const newKey = () => `k${++nextKey}`;

export function newRow(): QuickRow {
  return { key: newKey(), cells: {} };
}

export function newColumn(existing: readonly QuickColumn[]): QuickColumn {
  const taken = new Set(existing.map((column) => column.name));
  let n = existing.length + 1;
  while (taken.has(`column_${n}`)) n++;
  return { key: newKey(), name: `column_${n}`, role: 'variable' };
}

export function starterDraft(): QuickDraft {
  return {
    name: '',
    columns: [
      { key: newKey(), name: 'question', role: 'variable' },
      { key: newKey(), name: 'answer', role: 'reference' },
    ],
    rows: [newRow(), newRow(), newRow()],
  };
}

/** One reference and one context at most. */
export function setColumnRole(columns: readonly QuickColumn[], key: string, role: QuickRole): QuickColumn[] {
  return columns.map((column) => {
    if (column.key === key) return { ...column, role };
    if (role !== 'variable' && column.role === role) return { ...column, role: 'variable' };
    return column;
  });
}

/** Rows with something typed in them; a row left empty is not part of the dataset. */
export function filledRows(draft: QuickDraft): QuickRow[] {
  return draft.rows.filter((row) => draft.columns.some((column) => (row.cells[column.key] ?? '').trim() !== ''));
}

export interface QuickProblems {
  columns: Map<string, string>;
  general: string | undefined;
}

export function quickProblems(draft: QuickDraft): QuickProblems {
  const columns = new Map<string, string>();
  const seen = new Set<string>();
  for (const column of draft.columns) {
    if (column.name === '') columns.set(column.key, 'Name this column.');
    else if (column.role === 'variable' && !variableNamePattern.test(column.name)) columns.set(column.key, 'Letters, digits and _; not starting with a digit.');
    else if (seen.has(column.name)) columns.set(column.key, 'Two columns have this name.');
    seen.add(column.name);
  }
  let general: string | undefined;
  if (!draft.columns.some((column) => column.role === 'variable')) general = 'Keep at least one column as a template variable.';
  else if (filledRows(draft).length === 0) general = 'Type at least one row.';
  return { columns, general };
}

/** What datasets.quickAdd takes. */
export function toQuickAdd(draft: QuickDraft) {
  return {
    name: draft.name.trim(),
    rows: filledRows(draft).map((row) => Object.fromEntries(draft.columns.map((column) => [column.name, row.cells[column.key] ?? '']))),
    reference: draft.columns.find((column) => column.role === 'reference')?.name ?? null,
    context: draft.columns.find((column) => column.role === 'context')?.name ?? null,
  };
}
