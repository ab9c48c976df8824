import type { ChatTemplate } from '../../../shared/contract/prompts.js';
import { PreviewPanel } from './preview-panel.js';
import { VariablesPanel } from './variables-panel.js';

export function PreviewSide({
  template,
  variables,
  samples,
  hasIssues,
  onSampleChange,
}: {
  template: ChatTemplate;
  variables: readonly string[];
  samples: Readonly<Record<string, string>>;
  hasIssues: boolean;
  onSampleChange(name: string, value: string): void;
}) {
  return (
    <>
      <VariablesPanel variables={variables} samples={samples} onChange={onSampleChange} />
      <PreviewPanel template={template} variables={variables} samples={samples} hasIssues={hasIssues} />
    </>
  );
}
