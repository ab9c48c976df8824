import { describeIssue, type ChatTemplateIssue } from '../../../shared/template/index.js';
import { Icon } from '../../ui/icon.js';

export function IssueList({ issues, onSelect }: { issues: readonly ChatTemplateIssue[]; onSelect(issue: ChatTemplateIssue): void }) {
  if (issues.length === 0) return null;
  return (
    <div className="issue-list" role="alert" data-testid="issue-list">
      <div className="issue-list-title">
        <Icon name="alert" size={14} />
        {issues.length === 1 ? '1 problem' : `${issues.length} problems`} to fix before saving
      </div>
      <ul>
        {issues.map((issue, index) => (
          <li key={`${issue.messageIndex}:${issue.line}:${issue.column}:${index}`}>
            <button type="button" className="issue" onClick={() => onSelect(issue)} data-testid="template-issue">
              {describeIssue(issue)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
