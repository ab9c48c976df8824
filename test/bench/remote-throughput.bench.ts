import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { result, type Benchmark, type BenchResult } from './bench-result.js';
import { probeServer, withCpu } from './support/load-probe.js';
import { startFixedDelayServer, type FixedDelayServer } from './support/fixed-delay-server.js';
import { ensurePromptfoo } from './support/promptfoo.js';
import { runTimed } from './support/timed-process.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const requests = 2000;
const concurrency = 16;
const serverDelayMs = 50;
const idealMs = (requests * serverDelayMs) / concurrency; // 6,250 ms
const reply = 'The answer is forty-two.';

/**
 * Remote throughput: 2,000 requests to a local OpenAI-compatible server that answers after a
 * fixed 50 ms, at 16 in flight. Arbiter runs it the way a CI job does, `arbiter run file.yaml
 * --json` in its own process; the run is timed by the CLI itself (experiments.start to the last
 * progress event), and the process's start-up, setup and result printing are reported beside it.
 * promptfoo 0.121 runs the same job in the same benchmark (`promptfoo eval -j 16 --no-cache`),
 * installed on first use into test-output/bench/promptfoo, outside the app's dependencies.
 *
 * The server (support/fixed-delay-server.ts) lives in this process, which does nothing else
 * meanwhile. A bare node:http client at the same load, and this process's CPU time during each
 * run, show it is not the bottleneck: the floor on this machine is the round trip itself.
 */
export const benchmark: Benchmark = {
  name: `remote throughput: ${requests.toLocaleString('en-US')} requests, ${serverDelayMs} ms server, concurrency ${concurrency}`,
  async run() {
    const work = mkdtempSync(join(tmpdir(), 'arbiter-bench-throughput-'));
    const server = await startFixedDelayServer({ delayMs: serverDelayMs, reply });
    const log = (text: string) => process.stderr.write(`  ${text}\n`);
    try {
      const rows = Array.from({ length: requests }, (_, i) => `question ${i}`);
      writeFileSync(join(work, 'questions.csv'), `q\n${rows.join('\n')}\n`);

      const probe = await withCpu(() => probeServer(server.baseUrl, requests, concurrency));
      if (probe.value.failures > 0) throw new Error(`the test server failed ${probe.value.failures} probe requests`);
      log(`server probe (bare node:http client): ${ms(probe.wallMs)}, ${ratio(probe.wallMs / idealMs)} of ideal; server CPU ${ms(probe.cpuMs)}`);
      server.reset();

      const arbiter = await runArbiter(work, server);
      log(
        `arbiter run (CLI): run ${ms(arbiter.runMs)} (${ratio(arbiter.runMs / idealMs)} of ideal); process ${ms(arbiter.wallMs)} = ` +
          `start-up ${ms(arbiter.startupMs)} + setup ${ms(arbiter.setupMs)} + run + results/output ${ms(arbiter.wallMs - arbiter.startupMs - arbiter.setupMs - arbiter.runMs)}; ` +
          `CLI CPU during the run ${ms(arbiter.runCpuMs)} (${(arbiter.runCpuMs / requests).toFixed(2)} ms a request); server CPU meanwhile ${ms(arbiter.serverCpuMs)}`,
      );
      server.reset();

      const promptfoo = await runPromptfoo(work, server);
      if (promptfoo.ok) {
        log(
          `promptfoo ${promptfoo.version} eval: evaluation ${ms(promptfoo.evalMs)} (${ratio(promptfoo.evalMs / idealMs)} of ideal); process ${ms(promptfoo.wallMs)}; ` +
            `start-up (same eval, 1 case) ${ms(promptfoo.startupWallMs)}; server CPU meanwhile ${ms(promptfoo.serverCpuMs)}` +
            (promptfoo.installMs > 0 ? `; installed now in ${ms(promptfoo.installMs)}` : ''),
        );
      } else {
        log(`promptfoo unavailable: ${promptfoo.reason}`);
      }

      const results: BenchResult[] = [
        result({
          name: 'remote-throughput-vs-ideal',
          value: arbiter.runMs,
          unit: 'ms',
          baseline: idealMs,
          baselineLabel: `ideal: ${requests} × ${serverDelayMs} ms / ${concurrency}`,
          target: 1.15,
          direction: 'at-most',
        }),
        result({
          name: 'remote-throughput-server-probe',
          value: probe.wallMs,
          unit: 'ms',
          baseline: idealMs,
          baselineLabel: 'ideal; a bare node:http client at the same load: the server keeps up',
          target: 1.1,
          direction: 'at-most',
        }),
      ];
      if (promptfoo.ok) {
        results.push(
          result({
            name: 'remote-throughput-promptfoo-vs-arbiter',
            value: promptfoo.evalMs,
            unit: 'ms',
            baseline: arbiter.runMs,
            baselineLabel: `Arbiter's run; value: promptfoo ${promptfoo.version}'s own evaluation time`,
            target: 2,
            direction: 'at-least',
          }),
          result({
            name: 'remote-throughput-promptfoo-vs-arbiter-cli',
            value: promptfoo.wallMs,
            unit: 'ms',
            baseline: arbiter.wallMs,
            baselineLabel: 'whole `arbiter run` process; value: whole `promptfoo eval` process',
            target: 2,
            direction: 'at-least',
          }),
        );
      } else {
        results.push(
          result({
            name: 'remote-throughput-promptfoo-vs-arbiter',
            value: Number.NaN,
            unit: 'ms',
            baseline: arbiter.runMs,
            baselineLabel: `promptfoo unavailable: ${promptfoo.reason}`,
            target: 2,
            direction: 'at-least',
          }),
        );
      }
      return results;
    } finally {
      await server.close();
      rmSync(work, { recursive: true, force: true });
    }
  },
};

