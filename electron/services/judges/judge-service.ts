import { createHash, randomUUID } from 'node:crypto';
import type { MethodOutput, ParsedInput } from '../../../shared/contract/index.js';
import { defaultJudgePrompt, type JudgeRun } from '../../../shared/contract/leaderboard.js';
import type { ModelEntry } from '../../../shared/contract/models.js';
import { AppError } from '../../../shared/errors.js';
import { compileChatTemplate, TemplateRenderError, type CompiledChatTemplate } from '../../../shared/template/index.js';
import type { EventBus } from '../event-bus.js';
import type { AnnotatorService } from '../labeling/annotator-service.js';
import { judgmentKey, type LabelingService } from '../labeling/labeling-service.js';
import * as repo from '../labeling/labeling-repository.js';
import { silentLogger } from '../logger.js';
import type { Provider } from '../providers/provider.js';
import { retryDelay } from '../providers/remote/retry-delay.js';
import type { Database } from '../storage/database.js';
import type { Logger } from '../types.js';
import { judgeVariables, parseJudgeVerdict } from './judge-prompt.js';

/** What judging needs of the model registry (ModelService). */
export interface JudgeModels {
  get(id: string): Promise<ModelEntry>;
  provider(id: string): Promise<Provider>;
}

interface Job {
  item: repo.ItemRecord;
  order: [string, string];
}

interface ActiveRun {
  state: JudgeRun;
  controller: AbortController;
  done: Promise<void>;
}

const maxAttempts = 4;

/**
 * LLM as judge: a model judges every pair of a pairwise task set in both orders, so its position
 * bias shows as a flip rate. Verdicts are judgments of source 'llm' under the judge's own annotator
 * profile, stored apart from human ones (the leaderboard counts them only when asked). A run skips
 * verdicts it already has, so starting it again resumes.
 */
export class JudgeService {
  private readonly active = new Map<string, ActiveRun>();
  private readonly logger: Logger;

  constructor(
    private readonly db: Database,
    private readonly events: EventBus,
    private readonly models: JudgeModels,
    private readonly annotators: AnnotatorService,
    private readonly labeling: LabelingService,
    options: { logger?: Logger } = {},
  ) {
    this.logger = options.logger ?? silentLogger;
  }

  async start(input: ParsedInput<'judges', 'start'>): Promise<MethodOutput<'judges', 'start'>> {
    const runKey = `${input.taskSetId}|${input.modelId}`;
    const existing = this.active.get(runKey);
    if (existing?.state.state === 'running') return existing.state;

    const template = compileJudgePrompt(input.prompt);
    const model = await this.models.get(input.modelId);
    let provider: Provider;
    try {
      provider = await this.models.provider(input.modelId);
    } catch (error) {
      throw new AppError('INVALID_INPUT', `“${model.name}” cannot judge: ${error instanceof Error ? error.message : String(error)}`);
    }
    const edited = input.prompt.trim() === defaultJudgePrompt.trim() ? null : createHash('sha256').update(input.prompt).digest('hex').slice(0, 6);
    const judge = await this.annotators.judgeFor(model.id, model.name, edited);
    const { set, jobs, contents } = await this.db.read(async (sql) => {
      const set = await this.labeling.loadTaskSet(sql, input.taskSetId);
      if (set.record.kind !== 'pairwise') throw new AppError('INVALID_INPUT', 'An LLM judge compares pairs; pick a pairwise task set.');
      const items = await repo.allItems(sql, set.record.id);
      const have = new Set(
        (await repo.currentJudgments(sql, set.record.id)).filter((row) => row.annotatorId === judge.id && row.verdict !== null).map((row) => row.key),
      );
      const jobs: Job[] = [];
      for (const item of items) {
        const [a, b] = item.generationIds;
        if (a === undefined || b === undefined) continue;
        for (const order of [[a, b], [b, a]] as [string, string][]) {
          if (!have.has(judgmentKey(judge.id, item.id, order, 'llm'))) jobs.push({ item, order });
        }
      }
      const generations = await repo.generationsByIds(sql, jobs.flatMap((job) => job.order));
      const rows = await repo.datasetRowsByIds(sql, set.experiment.config.datasetVersionId, jobs.map((job) => job.item.rowId));
      return { set, jobs, contents: { generations, rows } };
    });
    // Render the first job now, so a template that cannot render is refused before anything runs.
    if (jobs[0]) renderJob(template, jobs[0], contents);

    const state: JudgeRun = {
      taskSetId: set.record.id,
      annotatorId: judge.id,
      modelId: model.id,
      state: 'running',
      total: jobs.length,
      done: 0,
      failed: 0,
      message: jobs.length === 0 ? 'Every pair already has both verdicts.' : null,
    };
    const controller = new AbortController();
    const run: ActiveRun = { state, controller, done: Promise.resolve() };
    this.active.set(runKey, run);
    run.done = this.execute(run, jobs, template, contents, provider, model, input.maxTokens).catch((error: unknown) => {
      run.state = { ...run.state, state: 'failed', message: error instanceof Error ? error.message : String(error) };
      this.logger.error('judge run failed', { taskSetId: set.record.id, error: run.state.message });
      this.publish(run);
    });
    return { ...state };
  }

