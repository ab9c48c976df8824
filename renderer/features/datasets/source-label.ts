/** Whether a version's source is a file path (rather than "Pasted CSV (…)" or "Typed in the app"). */
export function isFilePath(source: string): boolean {
  return source.startsWith('/') || /^[A-Za-z]:[\\/]/.test(source) || source.startsWith('\\\\');
}

/** A version's source for a narrow place: a file's name (the full path goes in the tooltip), other sources as written. */
export function sourceLabel(source: string): string {
  return isFilePath(source) ? (source.split(/[\\/]/).pop() ?? source) : source;
}
