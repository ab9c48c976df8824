import { getQuickJS, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime, type QuickJSWASMModule } from 'quickjs-emscripten';
import type { ScoreResult } from '../../../shared/contract/scoring.js';
import type { ScoreInput } from './scorers.js';

/** Memory a scorer may use; past it the call fails with an out-of-memory error, the app does not. */
const memoryLimitBytes = 32 * 1024 * 1024;
/** After this many time-outs in a row a scorer is skipped (recorded as such) until it is saved again. */
const maxConsecutiveTimeouts = 3;
/** Time to compile a scorer (not counted against its own limit). */
const compileAllowanceMs = 2_000;

interface Compiled {
  runtime: QuickJSRuntime;
  context: QuickJSContext;
  call: QuickJSHandle;
}

/**
 * Custom JavaScript scorers run in QuickJS compiled to WebAssembly: a separate engine with no
 * Node, no `require`, no file system or network, a memory limit, and an interrupt that ends the
 * script at its time limit. Node's `vm` was the alternative, but it shares the process's objects
 * (a script reaches `process` through any constructor) and cannot stop a loop without blocking.
 *
 * `code` is the body of `function (output, context)`; it returns a boolean, a number from 0 to 1
 * or `{ pass, score, reason }`. A script that throws, loops or returns something else yields an
 * error score, never an exception in the run.
 */
export class ScriptSandbox {
  private readonly compiled = new Map<string, Compiled>();
  /** Time-outs in a row, per script. */
  private readonly timeouts = new Map<string, number>();

  private constructor(private readonly quickjs: QuickJSWASMModule) {}

  static async create(): Promise<ScriptSandbox> {
    return new ScriptSandbox(await getQuickJS());
  }

  run(code: string, input: ScoreInput, timeoutMs: number): ScoreResult {
    const timeouts = this.timeouts.get(code) ?? 0;
    if (timeouts >= maxConsecutiveTimeouts) {
      return error(`Skipped: this scorer ran past its ${timeoutMs} ms limit ${timeouts} times in a row. Fix it and save the scorers again.`);
    }
    let entry = this.compiled.get(code);
    if (!entry) {
      // Compiling has its own allowance: only the scorer's own run counts against its limit.
      const made = this.compile(code, Date.now() + compileAllowanceMs);
      if (typeof made === 'string') return error(made);
      entry = made;
      this.compiled.set(code, entry);
    }
    const { context } = entry;
    const deadline = Date.now() + timeoutMs;
    entry.runtime.setInterruptHandler(() => Date.now() > deadline);
    const argument = context.newString(JSON.stringify({ output: input.output, context: scriptContext(input) }));
    const result = context.callFunction(entry.call, context.undefined, argument);
    argument.dispose();
    if (result.error) {
      const thrown = context.dump(result.error) as { name?: string; message?: string } | string;
      result.error.dispose();
      const message = typeof thrown === 'object' && thrown !== null ? `${thrown.name ?? 'Error'}: ${thrown.message ?? ''}` : String(thrown);
      if (Date.now() > deadline && /interrupted/i.test(message)) {
        // The engine was stopped mid-run: its state may be anything, so the next call starts afresh.
        this.dispose(code);
        this.timeouts.set(code, timeouts + 1);
        return error(`The scorer ran past its ${timeoutMs} ms limit and was stopped.`);
      }
      this.timeouts.delete(code);
      return error(`The scorer threw ${message}`);
    }
    const returned = context.getString(result.value);
    result.value.dispose();
    this.timeouts.delete(code);
    return normalize(returned === 'undefined' ? undefined : (JSON.parse(returned) as unknown));
  }

  /** Forgets time-outs, e.g. when the scorers are saved again. */
  reset(): void {
    this.timeouts.clear();
  }

  close(): void {
    for (const code of [...this.compiled.keys()]) this.dispose(code);
  }

  private compile(code: string, deadline: number): Compiled | string {
    const runtime = this.quickjs.newRuntime();
    runtime.setMemoryLimit(memoryLimitBytes);
    runtime.setMaxStackSize(1024 * 1024);
    runtime.setInterruptHandler(() => Date.now() > deadline);
    const context = runtime.newContext();
    // The user's code is a function body; the wrapper hands it plain data and returns JSON text.
    const source = `(function (__input) {
      const __args = JSON.parse(__input);
      const __scorer = function (output, context) {\n${code}\n};
      const __value = __scorer(__args.output, __args.context);
      return __value === undefined ? 'undefined' : JSON.stringify(__value);
    })`;
    const compiled = context.evalCode(source, 'scorer.js');
    if (compiled.error) {
      const problem = context.dump(compiled.error) as { message?: string } | string;
      compiled.error.dispose();
      context.dispose();
      runtime.dispose();
      return `The scorer does not compile: ${typeof problem === 'object' && problem !== null ? (problem.message ?? '') : String(problem)}`;
    }
    return { runtime, context, call: compiled.value };
  }

  private dispose(code: string): void {
    const entry = this.compiled.get(code);
    if (!entry) return;
    this.compiled.delete(code);
    entry.call.dispose();
    entry.context.dispose();
    entry.runtime.dispose();
  }
}

/** What the script gets as its second argument: plain data, nothing it can call. */
function scriptContext(input: ScoreInput) {
  return {
    reference: input.reference,
    context: input.context,
    question: input.question,
    variables: input.variables,
    latencyMs: input.latencyMs,
    costUsd: input.costUsd,
    inputTokens: input.inputTokens,
    outputTokens: input.outputTokens,
  };
}

function normalize(value: unknown): ScoreResult {
  if (typeof value === 'boolean') return { pass: value, score: value ? 1 : 0, reason: value ? 'Returned true' : 'Returned false', error: null };
  if (typeof value === 'number' && Number.isFinite(value)) {
    const score = Math.min(1, Math.max(0, value));
    return { pass: score >= 0.5, score, reason: `Returned ${value}`, error: null };
  }
  if (value && typeof value === 'object' && typeof (value as { pass?: unknown }).pass === 'boolean') {
    const { pass, score, reason } = value as { pass: boolean; score?: unknown; reason?: unknown };
    const number = typeof score === 'number' && Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : pass ? 1 : 0;
    return { pass, score: number, reason: typeof reason === 'string' ? reason.slice(0, 1000) : pass ? 'Passed' : 'Failed', error: null };
  }
  return error(`The scorer returned ${JSON.stringify(value)?.slice(0, 80) ?? 'undefined'}; return true/false, a number from 0 to 1, or { pass, score, reason }.`);
}

function error(message: string): ScoreResult {
  return { pass: false, score: null, reason: message, error: message };
}
