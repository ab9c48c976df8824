import type { ChatTemplate } from '../contract/prompts.js';
import { analyzeTemplate } from './analyze.js';
import type { ChatTemplateAnalysis, ChatTemplateIssue } from './types.js';

/** Analyses every message; variables are deduplicated across messages in order of first appearance. Never throws. */
export function analyzeChatTemplate(template: ChatTemplate): ChatTemplateAnalysis {
  const variables = new Set<string>();
  const issues: ChatTemplateIssue[] = [];
  const messages = Array.isArray(template?.messages) ? template.messages : [];
  messages.forEach((message, messageIndex) => {
    const content = typeof message?.content === 'string' ? message.content : '';
    const analysis = analyzeTemplate(content);
    for (const name of analysis.variables) variables.add(name);
    for (const issue of analysis.issues) issues.push({ ...issue, messageIndex, role: message.role });
  });
  return { variables: [...variables], issues };
}

/** One line for people: "Message 2 (user), line 3, column 5: Unknown filter 'shout'" (messages count from 1). */
export function describeIssue(issue: ChatTemplateIssue): string {
  return `Message ${issue.messageIndex + 1} (${issue.role}), line ${issue.line}, column ${issue.column}: ${issue.message}`;
}
