import { Suspense } from 'react';
import type { PromptVersion } from '../../../shared/contract/prompts.js';
import { formatDateTime } from '../../lib/format-date.js';
import { TemplateEditor } from '../../monaco/index.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { useVersions } from './use-version.js';

export function VersionView({
  number,
  latestNumber,
  load,
  onBack,
  onRestore,
  onCompareWithLatest,
}: {
  number: number;
  latestNumber: number;
  load(number: number): Promise<PromptVersion>;
  onBack(): void;
  onRestore(number: number): void;
  onCompareWithLatest(number: number): void;
}) {
  const { versions, error } = useVersions(load, [number]);
  const version = versions?.[0];
  const isLatest = number === latestNumber;

  return (
    <div className="mode-view" data-testid="version-view" data-version={number}>
      <div className="mode-bar">
        <button type="button" className="btn btn-ghost btn-sm" onClick={onBack} data-testid="back-to-editor">
          <Icon name="back" size={13} />
          Editor
        </button>
        <div className="mode-title">
          <strong>Version {number}</strong>
          {version && <span className="muted">{formatDateTime(version.createdAt)}</span>}
          <span className="chip">read-only</span>
        </div>
        <span className="mode-spacer" />
        {!isLatest && (
          <>
            <button type="button" className="btn btn-sm" onClick={() => onCompareWithLatest(number)}>
              <Icon name="diff" size={13} />
              Compare with v{latestNumber}
            </button>
            <button type="button" className="btn btn-sm btn-primary" onClick={() => onRestore(number)} data-testid="restore-viewed-version">
              <Icon name="restore" size={13} />
              Restore as v{latestNumber + 1}
            </button>
          </>
        )}
      </div>
      <div className="mode-scroll">
        {error && <Notice tone="danger">{error}</Notice>}
        {version?.note && <p className="version-view-note">“{version.note}”</p>}
        <div className="message-stack">
          {version?.template.messages.map((message, index) => (
            <section key={index} className="message-card" data-role={message.role} aria-label={`Message ${index + 1} (${message.role})`}>
              <header className="message-card-header">
                <span className="role-badge">{message.role}</span>
                <span className="message-number">Message {index + 1}</span>
              </header>
              <Suspense fallback={<pre className="template-editor-fallback">{message.content}</pre>}>
                <TemplateEditor defaultValue={message.content} readOnly ariaLabel={`Version ${number}, message ${index + 1} (${message.role})`} minLines={1} />
              </Suspense>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}
