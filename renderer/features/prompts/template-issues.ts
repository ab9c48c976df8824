import type { ChatTemplateIssue } from '../../../shared/template/index.js';
import type { EditorMarker } from '../../monaco/index.js';

/** Issues of one message (by its position in the template), as editor markers. */
export function markersFor(issues: readonly ChatTemplateIssue[], messageIndex: number): EditorMarker[] {
  return issues
    .filter((issue) => issue.messageIndex === messageIndex)
    .map(({ message, line, column, endLine, endColumn }) => ({ message, line, column, endLine, endColumn }));
}