  async cancel(input: ParsedInput<'judges', 'cancel'>): Promise<MethodOutput<'judges', 'cancel'>> {
    const run = this.active.get(`${input.taskSetId}|${input.modelId}`);
    if (!run) throw new AppError('NOT_FOUND', 'This model is not judging this task set.');
    run.controller.abort(new Error('cancelled'));
    await run.done;
    return { ...run.state };
  }

  runs(input: ParsedInput<'judges', 'runs'>): MethodOutput<'judges', 'runs'> {
    return [...this.active.values()].filter((run) => run.state.taskSetId === input.taskSetId).map((run) => ({ ...run.state }));
  }

  async close(): Promise<void> {
    for (const run of this.active.values()) run.controller.abort(new Error('closing'));
    await Promise.all([...this.active.values()].map((run) => run.done));
  }

  private async execute(
    run: ActiveRun,
    jobs: readonly Job[],
    template: CompiledChatTemplate,
    contents: JobContents,
    provider: Provider,
    model: ModelEntry,
    maxTokens: number,
  ): Promise<void> {
    const signal = run.controller.signal;
    const concurrency = model.kind === 'local' ? 1 : 4;
    let next = 0;
    const worker = async () => {
      while (!signal.aborted && next < jobs.length) {
        const job = jobs[next++]!;
        const ok = await this.judgeOne(run, job, template, contents, provider, maxTokens, signal);
        if (signal.aborted) break;
        run.state = { ...run.state, done: run.state.done + (ok ? 1 : 0), failed: run.state.failed + (ok ? 0 : 1) };
        this.publish(run);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, jobs.length)) }, worker));
    const failed = run.state.failed;
    run.state = signal.aborted
      ? { ...run.state, state: 'cancelled', message: 'Stopped; the verdicts given so far are kept. Start again to finish.' }
      : {
          ...run.state,
          state: 'completed',
          message: failed > 0 ? `${failed} verdict(s) could not be had (the model failed); start again to retry them.` : run.state.message,
        };
    this.publish(run);
  }

  /** One verdict: true when it was stored (read or not), false when the model failed. */
  private async judgeOne(
    run: ActiveRun,
    job: Job,
    template: CompiledChatTemplate,
    contents: JobContents,
    provider: Provider,
    maxTokens: number,
    signal: AbortSignal,
  ): Promise<boolean> {
    const messages = renderJob(template, job, contents);
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const result = await provider.generate({ messages, params: { temperature: 0, maxTokens, stop: [] } }, { signal, idleTimeoutMs: 120_000 });
      if (signal.aborted) return false;
      if (result.error) {
        const delay = attempt < maxAttempts ? retryDelay(result.error, attempt) : null;
        if (delay === null) {
          this.logger.warn('judge: a verdict failed', { code: result.error.code, message: result.error.message });
          return false;
        }
        await sleep(delay, signal);
        continue;
      }
      const verdict = parseJudgeVerdict(result.output, job.order);
      await this.db.transaction((sql) =>
        repo.appendJudgment(sql, {
          id: randomUUID(),
          key: judgmentKey(run.state.annotatorId, job.item.id, job.order, 'llm'),
          taskSetId: job.item.taskSetId,
          itemId: job.item.id,
          annotatorId: run.state.annotatorId,
          source: 'llm',
          retracted: false,
          shownOrder: job.order,
          verdict,
          rationale: '',
          tags: [],
          flagged: false,
          durationMs: Math.round(result.latencyMs),
          rawOutput: result.output.slice(0, 20_000),
        }),
      );
      return true;
    }
    return false;
  }

  private lastChanged = 0;

  private publish(run: ActiveRun): void {
    this.events.emit('judge.progress', { ...run.state });
    // Statistics screens refresh at most twice a second while a judge runs, and once at the end.
    const now = Date.now();
    if (run.state.state !== 'running' || now - this.lastChanged > 500) {
      this.lastChanged = now;
      this.events.emit('labeling.changed', { taskSetId: run.state.taskSetId });
    }
  }
}

interface JobContents {
  generations: Map<string, repo.ItemGeneration>;
  rows: Map<string, repo.RowContent>;
}

function compileJudgePrompt(prompt: string): CompiledChatTemplate {
  try {
    return compileChatTemplate({ messages: [{ role: 'user', content: prompt }] });
  } catch (error) {
    throw new AppError('TEMPLATE_INVALID', `The judge prompt is not a valid template: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function renderJob(template: CompiledChatTemplate, job: Job, contents: JobContents) {
  const [a, b] = job.order.map((id) => contents.generations.get(id));
  try {
    return template.render(judgeVariables(a, b, contents.rows.get(job.item.rowId)));
  } catch (error) {
    if (error instanceof TemplateRenderError) throw new AppError('TEMPLATE_INVALID', `The judge prompt cannot render: ${error.detail}`);
    throw error;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
