import type { Api } from '../../../shared/contract/api.js';
import type { QueueItem, QueuePage, RubricCriterion, SubmitInput } from '../../../shared/contract/labeling.js';
import { describeError } from '../../lib/describe-error.js';
import { outboxKey, readOutbox, writeOutbox, type StoredOp } from './outbox-storage.js';
import { draftFromJudgment, emptyDraft, toVerdict, type Draft, type ItemKind } from './verdict-draft.js';

export type Reveal = Awaited<ReturnType<Api['labeling']['submit']>>['reveal'];

/** An item in hand, with what the annotator has decided about it so far. */
export interface Entry {
  item: QueueItem;
  draft: Draft;
  /** Time already spent on it before (it came back after an undo). */
  priorMs: number;
  /** When it reached the front; null while it waits. */
  shownAt: number | null;
  /** Brought back by an undo: the previous choice is pre-filled. */
  restored: boolean;
}

/** What a retract needs: the judgment's id once its submit is confirmed. */
interface Saved {
  localId: number;
  judgmentId: string | null;
}

/** A judgment made in this session, newest last: what undo takes back and what the reveal describes. */
export interface Made extends Saved {
  item: QueueItem;
  draft: Draft;
  durationMs: number;
  reveal: Reveal | null;
}

type Op = { type: 'submit'; made: Made; input: SubmitInput } | { type: 'retract'; made: Saved };

export interface Counts {
  done: number;
  remaining: number;
  total: number;
}

export interface SessionSnapshot {
  phase: 'loading' | 'labeling' | 'finished' | 'error';
  current: Entry | undefined;
  /** Items ready behind the current one (fetched ahead, or skipped earlier). */
  ready: number;
  skipped: number;
  counts: Counts | undefined;
  /** Judgments and undos not yet confirmed by the backend. */
  unsaved: number;
  failure: { message: string; attempts: number; retryAt: number } | undefined;
  /** The newest judgment of this session still standing, with its reveal once saved. */
  last: Made | undefined;
  canUndo: boolean;
  loadError: string | undefined;
}

export interface SessionConfig {
  taskSetId: string;
  annotatorId: string;
  kind: ItemKind;
  rubric: readonly RubricCriterion[];
}

/** Items ready ahead of the current one, so the next is on screen the moment a key is pressed. */
const readyAhead = 3;
const pageSize = 8;
const retryDelaysMs = [1000, 2000, 4000, 8000, 15000];
const countsRefreshDelayMs = 1500;

/**
 * One annotator's session in one task set, independent of React (it outlives the view: switching
 * screens or task sets never drops a judgment that is still being sent).
 *
 * - A buffer of items fetched ahead (`queue` with everything in hand excluded), skipped ones at the end.
 * - A write-behind outbox, sent strictly in order: submit, retract (undo), submit again. The screen
 *   moves on at once; a failure is retried with backoff and shown, never dropped (also kept in
 *   localStorage until the backend confirms it).
 * - Progress counts from the backend, plus what this session did since they were read.
 */
export class LabelingSession {
  private fresh: Entry[] = [];
  private skippedItems: Entry[] = [];
  private made: Made[] = [];
  private ops: Op[] = [];
  private sending = false;
  private failure: SessionSnapshot['failure'];
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private fetching = false;
  private exhausted = false;
  private loadError: string | undefined;
  private loaded = false;
  private fetchFailures = 0;
  private fetchTimer: ReturnType<typeof setTimeout> | undefined;
  private countsTimer: ReturnType<typeof setTimeout> | undefined;
  private base: Counts | undefined;
  /** Judgments this session made (+1) or took back (−1) that `base` does not know about. */
  private delta = 0;
  /** Bumps on every submit or undo, so an answer asked for before one is not trusted for counts. */
  private mutations = 0;
  private nextLocalId = 1;
  private listeners = new Set<() => void>();
  private snapshot: SessionSnapshot;
  private readonly storageKey: string;

