import { routeHref } from '../../app/router.js';
import { formatDateTime } from '../../lib/format-date.js';
import { useApi, useEvent } from '../../transport/index.js';
import { Notice } from '../../ui/notice.js';
import { alertWords } from './run-alerts.js';
import { useQuery } from './use-query.js';

/** Every alert raised while experiments ran (budget reached, spend, latency, error rate), newest first. */
export function AlertsView() {
  const api = useApi();
  const alerts = useQuery('alerts', () => api.monitor.alerts({ limit: 500 }));
  useEvent('monitor.alert', () => alerts.reload());
  return (
    <section className="mon-card" data-testid="monitor-alerts">
      <div className="mon-card-head">
        <h3>Alerts</h3>
        <span className="muted">Set thresholds per experiment (alerts: in the experiment file); a budget pause is always recorded.</span>
      </div>
      {alerts.error && <Notice tone="danger">{alerts.error}</Notice>}
      {alerts.data && alerts.data.length === 0 && <div className="mon-empty">No alerts. Thresholds crossed during a run show here and as a notice on the run.</div>}
      {alerts.data && alerts.data.length > 0 && (
        <table className="mon-table">
          <thead>
            <tr>
              <th>When</th>
              <th className="left">Experiment</th>
              <th className="left">Alert</th>
              <th className="left">What happened</th>
            </tr>
          </thead>
          <tbody>
            {alerts.data.map((alert) => (
              <tr key={alert.id} data-testid="alert-row">
                <td className="left">{formatDateTime(alert.createdAt)}</td>
                <td className="left">
                  <a href={routeHref('experiments', alert.experimentId)}>{alert.experimentName}</a>
                </td>
                <td className="left">
                  <span className="score-badge" data-state={alert.kind === 'budget' ? 'error' : 'fail'}>
                    {alertWords[alert.kind]}
                  </span>
                </td>
                <td className="left" style={{ whiteSpace: 'normal' }}>
                  {alert.message}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
