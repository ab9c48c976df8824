import { useMemo } from 'react';
import type { ChatTemplate } from '../../../shared/contract/prompts.js';
import { renderChatTemplate } from '../../../shared/template/index.js';
import { describeError } from '../../lib/describe-error.js';
import { toSampleValues } from './sample-values.js';

/** The messages a model would receive with the sample values. Text only: never HTML. */
export function PreviewPanel({
  template,
  variables,
  samples,
  hasIssues,
}: {
  template: ChatTemplate;
  variables: readonly string[];
  samples: Readonly<Record<string, string>>;
  hasIssues: boolean;
}) {
  const result = useMemo(() => {
    if (hasIssues) return { error: 'The preview comes back when the template has no problems.' };
    try {
      return { messages: renderChatTemplate(template, toSampleValues(samples, variables)) };
    } catch (error) {
      return { error: describeError(error) };
    }
  }, [template, variables, samples, hasIssues]);
  const missing = variables.filter((name) => !samples[name]);

  return (
    <section className="panel-section" aria-labelledby="preview-title" data-testid="preview">
      <div className="panel-section-head">
        <h3 id="preview-title" className="section-title">
          Preview
        </h3>
        {missing.length > 0 && !result.error && <span className="muted">{missing.length} without a sample value</span>}
      </div>
      {result.error !== undefined ? (
        <p className="panel-hint" data-testid="preview-error">
          {result.error}
        </p>
      ) : (
        <ol className="preview-messages">
          {result.messages.map((message, index) => (
            <li key={index} className="preview-message" data-role={message.role} data-testid="preview-message">
              <div className="preview-role">{message.role}</div>
              {message.content ? <pre className="preview-text">{message.content}</pre> : <p className="preview-empty">(empty)</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
