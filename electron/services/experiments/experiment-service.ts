import { randomUUID } from 'node:crypto';
import type { MethodOutput, ParsedInput } from '../../../shared/contract/index.js';
import type { ExperimentConfig, ExperimentProgress, ExperimentSummary } from '../../../shared/contract/experiments.js';
import type { ModelEntry, RuntimeInfo } from '../../../shared/contract/models.js';
import { AppError } from '../../../shared/errors.js';
import type { EventBus } from '../event-bus.js';
import { silentLogger } from '../logger.js';
import type { Provider } from '../providers/provider.js';
import { recordAudit } from '../storage/audit-log.js';
import type { Database } from '../storage/database.js';
import type { Logger } from '../types.js';
import * as repo from './experiment-repository.js';
import { cancelledMessage, ExperimentRun, interruptedMessage, type RunModel, type RunOutcome } from './experiment-run.js';
import type { WriteStrategy } from './generation-writer.js';
import { estimateMatrix, resolveMatrix, type ResolvedMatrix } from './matrix.js';
import { loadRows } from './matrix-sources.js';

type Method = 'list' | 'get' | 'estimate' | 'create' | 'start' | 'cancel' | 'results';
type In<M extends Method> = ParsedInput<'experiments', M>;
type Out<M extends Method> = Promise<MethodOutput<'experiments', M>>;

/** What experiments need of the model registry (ModelService; a stand-in in benchmarks). */
export interface ExperimentModels {
  get(id: string): Promise<ModelEntry>;
  provider(id: string): Promise<Provider>;
  runtime(): Promise<RuntimeInfo>;
}

export interface ExperimentServiceOptions {
  logger?: Logger;
  /**
   * Parallel requests per local model. Match the inference host's sequences per model: more only
   * queue inside the worker (and count the wait as latency). Default 1, the host's default.
   */
  localParallelism?: number;
  /** Longest a completed generation waits to be committed. Default 50 ms. */
  flushIntervalMs?: number;
  /** 'insert-per-row' exists for the storage benchmark's baseline. Default 'batch'. */
  writeStrategy?: WriteStrategy;
}

/** Experiments: the matrix, its runner, and the stored generations. */
export class ExperimentService {
  /** Runs in progress; `finished` settles once the outcome is recorded. */
  private readonly runs = new Map<string, { run: ExperimentRun; finished: Promise<void> }>();
  /** Per experiment: start and cancel run one at a time, so two clicks never start two runs. */
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly logger: Logger;
  private closed = false;

  constructor(
    readonly db: Database,
    readonly events: EventBus,
    readonly models: ExperimentModels,
    private readonly options: ExperimentServiceOptions = {},
  ) {
    this.logger = options.logger ?? silentLogger;
  }

  /**
   * At start-up: runs that were running when the process died are marked interrupted. What they
   * stored stays (each generation was committed as it completed); Resume fills the rest.
   */
  async recoverInterrupted(): Promise<void> {
    const ids = await this.db.transaction((sql) => repo.markRunningInterrupted(sql, interruptedMessage));
    if (ids.length > 0) this.logger.warn('experiments: runs interrupted by a stop of the app', { experiments: ids });
  }

  async list(): Out<'list'> {
    const { experiments, totals } = await this.db.read(async (sql) => ({
      experiments: await repo.listExperiments(sql),
      totals: await repo.storedTotalsByExperiment(sql),
    }));
    return experiments.map((experiment) => this.summary(experiment, totals.get(experiment.id) ?? repo.emptyTotals));
  }

  async get(input: In<'get'>): Out<'get'> {
    return this.load(input.id);
  }

  async estimate(input: In<'estimate'>): Out<'estimate'> {
    const matrix = await resolveMatrix(this.db, this.models, input);
    return estimateMatrix(this.db, matrix, input);
  }

  async create(input: In<'create'>): Out<'create'> {
    const estimate = await this.estimate(input);
    if (estimate.problems.length > 0) throw new AppError('INVALID_INPUT', `This experiment cannot run: ${estimate.problems.join(' ')}`);
    const id = randomUUID();
    await this.db.transaction(async (sql) => {
      await repo.insertExperiment(sql, { id, name: input.name, config: input, estimate, state: 'draft', message: null });
      await recordAudit(sql, 'experiment.create', 'experiment', id, { name: input.name, cells: estimate.cells, scorers: (input.scorers ?? []).length });
    });
    return this.load(id);
  }

