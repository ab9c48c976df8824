import type { ExperimentProgress } from '../../shared/contract/experiments.js';
import { count, formatUsd } from './run-summary.js';

/** process.stdout or process.stderr, or a stand-in. */
export interface TextOut {
  write(text: string, done?: (error?: Error | null) => void): unknown;
  isTTY?: boolean;
}

/**
 * The run's progress on stderr: one line redrawn in place on a terminal; on a pipe (a CI log)
 * a plain line at every tenth of the run and at most every 5 s between, so logs stay short.
 */
export class ProgressLine {
  private shown = false;
  private lastTenth = -1;
  private lastPlainAt = 0;
  private lastDrawAt = 0;
  private latest: ExperimentProgress | null = null;

  constructor(
    private readonly out: TextOut,
    private readonly label: string,
    private readonly now: () => number = () => performance.now(),
  ) {}

  update(progress: ExperimentProgress): void {
    this.latest = progress;
    const at = this.now();
    if (this.out.isTTY) {
      // Redrawing on every event would cost more than the run at thousands of cells a second.
      if (at - this.lastDrawAt < 80 && !isFinal(progress)) return;
      this.lastDrawAt = at;
      this.out.write(`\r\x1b[2K${this.text(progress)}`);
      this.shown = true;
      return;
    }
    const done = progress.succeeded + progress.failed;
    const tenth = progress.total === 0 ? 10 : Math.floor((done / progress.total) * 10);
    if (tenth > this.lastTenth || at - this.lastPlainAt >= 5000) {
      this.lastTenth = tenth;
      this.lastPlainAt = at;
      this.out.write(`${this.text(progress)}\n`);
    }
  }

  /** A message that must not be drawn over (a warning, a setup step). */
  note(text: string): void {
    if (this.out.isTTY && this.shown) this.out.write('\r\x1b[2K');
    this.out.write(`${text}\n`);
    if (this.out.isTTY && this.shown && this.latest) this.out.write(this.text(this.latest));
  }

  /** Leaves the last state on screen and moves past it. */
  finish(progress: ExperimentProgress | null): void {
    const last = progress ?? this.latest;
    if (this.out.isTTY) {
      if (last) this.out.write(`\r\x1b[2K${this.text(last)}\n`);
      else if (this.shown) this.out.write('\n');
    } else if (last && (last.succeeded + last.failed < last.total || this.lastTenth < 10)) {
      this.out.write(`${this.text(last)}\n`);
    }
    this.shown = false;
  }

  private text(p: ExperimentProgress): string {
    const done = p.succeeded + p.failed;
    const percent = p.total === 0 ? 100 : Math.floor((done / p.total) * 100);
    const parts = [
      `${this.label}: ${count(done)}/${count(p.total)} cells (${percent}%)`,
      `${count(p.succeeded)} ok`,
      `${count(p.failed)} failed`,
      `${count(p.cached)} cached`,
    ];
    if (p.inFlight > 0) parts.push(`${count(p.inFlight)} in flight`);
    if (p.tokensPerSecond !== null) parts.push(`${count(Math.round(p.tokensPerSecond))} tok/s`);
    if (p.costUsd > 0) parts.push(formatUsd(p.costUsd));
    if (p.etaSeconds !== null && p.state === 'running' && done < p.total) parts.push(`ETA ${formatEta(p.etaSeconds)}`);
    if (p.state !== 'running') parts.push(p.state);
    return parts.join(' · ');
  }
}

function isFinal(progress: ExperimentProgress): boolean {
  return progress.state !== 'running' || progress.succeeded + progress.failed >= progress.total;
}

function formatEta(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${Math.round(seconds % 60)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
