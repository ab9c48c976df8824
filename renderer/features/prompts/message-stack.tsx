import type { ChatTemplateIssue } from '../../../shared/template/index.js';
import type { TemplateEditorHandle } from '../../monaco/index.js';
import { Icon } from '../../ui/icon.js';
import { MessageCard } from './message-card.js';
import { addMessage, moveMessage, removeMessage, updateMessage, type DraftMessage } from './template-draft.js';
import { markersFor } from './template-issues.js';

export function MessageStack({
  messages,
  issues,
  onChange,
  handles,
}: {
  messages: readonly DraftMessage[];
  issues: readonly ChatTemplateIssue[];
  onChange(update: (messages: readonly DraftMessage[]) => DraftMessage[]): void;
  /** Editor handles by message key, so the issue list can jump to a position. */
  handles: Map<string, TemplateEditorHandle>;
}) {
  return (
    <div className="message-stack" data-testid="message-stack">
      {messages.map((message, index) => (
        <MessageCard
          key={message.key}
          message={message}
          index={index}
          count={messages.length}
          markers={markersFor(issues, index)}
          onChange={(change) => onChange((current) => updateMessage(current, message.key, change))}
          onMove={(offset) => onChange((current) => moveMessage(current, message.key, offset))}
          onRemove={() => onChange((current) => removeMessage(current, message.key))}
          onHandle={(handle) => {
            if (handle) handles.set(message.key, handle);
            else handles.delete(message.key);
          }}
        />
      ))}
      <button type="button" className="add-message" onClick={() => onChange(addMessage)} data-testid="add-message">
        <Icon name="plus" size={14} />
        Add message
      </button>
    </div>
  );
}
