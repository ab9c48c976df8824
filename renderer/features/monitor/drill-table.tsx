import { useState } from 'react';
import type { DrillRow } from '../../../shared/contract/monitor.js';
import { routeHref } from '../../app/router.js';
import { formatDateTime } from '../../lib/format-date.js';
import { useApi } from '../../transport/index.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { count, ms, usd } from './monitor-format.js';
import { ScoreBadges } from './score-badges.js';
import { useQuery } from './use-query.js';

export interface DrillScope {
  modelId: string | null;
  promptVersionId: string | null;
  experimentId: string | null;
  /** What was clicked, in words. */
  label: string | null;
}

const pageSize = 25;
type Sort = 'latency' | 'cost' | 'score' | 'time' | 'tokens';
type Status = 'all' | 'failed' | 'scored-fail' | 'scored-pass';

/** The generations behind a figure: filtered by what was clicked, sorted, a page at a time; one opens beside. */
export function DrillTable({ experimentIds, scope, scorers, onClearScope }: { experimentIds: string[]; scope: DrillScope; scorers: readonly string[]; onClearScope(): void }) {
  const api = useApi();
  const [status, setStatus] = useState<Status>('all');
  const [scorer, setScorer] = useState('');
  const [sort, setSort] = useState<Sort>('latency');
  const [offset, setOffset] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const key = JSON.stringify([experimentIds, scope.modelId, scope.promptVersionId, status, scorer, sort, offset]);
  const page = useQuery(key, () =>
    api.monitor.generations({ experimentIds, modelId: scope.modelId, promptVersionId: scope.promptVersionId, status, scorer: scorer || null, sort, offset, limit: pageSize }),
  );
  const rows = page.data?.rows ?? [];
  const open = rows.find((row) => row.id === openId) ?? null;
  const total = page.data?.total ?? 0;
  const reset = () => (setOffset(0), setOpenId(null));

  return (
    <section className="mon-card" aria-label="Generations" data-testid="drill">
      <div className="mon-card-head">
        <h3>Generations</h3>
        {scope.label && (
          <span className="chip" data-testid="drill-scope">
            {scope.label}
            <button type="button" className="chip-remove" aria-label="Show all" onClick={() => (onClearScope(), reset())}>
              <Icon name="close" size={10} />
            </button>
          </span>
        )}
        <span className="muted">{count(total)} match</span>
        <span className="ex-spacer" />
        <div className="mon-controls" style={{ margin: 0 }}>
          <select className="select select-sm" value={status} onChange={(event) => (setStatus(event.target.value as Status), reset())} aria-label="Which" data-testid="drill-status">
            <option value="all">All</option>
            <option value="scored-fail">Failing a scorer</option>
            <option value="scored-pass">Passing every scorer</option>
            <option value="failed">Errors</option>
          </select>
          {scorers.length > 0 && (
            <select className="select select-sm" value={scorer} onChange={(event) => (setScorer(event.target.value), reset())} aria-label="Scorer" data-testid="drill-scorer">
              <option value="">Any scorer</option>
              {scorers.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          )}
          <select className="select select-sm" value={sort} onChange={(event) => (setSort(event.target.value as Sort), reset())} aria-label="Sort" data-testid="drill-sort">
            <option value="latency">Slowest first</option>
            <option value="score">Lowest score first</option>
            <option value="cost">Costliest first</option>
            <option value="tokens">Longest first</option>
            <option value="time">Newest first</option>
          </select>
        </div>
      </div>
      {page.error && <Notice tone="danger">{page.error}</Notice>}
      <div className="mon-drill" data-no-detail={open ? undefined : true}>
        <div className="mon-table-wrap">
          <table className="mon-table" data-testid="drill-table">
            <thead>
              <tr>
                <th>Output</th>
                <th className="left">Experiment</th>
                <th className="left">Prompt × model</th>
                <th className="left">Scores</th>
                <th>Latency</th>
                <th>TTFT</th>
                <th>Tokens</th>
                <th>Cost</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-clickable onClick={() => setOpenId(row.id === openId ? null : row.id)} data-selected={row.id === openId || undefined} data-testid="drill-row">
                  <td className="wrap" title={row.error ?? row.output}>
                    {row.error ? <span style={{ color: 'var(--danger)' }}>{row.error}</span> : row.output || <span className="muted">(empty)</span>}
                  </td>
                  <td className="left wrap" style={{ maxWidth: 160 }}>
                    {row.experimentName}
                  </td>
                  <td className="left wrap" style={{ maxWidth: 200 }}>
                    {row.promptLabel} × {row.modelName}
                  </td>
                  <td className="left">
                    <ScoreBadges scores={row.scores.map((s) => ({ ...s, generationId: row.id, experimentId: row.experimentId, kind: 'equals' as const }))} compact={row.scores.length > 3} />
                  </td>
                  <td>{ms(row.latencyMs)}</td>
                  <td>{ms(row.ttftMs)}</td>
                  <td>
                    {count(row.inputTokens)} / {count(row.outputTokens)}
                  </td>
                  <td>{usd(row.costUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 && !page.loading && <div className="mon-empty">Nothing matches.</div>}
          {total > pageSize && (
            <div className="mon-pager">
              <button type="button" className="btn btn-sm" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>
                Previous
              </button>
              <span className="muted">
                {count(offset + 1)}–{count(Math.min(total, offset + pageSize))} of {count(total)}
              </span>
              <button type="button" className="btn btn-sm" disabled={offset + pageSize >= total} onClick={() => setOffset(offset + pageSize)}>
                Next
              </button>
            </div>
          )}
        </div>
        {open && <GenerationDetail row={open} onClose={() => setOpenId(null)} />}
      </div>
    </section>
  );
}

export function GenerationDetail({ row, onClose }: { row: DrillRow; onClose(): void }) {
  return (
    <aside className="mon-detail" data-testid="generation-detail" aria-label="Generation">
      <div className="mon-card-head">
        <h3>
          {row.promptLabel} × {row.modelName}
        </h3>
        <span className="ex-spacer" />
        <button type="button" className="icon-btn" onClick={onClose} aria-label="Close">
          <Icon name="close" size={12} />
        </button>
      </div>
      <div className="muted" style={{ fontSize: 12 }}>
        {row.experimentName} · row {row.rowId.slice(0, 10)}
        {row.sampleIndex > 0 ? ` · sample ${row.sampleIndex + 1}` : ''} ·{' '}
        <a href={routeHref('experiments', row.experimentId)}>open in the grid</a>
      </div>
      {row.error ? <pre style={{ color: 'var(--danger)' }}>{row.error}</pre> : <pre data-testid="detail-output">{row.output || '(empty output)'}</pre>}
      <dl>
        <dt>Latency</dt>
        <dd>
          {ms(row.latencyMs)} (first token {ms(row.ttftMs)})
        </dd>
        <dt>Tokens</dt>
        <dd>
          {count(row.inputTokens)} in · {count(row.outputTokens)} out
        </dd>
        <dt>Cost</dt>
        <dd>{usd(row.costUsd)}</dd>
        <dt>Attempts</dt>
        <dd>
          {row.attempts}
          {row.cached ? ' · cached' : ''}
        </dd>
        <dt>Stored</dt>
        <dd>{formatDateTime(row.createdAt)}</dd>
      </dl>
      {row.scores.length > 0 && (
        <div className="mon-score-list">
          <h4 className="section-title">Scores</h4>
          <ul>
            {row.scores.map((score) => (
              <li key={score.scorer} data-testid="detail-score">
                <span className="score-badge" data-state={score.error ? 'error' : score.pass ? 'pass' : 'fail'}>
                  {score.error ? '!' : score.pass ? '✓' : '✗'} {score.scorer}
                </span>
                <span>
                  {score.score !== null && <strong>{score.score.toFixed(2)} </strong>}
                  <span className="muted">{score.reason}</span>
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </aside>
  );
}
