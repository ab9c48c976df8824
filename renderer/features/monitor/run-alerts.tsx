import { useEffect, useState } from 'react';
import type { Alert } from '../../../shared/contract/monitor.js';
import { formatRelative } from '../../lib/format-date.js';
import { useApi, useEvent } from '../../transport/index.js';
import { Notice } from '../../ui/notice.js';

export const alertWords: Record<Alert['kind'], string> = {
  budget: 'Budget reached',
  cost: 'Spend alert',
  latency: 'Latency alert',
  'error-rate': 'Error-rate alert',
};

/** Alerts of one experiment, as notices: those recorded before, and new ones the moment they are raised. */
export function RunAlerts({ experimentId }: { experimentId: string }) {
  const api = useApi();
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => new Set());
  useEffect(() => {
    let live = true;
    api.monitor.alerts({ experimentId, limit: 5 }).then((list) => live && setAlerts(list), () => {});
    return () => {
      live = false;
    };
  }, [api, experimentId]);
  useEvent('monitor.alert', (alert) => {
    if (alert.experimentId === experimentId) setAlerts((current) => [alert, ...current.filter((a) => a.id !== alert.id)].slice(0, 5));
  });
  const shown = alerts.filter((alert) => !dismissed.has(alert.id)).slice(0, 2);
  if (shown.length === 0) return null;
  return (
    <div className="ex-notices">
      {shown.map((alert) => (
        <Notice key={alert.id} tone="warning" testId="run-alert" onDismiss={() => setDismissed((current) => new Set(current).add(alert.id))}>
          <strong>{alertWords[alert.kind]}.</strong> {alert.message} <span className="muted">({formatRelative(alert.createdAt)}; recorded in Monitor → Alerts)</span>
        </Notice>
      ))}
    </div>
  );
}
