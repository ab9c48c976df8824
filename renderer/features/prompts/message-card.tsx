import { Suspense } from 'react';
import { chatRoleSchema, type ChatRole } from '../../../shared/contract/prompts.js';
import { TemplateEditor, type EditorMarker, type TemplateEditorHandle } from '../../monaco/index.js';
import { Icon } from '../../ui/icon.js';
import type { DraftMessage } from './template-draft.js';

const placeholders: Record<ChatRole, string> = {
  system: 'Instructions for the model. Use {{ variable }} for what changes from row to row.',
  user: 'What the user says, e.g. Summarize this ticket: {{ ticket }}',
  assistant: 'An example answer from the assistant (few-shot), or leave the turn out.',
};

export interface MessageCardProps {
  message: DraftMessage;
  index: number;
  count: number;
  markers: readonly EditorMarker[];
  onChange(change: Partial<Pick<DraftMessage, 'role' | 'content'>>): void;
  onMove(offset: -1 | 1): void;
  onRemove(): void;
  onHandle(handle: TemplateEditorHandle | null): void;
}

export function MessageCard({ message, index, count, markers, onChange, onMove, onRemove, onHandle }: MessageCardProps) {
  const number = index + 1;
  return (
    <section
      className="message-card"
      data-role={message.role}
      data-invalid={markers.length > 0 || undefined}
      data-testid="message-card"
      aria-label={`Message ${number} (${message.role})`}
    >
      <header className="message-card-header">
        <select
          className="role-select"
          value={message.role}
          aria-label={`Role of message ${number}`}
          data-testid="role-select"
          onChange={(event) => onChange({ role: chatRoleSchema.parse(event.target.value) })}
        >
          {chatRoleSchema.options.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
        <span className="message-number">Message {number}</span>
        {markers.length > 0 && (
          <span className="message-issue-count">
            <Icon name="alert" size={12} />
            {markers.length === 1 ? '1 problem' : `${markers.length} problems`}
          </span>
        )}
        <span className="message-card-spacer" />
        <span className="message-length">{message.content.length.toLocaleString()} chars</span>
        <button type="button" className="icon-btn" onClick={() => onMove(-1)} disabled={index === 0} aria-label={`Move message ${number} up`} title="Move up">
          <Icon name="up" size={14} />
        </button>
        <button
          type="button"
          className="icon-btn"
          onClick={() => onMove(1)}
          disabled={index === count - 1}
          aria-label={`Move message ${number} down`}
          title="Move down"
        >
          <Icon name="down" size={14} />
        </button>
        <button
          type="button"
          className="icon-btn danger"
          onClick={onRemove}
          disabled={count === 1}
          aria-label={`Remove message ${number}`}
          title={count === 1 ? 'A prompt needs at least one message' : 'Remove message'}
        >
          <Icon name="trash" size={14} />
        </button>
      </header>
      <Suspense fallback={<pre className="template-editor-fallback">{message.content}</pre>}>
        <TemplateEditor
          defaultValue={message.content}
          onChange={(content) => onChange({ content })}
          markers={markers}
          placeholder={placeholders[message.role]}
          ariaLabel={`Message ${number} (${message.role}) template`}
          onHandle={onHandle}
        />
      </Suspense>
    </section>
  );
}
