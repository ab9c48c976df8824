import type { GenerationRecord } from '../../../shared/contract/experiments.js';
import type { Database, Sql } from '../storage/database.js';

/** A generation as the generations table stores it: the contract record, its cache key, its messages as JSON. */
export interface GenerationWrite {
  record: GenerationRecord;
  cacheKey: string;
  /** JSON.stringify(record.messages), made once per prompt and row rather than per cell. */
  messagesJson: string;
}

export type WriteStrategy =
  /** One INSERT per batch, the rows passed as one JSON parameter: one transaction per flush. */
  | 'batch'
  /** One INSERT and one transaction per generation: the benchmark's baseline. */
  | 'insert-per-row';

export interface GenerationWriterOptions {
  /** A completed generation is committed at most this long after it arrives. Default 50 ms. */
  flushIntervalMs?: number;
  /** Flush at once when this many wait; producers then wait for room (see `room`). Default 1,000. */
  maxBatch?: number;
  strategy?: WriteStrategy;
  /** After each commit, with the rows it made durable (in arrival order). */
  onStored: (rows: GenerationWrite[]) => void;
  /** A flush failed twice (the batch INSERT, then row by row); the rows are dropped and the run must stop. */
  onFailure: (error: Error) => void;
}

/**
 * Streams completed generations into DuckDB: a prepared INSERT costs ~1 ms a row on a file
 * database (more with this table's unique indexes), so rows are batched, yet a batch waits at most
 * `flushIntervalMs` so a crash loses only what was in flight. Each flush is one transaction: after
 * a kill, a batch is in the file whole or not at all.
 *
 * A batch goes in as one INSERT whose rows arrive as a single JSON parameter, which DuckDB parses,
 * checks and commits on its own thread. DuckDB's Appender was the first choice, but its only
 * flush is synchronous: 50 rows took 4 to 5 ms of the event loop each time (2.5 ms into a temp
 * table), time the process that also streams every remote request cannot spare. This way the
 * event loop spends ~0.4 ms a batch (building the JSON).
 */
export class GenerationWriter {
  private pending: GenerationWrite[] = [];
  /** When the oldest waiting row arrived (performance.now()). */
  private oldestAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private closed = false;
  private readonly flushIntervalMs: number;
  private readonly maxBatch: number;
  private readonly strategy: WriteStrategy;

  constructor(
    private readonly db: Database,
    private readonly options: GenerationWriterOptions,
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 50;
    this.maxBatch = options.maxBatch ?? 1_000;
    this.strategy = options.strategy ?? 'batch';
  }

  add(row: GenerationWrite): void {
    if (this.closed) throw new Error('The generation writer is closed.');
    if (this.pending.length === 0) this.oldestAt = performance.now();
    this.pending.push(row);
    if (this.pending.length >= this.maxBatch) this.flushSoon(0);
    else this.flushSoon(this.flushIntervalMs);
  }

  /** Rows waiting to be committed. */
  get backlog(): number {
    return this.pending.length;
  }

  /**
   * Resolves once fewer than `maxBatch` rows wait: producers that outrun the disk wait here, so
   * what a crash can lose (and the memory held) stays bounded.
   */
  async room(): Promise<void> {
    while (this.pending.length >= this.maxBatch) {
      if (!this.flushing) this.startFlush();
      await this.flushing;
    }
  }

  /** Commits everything added so far. */
  async flush(): Promise<void> {
    while (this.flushing || this.pending.length > 0) {
      if (this.flushing) await this.flushing;
      else this.startFlush();
    }
  }

