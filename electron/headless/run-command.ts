import { resolve } from 'node:path';
import { buildApi, buildRawApi, type Api } from '../../shared/contract/api.js';
import type { ExperimentProgress, ExperimentState, ExperimentSummary, GenerationRecord } from '../../shared/contract/experiments.js';
import { AppError } from '../../shared/errors.js';
import { openWorkspace } from '../services/workspace/open-workspace.js';
import type { Backend, Logger } from '../services/types.js';
import { confPreferences } from './conf-preferences.js';
import { ExperimentFileError, formatProblem, loadExperimentFile, type ExperimentSpec } from './experiment-file.js';
import { resolveExperiment, type ResolvedExperiment } from './experiment-setup.js';
import { GateFileError, loadGateFile, type GateFile } from './gate-file.js';
import { evaluateGate, formatGate, GateSetupError, type GateResult } from './gate.js';
import { ProgressLine, type TextOut } from './progress-line.js';
import { formatMs, formatTable, formatUsd, summarize, count } from './run-summary.js';

/** `arbiter run`: 0 every cell succeeded; 1 some failed or the run stopped short; 2 it could not start; 3 the --gate failed. */
export const exitCodes = { ok: 0, failed: 1, usage: 2, gateFailed: 3, interrupted: 130 } as const;

export interface RunOptions {
  file: string;
  dataDir: string;
  json: boolean;
  fresh: boolean;
  appVersion: string;
  /** A gate file: thresholds the run must meet (exit 3 when it does not). */
  gate?: string;
}

export interface RunIo {
  stdout: TextOut;
  stderr: TextOut;
  /** Listen for Ctrl+C (cancel the run, keep what finished). Off in tests that call this in-process. */
  handleSignals: boolean;
}

const terminalStates: ReadonlySet<ExperimentState> = new Set(['completed', 'cancelled', 'paused', 'interrupted']);