async function runArbiter(work: string, server: FixedDelayServer) {
  const file = join(work, 'arbiter.yaml');
  writeFileSync(
    file,
    [
      'name: Remote throughput',
      'prompts:',
      '  - "Answer {{ q }}"',
      'models:',
      '  - name: bench-model',
      '    provider: openai-compatible',
      `    baseUrl: ${server.baseUrl}`,
      '    model: bench-model',
      '    params: { temperature: 0, maxTokens: 16 }',
      'dataset: questions.csv',
      `concurrency: ${concurrency}`,
      'maxRetries: 0',
      '',
    ].join('\n'),
  );
  const dataDir = join(work, 'workspace');
  const run = await withCpu(() =>
    runTimed(process.execPath, ['--import', 'tsx', join(repoRoot, 'electron', 'headless', 'cli.ts'), 'run', file, '--data-dir', dataDir, '--json', '--fresh'], {
      cwd: repoRoot,
    }),
  );
  const outcome = run.value;
  if (outcome.code !== 0) throw new Error(`arbiter run exited with ${outcome.code}:\n${outcome.stderr.slice(-2000)}`);
  const report = JSON.parse(outcome.stdout) as { totals: { succeeded: number }; timing: { startupMs: number; setupMs: number; runMs: number; runCpuMs: number } };
  if (report.totals.succeeded !== requests) throw new Error(`arbiter run: ${report.totals.succeeded} of ${requests} cells succeeded`);
  if (server.answered() !== requests) throw new Error(`arbiter run sent ${server.answered()} requests, not ${requests}`);
  return { ...report.timing, wallMs: outcome.wallMs, serverCpuMs: run.cpuMs };
}

type PromptfooRun =
  | { ok: true; version: string; evalMs: number; wallMs: number; startupWallMs: number; serverCpuMs: number; installMs: number }
  | { ok: false; reason: string };

async function runPromptfoo(work: string, server: FixedDelayServer): Promise<PromptfooRun> {
  const install = await ensurePromptfoo(join(repoRoot, 'test-output', 'bench', 'promptfoo'));
  if (!install.ok) return install;
  const folder = join(work, 'promptfoo');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'one.csv'), 'q\nquestion 0\n');
  const config = (tests: string) =>
    [
      'description: Remote throughput',
      'prompts:',
      '  - "Answer {{q}}"',
      'providers:',
      '  - id: openai:chat:bench-model',
      '    config:',
      `      apiBaseUrl: ${server.baseUrl}`,
      '      apiKey: not-needed',
      '      temperature: 0',
      '      max_tokens: 16',
      `tests: file://${tests}`,
      '',
    ].join('\n');
  writeFileSync(join(folder, 'config.yaml'), config(join(work, 'questions.csv')));
  writeFileSync(join(folder, 'one.yaml'), config(join(folder, 'one.csv')));
  const env = {
    ...process.env,
    PROMPTFOO_DISABLE_TELEMETRY: '1',
    PROMPTFOO_DISABLE_UPDATE: '1',
    // Its database and logs in the benchmark's folder, not the user's home.
    PROMPTFOO_CONFIG_DIR: join(folder, 'home'),
  };
  const evaluate = (configFile: string, output: string) =>
    runTimed(install.bin, ['eval', '-c', configFile, '-j', String(concurrency), '--no-cache', '-o', output], { cwd: folder, env });

  // One case first: promptfoo's own start-up (and a warm disk cache for its 1.4 GB of modules).
  const one = await evaluate(join(folder, 'one.yaml'), join(folder, 'one.json'));
  if (one.code !== 0) return { ok: false, reason: `promptfoo eval exited with ${one.code}: ${tail(one.stderr || one.stdout)}` };
  server.reset();

  const run = await withCpu(() => evaluate(join(folder, 'config.yaml'), join(folder, 'out.json')));
  const outcome = run.value;
  if (outcome.code !== 0) return { ok: false, reason: `promptfoo eval exited with ${outcome.code}: ${tail(outcome.stderr || outcome.stdout)}` };
  const report = JSON.parse(readFileSync(join(folder, 'out.json'), 'utf8')) as {
    results: { stats: { successes: number; errors: number; evaluationDurationMs?: number; durationMs?: number } };
  };
  const { stats } = report.results;
  if (stats.successes !== requests) return { ok: false, reason: `promptfoo: ${stats.successes} of ${requests} cases succeeded (${stats.errors} errors)` };
  if (server.answered() !== requests) return { ok: false, reason: `promptfoo sent ${server.answered()} requests, not ${requests}` };
  const evalMs = stats.evaluationDurationMs ?? stats.durationMs;
  if (evalMs === undefined) return { ok: false, reason: 'promptfoo reported no evaluation duration' };
  return { ok: true, version: install.version, evalMs, wallMs: outcome.wallMs, startupWallMs: one.wallMs, serverCpuMs: run.cpuMs, installMs: install.installMs };
}

function tail(text: string): string {
  return text.trim().split('\n').slice(-5).join(' | ');
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

function ratio(value: number): string {
  return `${value.toFixed(2)}×`;
}
