import { useEffect, useState } from 'react';
import { Notice } from '../../ui/notice.js';
import type { SessionSnapshot } from './labeling-session.js';

/** A judgment the backend has not confirmed: said plainly, retried, never dropped. */
export function OutboxNotice({ snapshot, onRetry }: { snapshot: SessionSnapshot; onRetry(): void }) {
  const [now, setNow] = useState(() => Date.now());
  const failure = snapshot.failure;
  useEffect(() => {
    if (!failure) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [failure]);
  if (!failure) return null;
  const seconds = Math.max(0, Math.ceil((failure.retryAt - now) / 1000));
  return (
    <div className="lb-banner" data-testid="outbox-failure">
      <Notice tone="warning">
        <strong>
          {snapshot.unsaved === 1 ? '1 judgment is' : `${snapshot.unsaved} judgments are`} not saved yet.
        </strong>{' '}
        {failure.message} They are kept on this computer and sent in order; {seconds > 0 ? `next try in ${seconds} s` : 'trying now'} (attempt {failure.attempts}).{' '}
        <button type="button" className="link-button" onClick={onRetry} data-testid="retry-now">
          Retry now
        </button>
      </Notice>
    </div>
  );
}