  /**
   * Runs the cells that have no stored generation, in the background; returns at once.
   *
   * Failed cells count as stored while a run goes on, so they are not retried forever; a resume
   * (any `start` after the first) does retry them: their rows are deleted first, in one transaction.
   */
  async start(input: In<'start'>): Out<'start'> {
    return this.serially(input.id, async () => {
      if (this.closed) throw new AppError('CONFLICT', 'Arbiter is shutting down; start the experiment again after it restarts.');
      const current = this.runs.get(input.id);
      if (current && !current.run.stopping && !current.run.ended) return this.load(input.id);
      if (current) await current.finished; // a cancel still settling, or an end not yet recorded: then resume
      let experiment = await this.record(input.id);
      if (input.budget) {
        const config: ExperimentConfig = { ...experiment.config, budget: input.budget };
        await this.db.transaction(async (sql) => {
          await repo.setConfig(sql, experiment.id, config);
          await recordAudit(sql, 'experiment.update', 'experiment', experiment.id, { budget: input.budget });
        });
        experiment = { ...experiment, config };
      }
      const { config } = experiment;
      const matrix = await resolveMatrix(this.db, this.models, config);
      if (matrix.problems.length > 0) throw new AppError('INVALID_INPUT', `This experiment cannot run now: ${matrix.problems.join(' ')}`);
      const models = await this.runModels(matrix);

      const { rows, storedCells, storedTotals } = await this.db.transaction(async (sql) => {
        await repo.deleteFailedGenerations(sql, experiment.id);
        await repo.setState(sql, experiment.id, 'running', null);
        return {
          rows: await loadRows(sql, matrix.dataset!),
          storedCells: await repo.storedCellKeys(sql, experiment.id),
          storedTotals: await repo.storedTotals(sql, experiment.id),
        };
      });

      const run = new ExperimentRun(
        { experimentId: experiment.id, config, prompts: matrix.prompts, models, rows, storedCells, storedTotals, fresh: input.fresh },
        {
          db: this.db,
          logger: this.logger,
          runtime: () => this.models.runtime(),
          localParallelism: this.options.localParallelism ?? 1,
          writeStrategy: this.options.writeStrategy ?? 'batch',
          flushIntervalMs: this.options.flushIntervalMs ?? 50,
          onProgress: (progress) => this.events.emit('experiment.progress', progress),
          onGeneration: (record) => this.events.emit('experiment.generation', record),
        },
      );
      this.runs.set(experiment.id, { run, finished: run.done.then((outcome) => this.finish(experiment.id, run, outcome)) });
      return this.load(experiment.id);
    });
  }

  /** Stops in-flight work (aborted at once) and waits for the run to settle; finished cells stay. */
  async cancel(input: In<'cancel'>): Out<'cancel'> {
    const current = this.runs.get(input.id);
    if (current) {
      current.run.cancel();
      await current.finished;
      return this.load(input.id);
    }
    return this.serially(input.id, async () => {
      const experiment = await this.record(input.id);
      if (experiment.state === 'paused' || experiment.state === 'interrupted') {
        await this.db.transaction((sql) => repo.setState(sql, experiment.id, 'cancelled', cancelledMessage));
        const summary = await this.load(input.id);
        this.events.emit('experiment.progress', summary.progress);
        return summary;
      }
      return this.load(input.id);
    });
  }

  async results(input: In<'results'>): Out<'results'> {
    const experiment = await this.record(input.id);
    return this.db.read((sql) => repo.generationsPage(sql, experiment, input.offset, input.limit));
  }

  /** Resolves when the experiment has no run in progress (for the command line and tests). */
  async settled(id: string): Promise<ExperimentSummary> {
    for (let current = this.runs.get(id); current; current = this.runs.get(id)) await current.finished;
    return this.load(id);
  }

  /** Stops every run (the backend is closing); their cells resume next time. */
  async close(): Promise<void> {
    this.closed = true;
    const running = [...this.runs.values()];
    for (const { run } of running) run.interrupt();
    await Promise.all(running.map(({ finished }) => finished));
  }

  private async runModels(matrix: ResolvedMatrix): Promise<RunModel[]> {
    const models: RunModel[] = [];
    for (const model of matrix.models) {
      try {
        models.push({ ...model, provider: await this.models.provider(model.modelId) });
      } catch (error) {
        if (error instanceof AppError) throw new AppError('INVALID_INPUT', `Model “${model.entry.name}” cannot run: ${error.message}`);
        throw error;
      }
    }
    return models;
  }

  private async finish(id: string, run: ExperimentRun, outcome: RunOutcome): Promise<void> {
    try {
      await this.db.transaction((sql) => repo.setState(sql, id, outcome.state, outcome.message));
    } catch (error) {
      this.logger.error('experiments: could not record how a run ended', { experimentId: id, error: error instanceof Error ? error.message : String(error) });
    }
    if (this.runs.get(id)?.run === run) this.runs.delete(id);
    this.events.emit('experiment.progress', run.progress.snapshot());
  }

  private serially<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.locks.set(id, tail);
    void tail.then(() => {
      if (this.locks.get(id) === tail) this.locks.delete(id);
    });
    return next;
  }

  private async record(id: string): Promise<repo.ExperimentRecord> {
    const experiment = await this.db.read((sql) => repo.findExperiment(sql, id));
    if (!experiment) throw new AppError('NOT_FOUND', 'This experiment does not exist.');
    return experiment;
  }

  private async load(id: string): Promise<ExperimentSummary> {
    const { experiment, totals } = await this.db.read(async (sql) => {
      const found = await repo.findExperiment(sql, id);
      return { experiment: found, totals: found ? await repo.storedTotals(sql, id) : repo.emptyTotals };
    });
    if (!experiment) throw new AppError('NOT_FOUND', 'This experiment does not exist.');
    return this.summary(experiment, totals);
  }

  private summary(experiment: repo.ExperimentRecord, totals: repo.StoredTotals): ExperimentSummary {
    const run = this.runs.get(experiment.id)?.run;
    const progress: ExperimentProgress = run
      ? run.progress.snapshot()
      : {
          experimentId: experiment.id,
          state: experiment.state,
          total: experiment.estimate.generations,
          ...totals,
          inFlight: 0,
          tokensPerSecond: null,
          etaSeconds: experiment.state === 'completed' ? 0 : null,
          message: experiment.message,
        };
    return { id: experiment.id, name: experiment.name, state: progress.state, createdAt: experiment.createdAt, config: experiment.config, estimate: experiment.estimate, progress };
  }
}
