/**
 * Batches streamed text so IPC does not cost throughput: a tiny model makes 1,000+ tokens a
 * second, and one message per token would spend more time in serialization than in llama.cpp.
 * The first text goes out at once (time to first token stays honest); after that, at most one
 * message per interval.
 */
export class DeltaCoalescer {
  private buffer = '';
  private timer: NodeJS.Timeout | undefined;
  private sentFirst = false;

  constructor(
    private readonly emit: (text: string) => void,
    private readonly intervalMs = 16,
  ) {}

  push(text: string): void {
    if (text === '') return;
    this.buffer += text;
    if (!this.sentFirst) {
      this.sentFirst = true;
      this.flush();
    } else {
      this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
    }
  }

  /** Sends what is buffered now (call before the final result so no text arrives after it). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer === '') return;
    const text = this.buffer;
    this.buffer = '';
    this.emit(text);
  }
}