  /** Commits what is left; no rows are taken after. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private flushSoon(delayMs: number): void {
    if (this.flushing) return; // the flush in progress schedules the next one
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    if (delayMs <= 0) {
      this.startFlush();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.startFlush();
    }, delayMs);
  }

  private startFlush(): void {
    if (this.flushing || this.pending.length === 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.write(batch).finally(() => {
      this.flushing = null;
      if (this.pending.length === 0) return;
      // Rows that came in during the flush have waited already: their deadline counts from arrival.
      const due = this.pending.length >= this.maxBatch ? 0 : this.oldestAt + this.flushIntervalMs - performance.now();
      this.flushSoon(Math.max(0, due));
    });
  }

  private async write(batch: GenerationWrite[]): Promise<void> {
    if (this.strategy === 'insert-per-row') {
      try {
        for (const row of batch) {
          await this.db.transaction((sql) => insertRow(sql, row, false));
          this.options.onStored([row]);
        }
      } catch (error) {
        this.options.onFailure(error instanceof Error ? error : new Error(String(error)));
      }
      return;
    }
    let stored: GenerationWrite[];
    try {
      await this.db.read((sql) => sql.run(insertBatchSql, { rows: batchJson(batch) }));
      stored = batch;
    } catch {
      // One bad row (a cell stored meanwhile by another path) fails the whole INSERT; row by row
      // with ON CONFLICT keeps the others, and reports only what went in.
      try {
        stored = await this.db.transaction(async (sql) => {
          const inserted: GenerationWrite[] = [];
          for (const row of batch) if (await insertRow(sql, row, true)) inserted.push(row);
          return inserted;
        });
      } catch (error) {
        this.options.onFailure(error instanceof Error ? error : new Error(String(error)));
        return;
      }
    }
    this.options.onStored(stored);
  }
}

/** The generations columns (migration 4) and their types, as the JSON rows carry them. */
const batchColumns = {
  id: 'VARCHAR',
  experiment_id: 'VARCHAR',
  prompt_version_id: 'VARCHAR',
  model_id: 'VARCHAR',
  row_id: 'VARCHAR',
  sample_index: 'INTEGER',
  seed: 'BIGINT',
  cache_key: 'VARCHAR',
  messages: 'VARCHAR',
  params: 'VARCHAR',
  output: 'VARCHAR',
  finish_reason: 'VARCHAR',
  input_tokens: 'INTEGER',
  output_tokens: 'INTEGER',
  latency_ms: 'DOUBLE',
  ttft_ms: 'DOUBLE',
  cost_usd: 'DOUBLE',
  error: 'VARCHAR',
  cached: 'BOOLEAN',
  attempts: 'INTEGER',
  created_at: 'TIMESTAMPTZ',
} as const;

type BatchRow = { [column in keyof typeof batchColumns]: string | number | boolean | null };

const insertBatchSql = `INSERT INTO generations BY NAME
  SELECT unnest(from_json($rows::JSON, '[${JSON.stringify(batchColumns)}]'), recursive := true)`;

/** A generation as the table's columns: the batch's JSON rows and the row-by-row INSERT's parameters. */
function toColumns({ record: row, cacheKey, messagesJson }: GenerationWrite): BatchRow {
  return {
    id: row.id,
    experiment_id: row.experimentId,
    prompt_version_id: row.promptVersionId,
    model_id: row.modelId,
    row_id: row.rowId,
    sample_index: row.sampleIndex,
    seed: row.seed,
    cache_key: cacheKey,
    messages: messagesJson,
    params: JSON.stringify(row.params),
    output: row.output,
    finish_reason: row.finishReason,
    input_tokens: row.inputTokens,
    output_tokens: row.outputTokens,
    latency_ms: row.latencyMs,
    ttft_ms: row.timeToFirstTokenMs,
    cost_usd: row.costUsd,
    error: row.error === null ? null : JSON.stringify(row.error),
    cached: row.cached,
    attempts: row.attempts,
    created_at: row.createdAt,
  };
}

function batchJson(batch: readonly GenerationWrite[]): string {
  return JSON.stringify(batch.map(toColumns));
}

const columnNames = Object.keys(batchColumns);
const insertRowSql = (skipConflicts: boolean) =>
  `INSERT INTO generations (${columnNames.join(', ')})
   VALUES (${columnNames.map((name) => (name === 'created_at' ? '$created_at::TIMESTAMPTZ' : `$${name}`)).join(', ')})
   ${skipConflicts ? 'ON CONFLICT DO NOTHING' : ''}`;

/** Returns whether the row went in (false: the cell or id was already stored). */
async function insertRow(sql: Sql, write: GenerationWrite, skipConflicts: boolean): Promise<boolean> {
  await sql.run(insertRowSql(skipConflicts), toColumns(write));
  if (!skipConflicts) return true;
  const found = await sql.one('SELECT 1 AS found FROM generations WHERE id = $id', { id: write.record.id });
  return found !== undefined;
}
