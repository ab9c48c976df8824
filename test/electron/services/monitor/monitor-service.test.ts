// The Monitor's figures, alerts and audit log on the real backend and a real DuckDB file.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { databaseFileName } from '../../../../electron/services/bootstrap.js';
import { metricsByGroup } from '../../../../electron/services/monitor/monitor-repository.js';
import { Database } from '../../../../electron/services/storage/database.js';
import { migrate } from '../../../../electron/services/storage/migrations.js';
import { openTestBackend } from '../../../support/backend.js';
import { startFakeOpenAi, type FakeProviderServer } from '../../../support/fake-providers/index.js';
import { capitalScorers, capitalsReply, runToEnd, scoresSettled, setUpCapitals, type CapitalsWorkspace } from '../../../support/scored-workspace.js';
import { tempDataDir } from '../../../support/start-server.js';

describe('Monitor', () => {
  let server: FakeProviderServer;
  let backend: Awaited<ReturnType<typeof openTestBackend>>;
  let ws: CapitalsWorkspace;
  const ids = { v1: '', v2: '' };

  before(async () => {
    server = await startFakeOpenAi({ apiKey: null, tokenDelayMs: 2, reply: capitalsReply });
    backend = await openTestBackend();
    ws = await setUpCapitals(backend.call, server.baseUrl);
    for (const [key, prompt] of [['v1', ws.promptV1], ['v2', ws.promptV2]] as const) {
      const experiment = await backend.call('experiments.create', {
        name: `Quiz ${key}`,
        promptVersionIds: [prompt],
        models: [{ modelId: ws.modelId, params: { maxTokens: 64 } }],
        datasetVersionId: ws.datasetVersionId,
        scorers: capitalScorers,
      });
      ids[key] = experiment.id;
      await runToEnd(backend.call, experiment.id);
      await scoresSettled(backend.call, experiment.id);
    }
  });
  after(async () => {
    await backend?.destroy();
    await server?.close();
  });

  it('overview: totals and groups add up, with tokens, cost, percentiles, pass rates', async () => {
    const overview = await backend.call('monitor.overview', { groupBy: 'prompt' });
    assert.equal(overview.totals.generations, 12);
    assert.equal(overview.totals.scored, 60);
    assert.equal(overview.groups.length, 2);
    const [v1, v2] = overview.groups;
    assert.equal(v1.label, 'Capital quiz v1');
    assert.equal(v1.metrics.passRate, 1);
    assert.ok(v2.metrics.passRate < 0.5, String(v2.metrics.passRate));
    assert.equal(v1.metrics.inputTokens + v2.metrics.inputTokens, overview.totals.inputTokens);
    assert.ok(Math.abs(v1.metrics.costUsd + v2.metrics.costUsd - overview.totals.costUsd) < 1e-12);
    for (const metrics of [v1.metrics, v2.metrics, overview.totals]) {
      assert.ok(metrics.latencyP50 > 0 && metrics.latencyP50 <= metrics.latencyP95 && metrics.latencyP95 <= metrics.latencyP99);
    }
    // v1 answers in one token: tokens per second need two or more, so only v2 has a figure.
    assert.equal(v1.metrics.tokensPerSecond, null);
    assert.ok(v2.metrics.tokensPerSecond > 0 && overview.totals.tokensPerSecond === v2.metrics.tokensPerSecond);
    assert.equal(overview.approximatePercentiles, false);
    assert.deepEqual(overview.scorers.map((s: { scorer: string }) => s.scorer), ['exact', 'mentions-city', 'names-capital', 'rouge-l', 'short']);
    const trend = await backend.call('monitor.trend', { groupBy: 'model' });
    assert.deepEqual(trend.points.map((p: { experimentName: string }) => p.experimentName), ['Quiz v1', 'Quiz v2']);
  });

  it('drill-down filters to the generations failing one scorer, with their scores', async () => {
    const page = await backend.call('monitor.generations', { experimentIds: [ids.v2], status: 'scored-fail', scorer: 'names-capital', sort: 'score' });
    assert.equal(page.total, 2);
    assert.deepEqual(page.rows.map((row: { output: string }) => row.output.split(' ')[0]).sort(), ['Cusco', 'Mombasa']);
    assert.equal(page.rows[0].scores.length, 5);
  });

  it('compare: the two wrong answers of v2 come first', async () => {
    const comparison = await backend.call('monitor.compare', { baselineId: ids.v1, candidateId: ids.v2 });
    assert.equal(comparison.paired, 6);
    assert.equal(comparison.worse, 6);
    assert.deepEqual(comparison.rows.slice(0, 2).map((row: { lostPasses: number }) => row.lostPasses), [5, 5]);
    assert.deepEqual(comparison.rows.slice(2).map((row: { lostPasses: number }) => row.lostPasses), [3, 3, 3, 3]);
    assert.match(comparison.rows[0].variables, /country: (Kenya|Peru)/);
  });

  it('a budget pause is recorded as an alert and announced', async () => {
    const alerts: unknown[] = [];
    const unsubscribe = backend.backend.onEvent((event, payload) => event === 'monitor.alert' && alerts.push(payload));
    const experiment = await backend.call('experiments.create', {
      name: 'Tight budget',
      promptVersionIds: [ws.promptV2],
      models: [{ modelId: ws.modelId, params: { maxTokens: 64 } }],
      datasetVersionId: ws.datasetVersionId,
      budget: { maxTokens: 150 },
      remoteConcurrency: 1,
    });
    await backend.call('experiments.start', { id: experiment.id, fresh: true });
    let listed: { kind: string; message: string }[] = [];
    for (let i = 0; i < 200 && listed.length === 0; i++) {
      listed = await backend.call('monitor.alerts', { experimentId: experiment.id });
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    unsubscribe();
    assert.equal(listed[0]?.kind, 'budget');
    assert.match(listed[0]!.message, /token/i);
    assert.equal(alerts.length, 1);
  });

  it('the audit log lists models, experiments and scorer changes, and exports as CSV', async () => {
    await backend.call('scoring.configure', { experimentId: ids.v1, scorers: [{ kind: 'is-json' }] });
    const audit = await backend.call('monitor.audit', { limit: 100 });
    const actions = audit.entries.map((entry: { action: string }) => entry.action);
    for (const action of ['dataset.create', 'prompt.create', 'prompt.version.create', 'model.create', 'experiment.create', 'experiment.scorers.update']) assert.ok(actions.includes(action), action);
    const file = await backend.call('monitor.exportAudit', { format: 'csv' });
    assert.match(file.content, /^id,occurred_at,action,entity,entity_id,actor,detail\r\n/);
    assert.equal(file.entries, audit.total);
  });
});

describe('percentiles above the exact limit', () => {
  it('the histogram percentiles are within 0.5% of the exact ones', async () => {
    const dataDir = tempDataDir('arbiter-percentiles-');
    const db = await Database.open(join(dataDir, databaseFileName));
    try {
      await migrate(db);
      await db.transaction((sql) =>
        sql.run(`INSERT INTO generations (id, experiment_id, prompt_version_id, model_id, row_id, sample_index, seed, cache_key, messages, params, output, finish_reason,
                   input_tokens, output_tokens, latency_ms, ttft_ms, cost_usd, error, cached, attempts)
                 SELECT 'g' || i, 'e', 'p', 'm' || (i % 3), 'r' || i, 0, 0, 'k', '[]', '{}', '', 'stop', 1, 10, 50 + (hash(i) % 10000) / 7.0, 20 + hash(i) % 100, NULL, NULL, false, 1
                 FROM range(20000) t(i)`),
      );
      const exact = await db.read((sql) => metricsByGroup(sql, [], 'model', false));
      const approx = await db.read((sql) => metricsByGroup(sql, [], 'model', true));
      const pairs = [...exact.groups.map((g, i) => [g.metrics, approx.groups[i]!.metrics] as const), [exact.totals, approx.totals] as const];
      for (const [e, a] of pairs) {
        for (const key of ['latencyP50', 'latencyP95', 'latencyP99', 'ttftP50', 'ttftP95'] as const) {
          assert.ok(Math.abs(a[key]! - e[key]!) / e[key]! < 0.005, `${key}: ${a[key]} vs ${e[key]}`);
        }
      }
    } finally {
      await db.close();
    }
  });
});
