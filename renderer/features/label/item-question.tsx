import type { QueueItem } from '../../../shared/contract/labeling.js';
import { ChevronIcon } from './label-icons.js';

export interface ContextPanels {
  reference: boolean;
  context: boolean;
}

/**
 * What the outputs answer: the rendered messages when every output answered the same ones, else
 * the row's variables; the reference answer and the retrieved context fold away. Text is shown as
 * text (rows come from files anyone may have written).
 */
export function ItemQuestion({ item, panels, onToggle }: { item: Pick<QueueItem, 'variables' | 'messages' | 'reference' | 'context'>; panels: ContextPanels; onToggle(panel: keyof ContextPanels): void }) {
  const variables = Object.entries(item.variables);
  return (
    <section className="lb-question" aria-label="Question" data-testid="item-question">
      <div className="lb-question-scroll">
        {item.messages ? (
          <ol className="lb-messages">
            {item.messages.map((message, index) => (
              <li key={index} className="lb-message" data-role={message.role}>
                <span className="lb-role">{message.role}</span>
                <p className="lb-message-text">{message.content}</p>
              </li>
            ))}
          </ol>
        ) : variables.length > 0 ? (
          <dl className="lb-variables">
            {variables.map(([name, value]) => (
              <div key={name}>
                <dt>{name}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className="lb-hint">This row has no variables.</p>
        )}
      </div>
      {(item.reference !== null || item.context !== null) && (
        <div className="lb-extras">
          {item.reference !== null && (
            <Fold label="Reference" open={panels.reference} onToggle={() => onToggle('reference')} testId="item-reference">
              {item.reference}
            </Fold>
          )}
          {item.context !== null && (
            <Fold label="Context" open={panels.context} onToggle={() => onToggle('context')} testId="item-context">
              {item.context}
            </Fold>
          )}
        </div>
      )}
    </section>
  );
}

function Fold({ label, open, onToggle, testId, children }: { label: string; open: boolean; onToggle(): void; testId: string; children: string }) {
  return (
    <div className="lb-fold" data-open={open || undefined} data-testid={testId}>
      <button type="button" className="lb-fold-toggle" aria-expanded={open} onClick={onToggle}>
        <ChevronIcon open={open} />
        {label}
        {!open && <span className="lb-fold-peek">{children.replace(/\s+/g, ' ').slice(0, 140)}</span>}
      </button>
      {open && <p className="lb-fold-text">{children}</p>}
    </div>
  );
}
