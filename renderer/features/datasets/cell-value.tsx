/** A value from a dataset as a person reads it: text as written, numbers, JSON for lists and objects. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** One cell: untrusted text rendered as text; null shown as a quiet dash; structured values in mono. */
export function CellValue({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="cell-null" title="No value">—</span>;
  if (typeof value === 'string') return <>{value}</>;
  if (typeof value === 'object') return <span className="cell-json">{JSON.stringify(value)}</span>;
  return <span className="cell-number">{String(value)}</span>;
}
