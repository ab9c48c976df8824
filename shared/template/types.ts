import type { ChatRole } from '../contract/prompts.js';

/** A problem in one template. Positions are 1-based; the end is exclusive (Monaco marker ranges). */
export interface TemplateIssue {
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface TemplateAnalysis {
  /** Free root names the template reads, in order of first appearance. */
  variables: string[];
  /** Sorted by position. Empty when the template is valid. */
  issues: TemplateIssue[];
}

/** A problem in one message of a chat template; `messageIndex` is 0-based. */
export interface ChatTemplateIssue extends TemplateIssue {
  messageIndex: number;
  role: ChatRole;
}

export interface ChatTemplateAnalysis {
  /** Variables of all messages, deduplicated, in order of first appearance. */
  variables: string[];
  /** Sorted by message, then position. */
  issues: ChatTemplateIssue[];
}
