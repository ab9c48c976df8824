import { suggestVariableName, variableNamePattern, type ColumnMapping } from '../../../shared/contract/datasets.js';
import { AppError } from '../../../shared/errors.js';
import { columnAlias, quoteLiteral, type SourceColumn } from './duckdb-reader.js';

interface PlannedColumn {
  column: SourceColumn;
  /** Position in the source, i.e. its alias c<index> in the ordered reader. */
  index: number;
}

/** Which source column becomes which variable, and which ones are the reference and context. */
export interface MappingPlan {
  /** In the file's column order. */
  variables: (PlannedColumn & { name: string })[];
  reference: PlannedColumn | null;
  context: PlannedColumn | null;
}

/** Checks a mapping against the file's columns; every problem is INVALID_INPUT naming the column. */
export function planMapping(columns: readonly SourceColumn[], mapping: ColumnMapping, label: string): MappingPlan {
  const byName = new Map(columns.map((column, index) => [column.name, { column, index }]));
  const find = (name: string, role: string): PlannedColumn => {
    const found = byName.get(name);
    if (!found) {
      const names = columns.map((column) => column.name).join(', ');
      throw new AppError('INVALID_INPUT', `The ${role} column “${name}” is not in ${label} (its columns: ${names}).`);
    }
    return found;
  };
  for (const name of Object.keys(mapping.rename)) find(name, 'renamed');
  for (const name of mapping.exclude) find(name, 'excluded');
  const reference = mapping.reference === null ? null : find(mapping.reference, 'reference');
  const context = mapping.context === null ? null : find(mapping.context, 'context');
  if (reference && context && reference.index === context.index) {
    throw new AppError('INVALID_INPUT', `“${reference.column.name}” can't be both the reference and the context column.`);
  }

  const excluded = new Set(mapping.exclude);
  const roles = new Set([reference?.column.name, context?.column.name]);
  const taken = new Map<string, string>();
  const variables: MappingPlan['variables'] = [];
  columns.forEach((column, index) => {
    if (excluded.has(column.name) || roles.has(column.name)) return;
    const name = mapping.rename[column.name] ?? column.name;
    if (!variableNamePattern.test(name)) {
      throw new AppError(
        'INVALID_INPUT',
        `Column “${column.name}” can't be a template variable under that name: rename it (e.g. to ${suggestVariableName(column.name)}) or exclude it.`,
      );
    }
    const clash = taken.get(name);
    if (clash !== undefined) throw new AppError('INVALID_INPUT', `Columns “${clash}” and “${column.name}” would both be the variable “${name}”.`);
    taken.set(name, column.name);
    variables.push({ column, index, name });
  });
  if (variables.length === 0) {
    throw new AppError('INVALID_INPUT', 'Every column is excluded or used as reference/context: keep at least one as a template variable.');
  }
  return { variables, reference, context };
}

/** A variable's value in SQL: CSV text as written (an empty cell is ""), JSON and Parquet values as they are. */
function variableValue(planned: PlannedColumn): string {
  const alias = columnAlias(planned.index);
  return planned.column.csv ? `coalesce(${alias}, '')` : alias;
}

/** Reference and context are text: strings as they are, other values as their JSON, empty as NULL. */
function textValue(planned: PlannedColumn | null): string {
  if (!planned) return 'NULL::VARCHAR';
  const alias = columnAlias(planned.index);
  if (planned.column.csv || planned.column.readType === 'VARCHAR') return `nullif(${alias}, '')`;
  const json = planned.column.readType === 'JSON' ? alias : `to_json(${alias})`;
  return `nullif(CASE json_type(${json}) WHEN 'VARCHAR' THEN ${json} ->> '$' WHEN 'NULL' THEN NULL ELSE ${json}::VARCHAR END, '')`;
}

function jsonObject(entries: readonly (PlannedColumn & { name: string })[]): string {
  return `json_object(${entries.map((entry) => `${quoteLiteral(entry.name)}, ${variableValue(entry)}`).join(', ')})`;
}

/**
 * The SELECT list that turns a source row (c0…cN, ordinal) into a stored row. `canonical` has the
 * variables in name order, so the content hash does not depend on column order in the file.
 */
export function rowProjection(plan: MappingPlan): string {
  const sorted = [...plan.variables].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [
    `ordinal - 1 AS row_index`,
    `${jsonObject(plan.variables)} AS variables`,
    `${jsonObject(sorted)} AS canonical`,
    `${textValue(plan.reference)} AS reference`,
    `${textValue(plan.context)} AS context`,
  ].join(',\n    ');
}

/** The preview shows every source column with the value a variable would get. */
export function previewProjection(columns: readonly SourceColumn[]): string {
  const entries = columns.map((column, index) => `${quoteLiteral(column.name)}, ${variableValue({ column, index })}`);
  return `json_object(${entries.join(', ')})::VARCHAR`;
}
