import { randomUUID } from 'node:crypto';
import type { ExperimentProgress, GenerationRecord } from '../../../shared/contract/experiments.js';
import type { MethodOutput, ParsedInput } from '../../../shared/contract/index.js';
import type { Alert, RunAlerts } from '../../../shared/contract/monitor.js';
import type { EventBus } from '../event-bus.js';
import { findExperiment } from '../experiments/experiment-repository.js';
import { silentLogger } from '../logger.js';
import type { Database } from '../storage/database.js';
import type { Logger } from '../types.js';
import { compareExperiments } from './experiment-comparison.js';
import * as repo from './monitor-repository.js';

type In<M extends 'overview' | 'trend' | 'generations' | 'compare' | 'alerts' | 'audit' | 'exportAudit'> = ParsedInput<'monitor', M>;
type Out<M extends 'overview' | 'trend' | 'generations' | 'compare' | 'alerts' | 'audit' | 'exportAudit'> = Promise<MethodOutput<'monitor', M>>;

const noAlerts: RunAlerts = { maxCostUsd: null, maxP95LatencyMs: null, maxErrorRate: null };

/** Latency and error-rate alerts wait for this many results, so one slow first request is not an alert. */
const minimumSample = 20;

/** What one run has shown so far, for its alerts. Reset when a run (or a resume) starts. */
interface RunWatch {
  name: string;
  alerts: RunAlerts;
  latencies: number[];
  sinceCheck: number;
  raised: Set<string>;
  state: string | null;
}

/**
 * The Monitor: figures over generations and scores (DuckDB SQL), the comparison of two
 * experiments, the audit log, and alerts. Alerts come from the run's own events (a committed
 * generation, a progress update), heard on the event bus: the runner never waits for them.
 */
