import type { Logger } from '../../../../electron/services/types.js';

/** A logger that keeps every line (message and fields) as text, to assert on what was said. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${fields ? JSON.stringify(fields) : ''}`);
  };
  return { lines, info: record('info'), warn: record('warn'), error: record('error') };
}