export async function runCommand(options: RunOptions, io: RunIo): Promise<number> {
  const startupMs = performance.now(); // since the process started: Node, tsx and the imports
  const say = (text: string) => io.stderr.write(`${text}\n`);

  let spec: ExperimentSpec;
  try {
    spec = loadExperimentFile(resolve(options.file));
  } catch (error) {
    if (error instanceof ExperimentFileError) return problems(say, error);
    throw error;
  }

  let gate: GateFile | null = null;
  if (options.gate) {
    try {
      gate = loadGateFile(resolve(options.gate));
    } catch (error) {
      if (!(error instanceof GateFileError)) throw error;
      say(`arbiter run: the gate file has ${error.problems.length === 1 ? 'a problem' : `${error.problems.length} problems`}:`);
      for (const problem of error.problems) say(`  ${problem}`);
      return exitCodes.usage;
    }
  }

  const progress = new ProgressLine(io.stderr, `Running “${spec.name}”`);
  let backend: Backend;
  try {
    backend = await openWorkspace({
      dataDir: options.dataDir,
      transport: 'http',
      preferences: confPreferences(options.dataDir),
      appVersion: options.appVersion,
      logger: cliLogger((text) => progress.note(text)),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.includes('already open in another Arbiter process')) {
      say(
        `arbiter run: the workspace ${options.dataDir} is open in another Arbiter process (the desktop app or \`arbiter serve\`). ` +
          'DuckDB lets one process use a workspace at a time: close that one, or pass --data-dir to run in another workspace.',
      );
      return exitCodes.usage;
    }
    say(`arbiter run: could not open the workspace ${options.dataDir}: ${message}`);
    return exitCodes.usage;
  }

  try {
    return await runWith(backend, spec, options, io, progress, startupMs, gate);
  } finally {
    await backend.close();
  }
}

async function runWith(backend: Backend, spec: ExperimentSpec, options: RunOptions, io: RunIo, progress: ProgressLine, startupMs: number, gate: GateFile | null): Promise<number> {
  const say = (text: string) => progress.note(text);
  const api = buildApi(buildRawApi((channel, input) => backend.dispatch(channel, input)));
  const setupStarted = performance.now();

  let resolved: ResolvedExperiment;
  try {
    resolved = await resolveExperiment(api, spec, options.dataDir);
  } catch (error) {
    if (error instanceof ExperimentFileError) return problems(say, error);
    throw error;
  }
  describeSetup(say, options.dataDir, resolved);

  const estimate = await api.experiments.estimate(resolved.config);
  if (estimate.problems.length > 0) {
    say(`arbiter run: ${spec.name} cannot run:`);
    for (const problem of estimate.problems) say(`  ${problem}`);
    return exitCodes.usage;
  }
  let experiment: ExperimentSummary;
  try {
    experiment = await api.experiments.create(resolved.config);
  } catch (error) {
    if (error instanceof AppError && error.code !== 'INTERNAL') {
      say(`arbiter run: ${spec.name} cannot run: ${error.message}`);
      return exitCodes.usage;
    }
    throw error;
  }
  const id = experiment.id;
  say(
    `Experiment ${id}: ${count(estimate.cells)} cells` +
      (estimate.estimatedCostUsd === null ? '' : `, estimated ${formatUsd(estimate.estimatedCostUsd)}`) +
      (options.fresh ? ', fresh samples (cache ignored)' : ''),
  );

  const runStarted = performance.now();
  const cpuBefore = process.cpuUsage();
  const final = await runToEnd(api, backend, id, options.fresh, io, progress);
  const runMs = performance.now() - runStarted;
  const cpu = process.cpuUsage(cpuBefore);
  progress.finish(final.progress);

  const generations = await allResults(api, id);
  const { rows, failures, totals } = summarize(resolved, spec.samples, generations);
  const state = final.progress.state;
  let gateResult: GateResult | null = null;
  if (gate && !final.interrupted) {
    try {
      gateResult = await evaluateGate(api, id, gate, say);
    } catch (error) {
      if (!(error instanceof GateSetupError)) throw error;
      say(`arbiter run: the gate cannot be checked: ${error.message}`);
      return exitCodes.usage;
    }
  }
  const exitCode = final.interrupted
    ? exitCodes.interrupted
    : gateResult && !gateResult.passed
      ? exitCodes.gateFailed
      : state === 'completed' && totals.failed === 0 && totals.missing === 0
        ? exitCodes.ok
        : exitCodes.failed;
  // The run's CPU next to its wall time tells a CI job whether this machine or the endpoint was the limit.
  const timing = {
    startupMs: round(startupMs),
    setupMs: round(runStarted - setupStarted),
    runMs: round(runMs),
    runCpuMs: round((cpu.user + cpu.system) / 1000),
  };

  if (options.json) {
    const report = {
      experimentId: id,
      name: spec.name,
      state,
      message: final.progress.message,
      exitCode,
      workspace: options.dataDir,
      dataset: resolved.dataset,
      prompts: resolved.prompts,
      models: resolved.models.map(({ entry: _entry, ...model }) => model),
      totals,
      summary: rows,
      failures,
      timing,
      ...(gateResult ? { gate: gateResult } : {}),
      generations,
    };
    await writeAll(io.stdout, `${JSON.stringify(report)}\n`);
    return exitCode;
  }

  const lines = ['', formatTable(rows), ''];
  lines.push(
    `${count(totals.succeeded)} of ${count(totals.cells)} cells succeeded` +
      (totals.cached > 0 ? ` (${count(totals.cached)} from the cache)` : '') +
      `, ${count(totals.failed)} failed` +
      (totals.missing > 0 ? `, ${count(totals.missing)} not run` : '') +
      ` in ${formatMs(runMs)}. Spent ${formatUsd(totals.spentUsd)}.`,
  );
  if (state !== 'completed') {
    lines.push(`The run ${state === 'paused' ? 'paused' : 'stopped'}${final.progress.message ? `: ${final.progress.message}` : '.'}`);
    lines.push('Running the file again takes the cells that finished from the cache and runs the rest.');
  }
  if (failures.length > 0) {
    lines.push('', `Failed cells (${count(failures.length)}):`);
    for (const failure of failures.slice(0, 20)) {
      lines.push(
        `  ${failure.prompt} × ${failure.model}, row ${failure.rowId}, sample ${failure.sampleIndex}: ${failure.code} after ${failure.attempts} attempt${failure.attempts === 1 ? '' : 's'}: ${failure.message}`,
      );
    }
    if (failures.length > 20) lines.push(`  … and ${count(failures.length - 20)} more (--json lists them all).`);
  }
  if (gateResult) lines.push(...formatGate(gateResult, options.gate ?? 'gate'));
  lines.push('', `Experiment ${id} is in the workspace ${options.dataDir}; open it in Arbiter to compare and label.`);
  await writeAll(io.stdout, `${lines.join('\n')}\n`);
  return exitCode;
}

/** Starts the run and waits for it to end; Ctrl+C cancels it (what finished stays) and a second one leaves at once. */
async function runToEnd(
  api: Api,
  backend: Backend,
  id: string,
  fresh: boolean,
  io: RunIo,
  progress: ProgressLine,
): Promise<{ progress: ExperimentProgress; interrupted: boolean }> {
  let interrupted = false;
  let settle: (value: ExperimentProgress) => void = () => {};
  const ended = new Promise<ExperimentProgress>((resolveEnd) => (settle = resolveEnd));
  let shownFailures = 0;

  const unsubscribe = backend.onEvent((event, payload) => {
    if (event === 'experiment.progress') {
      const update = payload as ExperimentProgress;
      if (update.experimentId !== id) return;
      progress.update(update);
      if (terminalStates.has(update.state)) settle(update);
    } else if (event === 'experiment.generation') {
      const generation = payload as GenerationRecord;
      if (generation.experimentId !== id || !generation.error) return;
      // The first few failures as they happen, so a CI log shows a broken endpoint early.
      if (shownFailures < 5) progress.note(`failed: row ${generation.rowId}, sample ${generation.sampleIndex}: ${generation.error.code}: ${generation.error.message}`);
      else if (shownFailures === 5) progress.note('(more failures are listed at the end)');
      shownFailures++;
    }
  });
  let firstSignalAt = 0;
  const onSignal = () => {
    if (interrupted) {
      // conf (through when-exit) sends every signal to this process once more, at once: that echo
      // is not the user's second Ctrl+C.
      if (performance.now() - firstSignalAt > 1000) process.exit(exitCodes.interrupted);
      return;
    }
    interrupted = true;
    firstSignalAt = performance.now();
    progress.note('Cancelling: cells that finished are kept. Press Ctrl+C again to quit at once.');
    api.experiments.cancel({ id }).catch(() => {});
  };
  if (io.handleSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  // Events carry the run; a slow poll is the safety net should the last one be missed.
  const poll = setInterval(() => {
    api.experiments.get({ id }).then(
      (summary) => {
        if (terminalStates.has(summary.state)) settle(summary.progress);
      },
      () => {},
    );
  }, 1000);

  try {
    const started = await api.experiments.start({ id, fresh });
    if (terminalStates.has(started.state)) settle(started.progress);
    else progress.update(started.progress);
    return { progress: await ended, interrupted };
  } finally {
    clearInterval(poll);
    unsubscribe();
    if (io.handleSignals) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
}

async function allResults(api: Api, id: string): Promise<GenerationRecord[]> {
  const generations: GenerationRecord[] = [];
  for (;;) {
    const page = await api.experiments.results({ id, offset: generations.length, limit: 5000 });
    generations.push(...page.generations);
    if (page.generations.length === 0 || generations.length >= page.total) return generations;
  }
}

function describeSetup(say: (text: string) => void, dataDir: string, resolved: ResolvedExperiment): void {
  say(`Workspace: ${dataDir}`);
  const { dataset } = resolved;
  say(`Dataset: “${dataset.name}” v${dataset.number}, ${count(dataset.rowCount)} rows (${dataset.origin})`);
  say(`Prompts: ${resolved.prompts.map((prompt) => `${prompt.name} v${prompt.number} (${prompt.origin})`).join(', ')}`);
  say(`Models: ${resolved.models.map((model) => `${model.name} (${model.origin})`).join(', ')}`);
}

function problems(say: (text: string) => void, error: ExperimentFileError): number {
  say(`arbiter run: the experiment file has ${error.problems.length === 1 ? 'a problem' : `${error.problems.length} problems`}:`);
  for (const problem of error.problems) say(`  ${formatProblem(problem)}`);
  return exitCodes.usage;
}

/** Warnings in words on stderr; the backend's info lines would drown the progress. */
function cliLogger(note: (text: string) => void): Logger {
  return {
    info: () => {},
    warn: (message) => note(`warning: ${message}`),
    error: (message, fields) => note(`error: ${message}${fields?.error ? `: ${String(fields.error)}` : ''}`),
  };
}

/** Resolves once the text is handed to the OS, so exiting right after loses nothing on a pipe. */
function writeAll(out: TextOut, text: string): Promise<void> {
  return new Promise((resolveWrite) => out.write(text, () => resolveWrite()));
}

function round(ms: number): number {
  return Math.round(ms);
}