  constructor(
    private readonly api: Api,
    readonly config: SessionConfig,
  ) {
    this.storageKey = outboxKey(config.taskSetId, config.annotatorId);
    this.restoreOutbox();
    this.snapshot = this.build();
    this.refill();
    this.pump();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionSnapshot => this.snapshot;

  /** Changes the current item's draft (a key press or a click). */
  updateDraft(update: (draft: Draft) => Draft): void {
    const entry = this.front();
    if (!entry) return;
    entry.draft = update(entry.draft);
    this.emit();
  }

  /** Saves the current item's judgment and shows the next item at once; false while the verdict is incomplete. */
  submit(): boolean {
    const entry = this.front();
    if (!entry) return false;
    const verdict = toVerdict(entry.item, entry.draft.verdict, this.config.rubric);
    if (!verdict) return false;
    const durationMs = Math.min(86_400_000, Math.max(0, Math.round(entry.priorMs + (entry.shownAt === null ? 0 : Date.now() - entry.shownAt))));
    const made: Made = { localId: this.nextLocalId++, item: entry.item, draft: entry.draft, durationMs, judgmentId: null, reveal: null };
    const input: SubmitInput = {
      // Made here, so a submit retried after a lost answer is saved once.
      judgmentId: crypto.randomUUID(),
      itemId: entry.item.itemId,
      annotatorId: this.config.annotatorId,
      shownOrder: entry.item.outputs.map((output) => output.generationId),
      verdict,
      rationale: entry.draft.rationale.trim(),
      tags: entry.draft.tags,
      flagged: entry.draft.flagged,
      durationMs,
    };
    this.removeFront();
    this.made.push(made);
    this.ops.push({ type: 'submit', made, input });
    this.delta++;
    this.mutations++;
    this.afterChange();
    return true;
  }

  /** Undo: the newest judgment is withdrawn (in the background) and its item is back in front, choice pre-filled. */
  undo(): boolean {
    const made = this.made.pop();
    if (!made) return false;
    const queued = this.ops.findIndex((op) => op.type === 'submit' && op.made === made);
    const inFlight = queued === 0 && this.sending;
    if (queued >= 0 && !inFlight) {
      // Never confirmed: it is simply not sent (a failed attempt was refused, so nothing was stored).
      this.ops.splice(queued, 1);
      if (queued === 0) this.clearFailure();
    } else {
      this.ops.push({ type: 'retract', made });
    }
    this.pauseFront();
    this.fresh.unshift({ item: made.item, draft: made.draft, priorMs: made.durationMs, shownAt: null, restored: true });
    this.delta--;
    this.mutations++;
    this.exhausted = false;
    this.afterChange();
    return true;
  }

  /** Skip: the current item goes to the end of this session's queue. */
  skip(): boolean {
    const entry = this.front();
    if (!entry || this.fresh.length + this.skippedItems.length < 2) return false;
    this.pauseFront();
    this.removeFront();
    this.skippedItems.push(entry);
    this.afterChange();
    return true;
  }

  /** Sends the outbox now instead of at the next retry, and asks for items again if that failed. */
  retryNow(): void {
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
    this.pump();
    if (this.loadError || this.fetchTimer) {
      clearTimeout(this.fetchTimer);
      this.fetchTimer = undefined;
      this.refill(true);
    }
  }

  /** Something changed elsewhere (another window, the event line came back): counts are read again. */
  refreshCounts(): void {
    this.scheduleCountsRefresh();
  }

  // ----------------------------------------------------------------------------------------------

  private front(): Entry | undefined {
    return this.fresh[0] ?? this.skippedItems[0];
  }

  private removeFront(): void {
    if (this.fresh.length > 0) this.fresh.shift();
    else this.skippedItems.shift();
  }

  /** Time spent so far stays with the item when it leaves the front (skip, undo). */
  private pauseFront(): void {
    const entry = this.front();
    if (!entry || entry.shownAt === null) return;
    entry.priorMs += Date.now() - entry.shownAt;
    entry.shownAt = null;
  }

  private afterChange(): void {
    this.persistOutbox();
    this.refill();
    this.pump();
    this.emit();
  }

  private held(): Entry[] {
    return [...this.fresh, ...this.skippedItems];
  }

  /** Fetches ahead when fewer than `readyAhead` items wait behind the current one. */
  private refill(force = false): void {
    if (this.fetching || (this.fetchTimer && !force)) return;
    const waiting = this.fresh.length - 1;
    if (!force && (this.exhausted || waiting >= readyAhead)) return;
    const held = this.held();
    const exclude = new Set(held.map((entry) => entry.item.itemId));
    for (const op of this.ops) if (op.type === 'submit') exclude.add(op.input.itemId);
    const askedAt = { mutations: this.mutations, idle: this.ops.length === 0 };
    const limit = Math.max(1, Math.min(50, pageSize - Math.max(0, this.fresh.length)));
    this.fetching = true;
    this.api.labeling
      .queue({ taskSetId: this.config.taskSetId, annotatorId: this.config.annotatorId, limit, exclude: [...exclude].slice(0, 10_000) })
      .then(
        (page) => {
          this.fetching = false;
          this.fetchFailures = 0;
          this.loadError = undefined;
          this.loaded = true;
          this.acceptPage(page, limit, askedAt);
          this.refill();
          this.emit();
        },
        (reason: unknown) => {
          this.fetching = false;
          this.fetchFailures++;
          this.loadError = describeError(reason);
          // Whatever is in hand can still be labeled; more is asked for again later.
          const delay = retryDelaysMs[Math.min(this.fetchFailures - 1, retryDelaysMs.length - 1)]!;
          this.fetchTimer = setTimeout(() => {
            this.fetchTimer = undefined;
            this.refill(true);
          }, delay);
          this.emit();
        },
      );
  }

  private acceptPage(page: QueuePage, limit: number, askedAt: { mutations: number; idle: boolean }): void {
    // An item judged in this session (and not undone) never comes back in it, whatever an answer
    // that crossed a submit on the way says.
    const known = new Set([...this.held().map((entry) => entry.item.itemId), ...this.made.map((made) => made.item.itemId)]);
    for (const item of page.items) {
      // A count refresh asks for one item even when the buffer is full; it can wait for its turn.
      if (known.has(item.itemId) || this.fresh.length >= pageSize + readyAhead) continue;
      known.add(item.itemId);
      const draft = item.current ? draftFromJudgment(item, item.current, this.config.kind, this.config.rubric) : emptyDraft(this.config.kind, this.config.rubric);
      this.fresh.push({ item, draft, priorMs: 0, shownAt: null, restored: false });
    }
    this.exhausted = page.items.length < limit;
    // `remaining` counts every item still open to this annotator, the excluded ones (in hand) included.
    const counts = { done: page.done, total: page.total, remaining: page.remaining };
    const trusted = askedAt.idle && this.ops.length === 0 && askedAt.mutations === this.mutations;
    if (trusted || !this.base) {
      this.base = counts;
      this.delta = trusted ? 0 : this.pendingSubmitDelta();
    }
  }

  /** Before any trusted count: judgments still in the outbox are not in the backend's numbers. */
  private pendingSubmitDelta(): number {
    return this.ops.reduce((sum, op) => sum + (op.type === 'submit' ? 1 : -1), 0);
  }

  private scheduleCountsRefresh(): void {
    clearTimeout(this.countsTimer);
    this.countsTimer = setTimeout(() => {
      this.countsTimer = undefined;
      if (this.ops.length === 0) this.refill(true);
    }, countsRefreshDelayMs);
  }

  /** Sends the outbox, one operation at a time, in order. */
  private pump(): void {
    if (this.sending || this.retryTimer) return;
    const op = this.ops[0];
    if (!op) return;
    this.sending = true;
    const sent =
      op.type === 'submit'
        ? this.api.labeling.submit(op.input).then((result) => {
            op.made.judgmentId = result.judgment.id;
            op.made.reveal = result.reveal;
          })
        : this.api.labeling.retract({ judgmentId: op.made.judgmentId! }).then(() => {
            op.made.judgmentId = null;
          });
    sent.then(
      () => {
        this.sending = false;
        this.ops.shift();
        this.clearFailure();
        this.persistOutbox();
        if (this.ops.length === 0) this.scheduleCountsRefresh();
        this.emit();
        this.pump();
      },
      (reason: unknown) => {
        this.sending = false;
        const attempts = (this.failure?.attempts ?? 0) + 1;
        const delay = retryDelaysMs[Math.min(attempts - 1, retryDelaysMs.length - 1)]!;
        this.failure = { message: describeError(reason), attempts, retryAt: Date.now() + delay };
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.pump();
        }, delay);
        this.emit();
      },
    );
  }

  private clearFailure(): void {
    this.failure = undefined;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
  }

  private persistOutbox(): void {
    const stored: StoredOp[] = [];
    for (const op of this.ops) {
      if (op.type === 'submit') stored.push({ type: 'submit', localId: String(op.made.localId), input: op.input, item: op.made.item });
      else if (op.made.judgmentId) stored.push({ type: 'retract', localId: String(op.made.localId), judgmentId: op.made.judgmentId });
      // A retract waiting for its own submit is stored with the submit: after a reload both cancel out.
      else {
        const index = stored.findIndex((entry) => entry.type === 'submit' && entry.localId === String(op.made.localId));
        if (index >= 0) stored.splice(index, 1);
      }
    }
    writeOutbox(this.storageKey, stored);
  }

  /** Judgments a previous window did not get to send go first. */
  private restoreOutbox(): void {
    for (const stored of readOutbox(this.storageKey)) {
      const localId = this.nextLocalId++;
      // Restored operations are sent, never shown or undone.
      if (stored.type === 'retract') this.ops.push({ type: 'retract', made: { localId, judgmentId: stored.judgmentId } });
      else {
        const draft = emptyDraft(this.config.kind, this.config.rubric);
        this.ops.push({ type: 'submit', input: stored.input, made: { localId, item: stored.item, draft, durationMs: 0, judgmentId: null, reveal: null } });
      }
    }
  }

  private build(): SessionSnapshot {
    const current = this.front();
    if (current && current.shownAt === null) current.shownAt = Date.now();
    const counts = this.base ? { done: Math.max(0, this.base.done + this.delta), remaining: Math.max(0, this.base.remaining - this.delta), total: this.base.total } : undefined;
    const phase = current ? 'labeling' : !this.loaded ? (this.loadError ? 'error' : 'loading') : this.fetching || !this.exhausted ? 'loading' : 'finished';
    return {
      phase,
      current: current ? { ...current } : undefined,
      ready: Math.max(0, this.fresh.length + this.skippedItems.length - 1),
      skipped: this.skippedItems.length,
      counts,
      unsaved: this.ops.length,
      failure: this.failure,
      last: this.made.at(-1) ? { ...this.made.at(-1)! } : undefined,
      canUndo: this.made.length > 0,
      loadError: this.loadError,
    };
  }

  private emit(): void {
    this.snapshot = this.build();
    for (const listener of this.listeners) listener();
  }
}

const sessions = new Map<string, LabelingSession>();

/** Sessions live as long as the page: a judgment still being sent keeps going when the view changes. */
export function sessionFor(api: Api, config: SessionConfig): LabelingSession {
  const key = `${config.taskSetId}|${config.annotatorId}`;
  let session = sessions.get(key);
  if (!session) {
    session = new LabelingSession(api, config);
    sessions.set(key, session);
  }
  return session;
}
