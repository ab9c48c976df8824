import './monitor.css';
import { useState } from 'react';
import { useNavigate, useRoute } from '../../app/router.js';
import { useApi, useEvent } from '../../transport/index.js';
import { AlertsView } from './alerts-view.js';
import { AuditView } from './audit-view.js';
import { CompareView } from './compare-view.js';
import { OverviewView } from './overview-view.js';
import { useQuery } from './use-query.js';

type Tab = 'overview' | 'compare' | 'alerts' | 'audit';
const tabs: { id: Tab; label: string }[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'compare', label: 'Compare' },
  { id: 'alerts', label: 'Alerts' },
  { id: 'audit', label: 'Audit log' },
];

/**
 * Monitor: what a change of prompt or model does to cost, latency and quality. `#/monitor`
 * (overview), `#/monitor/compare/<baseline>/<candidate>`, `#/monitor/alerts`, `#/monitor/audit`.
 */
export function MonitorScreen() {
  const api = useApi();
  const route = useRoute();
  const navigate = useNavigate();
  const onMonitor = route.screen === 'monitor';
  const tab: Tab = onMonitor && tabs.some((t) => t.id === route.params[0]) ? (route.params[0] as Tab) : 'overview';
  const experiments = useQuery('experiments', () => api.experiments.list({}));
  const [newAlerts, setNewAlerts] = useState(0);
  useEvent('monitor.alert', () => setNewAlerts((count) => count + 1));
  // Experiments run while the Monitor is open appear without a reload.
  useEvent('experiment.progress', (progress) => {
    if (progress.state !== 'running' && !experiments.data?.some((e) => e.id === progress.experimentId && e.state === progress.state)) experiments.reload();
  });

  return (
    <div className="mon" data-testid="monitor">
      <div className="mon-bar">
        <div className="mon-tabs" role="tablist" aria-label="Monitor">
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              className="mon-tab"
              aria-selected={tab === t.id}
              onClick={() => {
                if (t.id === 'alerts') setNewAlerts(0);
                navigate('monitor', ...(t.id === 'overview' ? [] : [t.id]));
              }}
              data-testid={`monitor-tab-${t.id}`}
            >
              {t.label}
              {t.id === 'alerts' && newAlerts > 0 && <span className="mon-tab-count">{newAlerts}</span>}
            </button>
          ))}
        </div>
      </div>
      <div className="mon-body">
        {tab === 'overview' && <OverviewView experiments={experiments.data ?? []} />}
        {tab === 'compare' && (
          <CompareView
            experiments={experiments.data ?? []}
            baselineId={route.params[1] ?? null}
            candidateId={route.params[2] ?? null}
            onPick={(baseline, candidate) => navigate('monitor', 'compare', baseline, candidate)}
          />
        )}
        {tab === 'alerts' && <AlertsView />}
        {tab === 'audit' && <AuditView />}
      </div>
    </div>
  );
}
