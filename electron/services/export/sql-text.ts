/**
 * Export statements are built as text, not prepared with parameters: COPY cannot take parameters,
 * and the staged temp tables would leave the connection's statement cache pointing at dropped
 * tables. Every value goes through these.
 */

export function quote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function quoteList(values: readonly string[]): string {
  return values.length === 0 ? '[]::VARCHAR[]' : `[${values.map(quote).join(', ')}]`;
}

export function number(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
  return String(value);
}

/** A double-quoted identifier. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