export class MonitorService {
  private readonly logger: Logger;
  private readonly watches = new Map<string, Promise<RunWatch | null>>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly db: Database,
    private readonly events: EventBus,
    options: { logger?: Logger } = {},
  ) {
    this.logger = options.logger ?? silentLogger;
  }

  attach(): void {
    this.unsubscribe ??= this.events.subscribe((event, payload) => {
      if (event === 'experiment.generation') this.onGeneration(payload as GenerationRecord);
      else if (event === 'experiment.progress') this.onProgress(payload as ExperimentProgress);
    });
  }

  close(): void {
    this.unsubscribe?.();
  }

  async overview(input: In<'overview'>): Out<'overview'> {
    return this.db.read(async (sql) => {
      const approximate = (await repo.countInScope(sql, input.experimentIds)) > repo.exactPercentilesUpTo;
      const { groups, totals } = await repo.metricsByGroup(sql, input.experimentIds, input.groupBy, approximate);
      return { totals, groups, scorers: await repo.scorerFigures(sql, input.experimentIds), approximatePercentiles: approximate };
    });
  }

  async trend(input: In<'trend'>): Out<'trend'> {
    return {
      points: await this.db.read(async (sql) => repo.trend(sql, input.experimentIds, input.groupBy, input.limit, (await repo.countInScope(sql, input.experimentIds)) > repo.exactPercentilesUpTo)),
    };
  }

  async generations(input: In<'generations'>): Out<'generations'> {
    return this.db.read((sql) => repo.drill(sql, input));
  }

  async compare(input: In<'compare'>): Out<'compare'> {
    return this.db.read((sql) => compareExperiments(sql, input.baselineId, input.candidateId, input.limit));
  }

  async alerts(input: In<'alerts'>): Out<'alerts'> {
    const rows = await this.db.read((sql) => repo.listAlerts(sql, input.experimentId, input.limit));
    return rows.map((row) => ({
      id: String(row.id),
      experimentId: String(row.experiment_id),
      experimentName: String(row.experiment_name),
      kind: row.kind as Alert['kind'],
      message: String(row.message),
      value: repo.numberOrNull(row.value),
      threshold: repo.numberOrNull(row.threshold),
      createdAt: String(row.created_at),
    }));
  }

  async audit(input: In<'audit'>): Out<'audit'> {
    return this.db.read((sql) => repo.auditPage(sql, input.entity, input.offset, input.limit));
  }

  async exportAudit(input: In<'exportAudit'>): Out<'exportAudit'> {
    const { entries } = await this.db.read((sql) => repo.auditPage(sql, null, 0, Number.MAX_SAFE_INTEGER));
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    if (input.format === 'jsonl') {
      const content = entries.map((entry) => JSON.stringify({ ...entry, detail: safeJson(entry.detail) })).join('\n');
      return { fileName: `arbiter-audit-${stamp}.jsonl`, content: content ? `${content}\n` : '', entries: entries.length };
    }
    const header = ['id', 'occurred_at', 'action', 'entity', 'entity_id', 'actor', 'detail'];
    const lines = entries.map((entry) => [String(entry.id), entry.occurredAt, entry.action, entry.entity, entry.entityId, entry.actor ?? '', entry.detail].map(csvCell).join(','));
    return { fileName: `arbiter-audit-${stamp}.csv`, content: `${[header.join(','), ...lines].join('\r\n')}\r\n`, entries: entries.length };
  }

  private watch(experimentId: string): Promise<RunWatch | null> {
    let watch = this.watches.get(experimentId);
    if (!watch) {
      watch = this.db
        .read((sql) => findExperiment(sql, experimentId))
        .then((experiment) => (experiment ? { name: experiment.name, alerts: experiment.config.alerts ?? noAlerts, latencies: [], sinceCheck: 0, raised: new Set<string>(), state: null } : null));
      watch.then((found) => found ?? this.watches.delete(experimentId), () => this.watches.delete(experimentId));
      this.watches.set(experimentId, watch);
    }
    return watch;
  }

  private onGeneration(record: GenerationRecord): void {
    if (record.error !== null || record.cached) return;
    void this.watch(record.experimentId).then((watch) => {
      if (!watch || watch.alerts.maxP95LatencyMs === null) return;
      watch.latencies.push(record.latencyMs);
      watch.sinceCheck++;
      // Checked every 10 results: a sort of the run's latencies each time would be wasted work.
      if (watch.latencies.length < minimumSample || watch.sinceCheck < 10) return;
      watch.sinceCheck = 0;
      const p95 = percentile(watch.latencies, 0.95);
      const limit = watch.alerts.maxP95LatencyMs;
      if (p95 > limit) {
        this.raise(record.experimentId, watch, 'latency', `95th percentile latency is ${Math.round(p95)} ms, above the alert threshold of ${limit} ms.`, p95, limit);
      }
    });
  }

  private onProgress(progress: ExperimentProgress): void {
    void this.watch(progress.experimentId).then((watch) => {
      if (!watch) return;
      if (progress.state === 'running' && watch.state !== 'running') {
        // A new run or a resume: its alerts start afresh; the thresholds may have changed.
        watch.latencies = [];
        watch.sinceCheck = 0;
        watch.raised.clear();
        void this.db.read((sql) => findExperiment(sql, progress.experimentId)).then(
          (experiment) => {
            if (experiment) watch.alerts = experiment.config.alerts ?? noAlerts;
          },
          () => {},
        );
      }
      watch.state = progress.state;
      const { maxCostUsd, maxErrorRate } = watch.alerts;
      if (maxCostUsd !== null && progress.costUsd > maxCostUsd) {
        this.raise(progress.experimentId, watch, 'cost', `Spend reached $${progress.costUsd.toFixed(4)}, above the alert threshold of $${maxCostUsd}.`, progress.costUsd, maxCostUsd);
      }
      const done = progress.succeeded + progress.failed;
      if (maxErrorRate !== null && done >= minimumSample && progress.failed / done > maxErrorRate) {
        const rate = progress.failed / done;
        this.raise(progress.experimentId, watch, 'error-rate', `${(rate * 100).toFixed(1)}% of generations failed, above the alert threshold of ${(maxErrorRate * 100).toFixed(1)}%.`, rate, maxErrorRate);
      }
      if (progress.state === 'paused' && progress.message) {
        this.raise(progress.experimentId, watch, 'budget', progress.message, progress.costUsd, null);
      }
    });
  }

  /** Records the alert and announces it, once per kind per run. */
  private raise(experimentId: string, watch: RunWatch, kind: Alert['kind'], message: string, value: number | null, threshold: number | null): void {
    if (watch.raised.has(kind)) return;
    watch.raised.add(kind);
    const id = randomUUID();
    this.db
      .transaction((sql) => repo.insertAlert(sql, { id, experimentId, kind, message, value, threshold }))
      .then((createdAt) => this.events.emit('monitor.alert', { id, experimentId, experimentName: watch.name, kind, message, value, threshold, createdAt }))
      .catch((error: unknown) => this.logger.error('monitor: could not record an alert', { experimentId, error: error instanceof Error ? error.message : String(error) }));
  }
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
