import type { TemplateIssue } from './types.js';

/** Converts string offsets (UTF-16 code units, like Monaco columns) to 1-based line/column pairs. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly source: string) {
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    const clamped = Math.max(0, Math.min(offset, this.source.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - (this.starts[low] ?? 0) + 1 };
  }

  /** An issue covering [start, end); an empty range is widened to one character so it stays visible. */
  issue(message: string, start: number, end: number): TemplateIssue {
    const from = this.position(start);
    const to = this.position(Math.max(end, start + 1));
    return { message, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }
}
