import type { ReactNode } from 'react';
import { Icon } from './icon.js';

export function Notice({
  tone = 'neutral',
  children,
  onDismiss,
  testId,
}: {
  tone?: 'neutral' | 'danger' | 'warning';
  children: ReactNode;
  onDismiss?: () => void;
  testId?: string;
}) {
  return (
    <div className="notice" data-tone={tone} role={tone === 'danger' ? 'alert' : 'status'} data-testid={testId}>
      <Icon name={tone === 'neutral' ? 'info' : 'alert'} size={14} />
      <div className="notice-body">{children}</div>
      {onDismiss && (
        <button type="button" className="icon-btn" onClick={onDismiss} aria-label="Dismiss" style={{ width: 18, height: 18 }}>
          <Icon name="close" size={12} />
        </button>
      )}
    </div>
  );
}
