import type { LlamaContext, LlamaContextSequence } from 'node-llama-cpp';

/** A context's sequences, one per parallel generation; further requests wait their turn (FIFO). */
export class SequencePool {
  private readonly free: LlamaContextSequence[] = [];
  private readonly waiting: { resolve: (sequence: LlamaContextSequence) => void; reject: (reason: unknown) => void }[] = [];

  constructor(context: LlamaContext) {
    for (let i = 0; i < context.totalSequences; i++) this.free.push(context.getSequence());
  }

  acquire(signal: AbortSignal): Promise<LlamaContextSequence> {
    if (signal.aborted) return Promise.reject(signal.reason);
    const sequence = this.free.pop();
    if (sequence) return Promise.resolve(sequence);
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (s: LlamaContextSequence) => {
          signal.removeEventListener('abort', onAbort);
          resolve(s);
        },
        reject,
      };
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  release(sequence: LlamaContextSequence): void {
    const next = this.waiting.shift();
    if (next) next.resolve(sequence);
    else this.free.push(sequence);
  }

  /** Fails every waiter (the model is being unloaded). */
  close(reason: unknown): void {
    for (const waiter of this.waiting.splice(0)) waiter.reject(reason);
  }
}
