import type { FinishReason, GenerationError, GenerationRequest, GenerationResult } from '../../../../shared/contract/generation.js';
import type { Prices, RemoteProvider } from '../../../../shared/contract/models.js';
import { silentLogger } from '../../logger.js';
import type { Logger } from '../../types.js';
import { costOf } from '../cost.js';
import type { GenerateOptions, Provider } from '../provider.js';
import { endpointLabel, remoteProviderId, resolveBaseUrl } from './endpoint.js';
import {
  compatibleOptionsName,
  createLanguageModel,
  type ChatModel,
  type ModelPartReader,
  type ProviderCallOptions,
  type ProviderWarning,
} from './language-model.js';
import { scrubSecrets, toGenerationError } from './remote-errors.js';

export interface RemoteProviderOptions {
  provider: RemoteProvider;
  /** Null or absent: the provider's public API (required for 'openai-compatible'). */
  baseUrl?: string | null;
  model: string;
  prices: Prices;
  /** Absent: no key (fine for a local OpenAI-compatible server; an AUTH error for the hosted APIs). */
  apiKey?: string;
  /** The name the key is kept under, for the words of a "no key" error. */
  apiKeyName?: string;
  /**
   * Longest wait for the response to start or, when streaming, for the next chunk; when not
   * streaming, for the whole response. Default 120 s.
   */
  timeoutMs?: number;
  /** Stream tokens as they come (default) or ask for the whole answer at once. */
  streaming?: boolean;
  /** Gets settings the backend ignored and missing usage, once each; never a key or model output. */
  logger?: Logger;
}

export interface RemoteModelProvider extends Provider {
  readonly provider: RemoteProvider;
  readonly baseUrl: string;
  readonly model: string;
  /** Who this talks to, in words: "OpenAI", "the server at http://127.0.0.1:8000/v1". */
  readonly label: string;
}

export const defaultRemoteTimeoutMs = 120_000;

/**
 * A Provider over the AI SDK's provider packages (@ai-sdk/openai, -openai-compatible, -anthropic,
 * -google), which own each wire format. We call their model interface (`doStream`/`doGenerate`)
 * rather than `streamText`: measured on Node 20, streamText's extra stream stages (tools, steps,
 * telemetry) cost ~0.1 ms of CPU per chunk on the process that also owns DuckDB, 3x the
 * provider's own parsing, for features a single chat turn does not use. It would also retry on
 * its own; here the experiment runner owns retries (see retryDelay).
 *
 * Throws AppError('INVALID_INPUT') for a missing or malformed base URL; `generate` itself never throws.
 */
export function createRemoteProvider(options: RemoteProviderOptions): RemoteModelProvider {
  const { provider, model, prices } = options;
  const baseUrl = resolveBaseUrl(provider, options.baseUrl);
  const apiKey = options.apiKey?.trim() || undefined;
  const label = endpointLabel(provider, baseUrl);
  const timeoutMs = options.timeoutMs ?? defaultRemoteTimeoutMs;
  const streaming = options.streaming ?? true;
  const logger = options.logger ?? silentLogger;
  const id = remoteProviderId(provider, baseUrl, model);
  const secrets = apiKey ? [apiKey] : [];

  let languageModel: Promise<ChatModel> | null = null;
  let loadedModel: ChatModel | null = null;
  const loadModel = () =>
    (languageModel ??= createLanguageModel({ provider, baseUrl, model, apiKey }).then((loaded) => (loadedModel = loaded)));

  const told = new Set<string>();
  const warnOnce = (message: string) => {
    if (told.has(message)) return;
    told.add(message);
    logger.warn(scrubSecrets(message, secrets), { provider: id });
  };

  const generate = async (request: GenerationRequest, generateOptions: GenerateOptions = {}): Promise<GenerationResult> => {
    const { signal, onDelta } = generateOptions;
    const idleTimeoutMs = generateOptions.idleTimeoutMs ?? timeoutMs;
    const run = new RunState();
    if (signal?.aborted) return run.failed({ code: 'CANCELLED', message: 'Cancelled.', retryable: false });
    if (!apiKey && provider !== 'openai-compatible') {
      const where = options.apiKeyName ? `: add ${options.apiKeyName}` : '';
      return run.failed({ code: 'AUTH', message: `No API key is set for ${label}${where}.`, retryable: false });
    }

    // One controller for both ways a call stops early, so the error says which it was.
    const controller = new AbortController();
    let stoppedBy: 'cancelled' | 'timeout' | null = null;
    let reader: ModelPartReader | undefined;
    const stop = (why: 'cancelled' | 'timeout') => {
      if (stoppedBy) return;
      stoppedBy = why;
      controller.abort();
      // Ends a pending read at once, whatever the stream stages below do with the abort.
      reader?.cancel().catch(() => {});
    };
    const onAbort = () => stop('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const fail = (error: unknown) => run.failed(toGenerationError(error, { label, secrets, timeoutMs: idleTimeoutMs, stoppedBy }));

    try {
      let chatModel: ChatModel;
      try {
        chatModel = loadedModel ?? (await loadModel()); // no await once loaded: it would queue behind other requests' work
      } catch (error) {
        languageModel = null;
        return fail(error);
      }
      if (signal?.aborted) return fail(new Error('aborted'));

      const call: ProviderCallOptions = { ...toCallOptions(request, provider), abortSignal: controller.signal };
      run.start();
      timer = setTimeout(() => stop('timeout'), idleTimeoutMs);

      if (!streaming) {
        // Our fetch rejects at once when the controller aborts (a stop, a timeout), so this never outlives a stop.
        const outcome = await chatModel.generate(call);
        for (const warning of outcome.warnings) warnOnce(warningText(warning));
        run.text = outcome.text;
        run.usage = outcome.usage;
        run.finishReason = outcome.finishReason;
        run.providerMetadata = outcome.providerMetadata;
      } else {
        const started = await chatModel.stream(call);
        reader = started.parts;
        let failure: unknown = undefined;
        let failed = false;
        try {
          for (;;) {
            const next = await reader.read();
            if (next.done || stoppedBy) break;
            timer.refresh(); // the timeout counts from the last chunk
            const part = next.value;
            if (part.type === 'text-delta') {
              if (part.delta.length === 0) continue;
              run.delta(part.delta);
              if (onDelta) deliver(onDelta, part.delta, warnOnce);
            } else if (part.type === 'stream-start') {
              for (const warning of part.warnings) warnOnce(warningText(warning));
            } else if (part.type === 'finish') {
              run.finishReason = part.finishReason;
              run.usage = part.usage;
              run.providerMetadata = part.providerMetadata;
            } else if (part.type === 'error') {
              failure = part.error;
              failed = true;
              break;
            }
          }
        } catch (error) {
          failure = error;
          failed = true;
        } finally {
          // Stop reading, and so release the connection, when we left early.
          reader.cancel().catch(() => {});
        }
        if (stoppedBy) return fail(new Error('stopped'));
        if (failed) return fail(failure);
        // A web page or other non-event body parses as an empty stream; that is not an empty answer.
        if (run.readNothing()) return run.failed(unreadableStream(label, started.contentType));
      }
      if (stoppedBy) return fail(new Error('stopped'));

      const finished = run.succeeded(prices);
      if (finished.usageMissing) warnOnce(`${label} reported no token usage; counting 0 tokens and no cost.`);
      return finished.result;
    } catch (error) {
      return fail(error);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  };

  return { id, provider, baseUrl, model, label, generate };
}

interface Usage {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
}

/** What one call has gathered so far, and how it ends up as a GenerationResult. */
class RunState {
  text = '';
  usage: Usage | undefined;
  finishReason: string | undefined;
  providerMetadata: Record<string, Record<string, unknown>> | undefined;
  private startedAt = performance.now();
  private firstTokenAt: number | null = null;

  start(): void {
    this.startedAt = performance.now();
  }

  delta(text: string): void {
    this.firstTokenAt ??= performance.now();
    this.text += text;
  }

  succeeded(prices: Prices): { result: GenerationResult; usageMissing: boolean } {
    const endedAt = performance.now();
    const usageMissing = this.usage?.inputTokens === undefined && this.usage?.outputTokens === undefined;
    const inputTokens = this.usage?.inputTokens ?? 0;
    const outputTokens = this.usage?.outputTokens ?? 0;
    const decodeMs = this.firstTokenAt === null ? 0 : endedAt - this.firstTokenAt;
    return {
      usageMissing,
      result: {
        output: this.text,
        finishReason: finishReasonOf(this.finishReason, this.providerMetadata),
        inputTokens,
        outputTokens,
        latencyMs: round(endedAt - this.startedAt),
        timeToFirstTokenMs: this.firstTokenAt === null ? null : round(this.firstTokenAt - this.startedAt),
        tokensPerSecond: usageMissing || outputTokens === 0 || decodeMs < 1 ? null : round(outputTokens / (decodeMs / 1000)),
        // Unknown usage means unknown cost, not a free call.
        costUsd: usageMissing ? null : costOf(prices, inputTokens, outputTokens),
        error: null,
      },
    };
  }

  /** True when a stream brought no text, no usage and no finish reason: nothing a server speaking the format sends. */
  readNothing(): boolean {
    const noUsage = this.usage?.inputTokens === undefined && this.usage?.outputTokens === undefined;
    return this.text.length === 0 && noUsage && (this.finishReason === undefined || this.finishReason === 'unknown');
  }

  failed(error: GenerationError): GenerationResult {
    const endedAt = performance.now();
    return {
      output: this.text,
      finishReason: error.code === 'CANCELLED' ? 'cancelled' : 'error',
      inputTokens: 0,
      outputTokens: 0,
      latencyMs: round(endedAt - this.startedAt),
      timeToFirstTokenMs: this.firstTokenAt === null ? null : round(this.firstTokenAt - this.startedAt),
      tokensPerSecond: null,
      costUsd: null,
      error,
    };
  }
}

function unreadableStream(label: string, contentType: string | undefined): GenerationError {
  const sent = contentType && !contentType.includes('text/event-stream') ? ` (it sent ${contentType.split(';')[0]})` : '';
  return {
    code: 'BAD_RESPONSE',
    message: `${label.charAt(0).toUpperCase()}${label.slice(1)} sent no answer this app could read${sent}. Check that the base URL points at the API (for OpenAI-compatible servers it usually ends in /v1).`,
    retryable: false,
  };
}

/** Our chat messages and sampling parameters in the SDK's provider terms; each provider package drops (and warns about) what its API lacks. */
function toCallOptions(request: GenerationRequest, provider: RemoteProvider): Omit<ProviderCallOptions, 'abortSignal'> {
  const { temperature, topP, topK, maxTokens, stop, seed } = request.params;
  const prompt: ProviderCallOptions['prompt'] = request.messages.map((message) =>
    message.role === 'system'
      ? { role: 'system', content: message.content }
      : { role: message.role, content: [{ type: 'text', text: message.content }] },
  );
  // OpenAI-compatible servers (vLLM, llama.cpp, LM Studio, OpenRouter, Together) take top_k as an extra field.
  const compatibleTopK = provider === 'openai-compatible' && topK !== undefined;
  return {
    prompt,
    temperature,
    maxOutputTokens: maxTokens,
    ...(topP === undefined ? {} : { topP }),
    ...(topK === undefined || compatibleTopK ? {} : { topK }),
    ...(stop.length > 0 ? { stopSequences: stop } : {}),
    ...(seed === undefined ? {} : { seed }),
    ...(compatibleTopK ? { providerOptions: { [compatibleOptionsName]: { top_k: topK } } } : {}),
  };
}

function finishReasonOf(reason: string | undefined, metadata: Record<string, Record<string, unknown>> | undefined): FinishReason {
  switch (reason) {
    case 'stop': {
      // Only Anthropic says which stop sequence ended the text; elsewhere it reads as 'stop'.
      const stopSequence = metadata?.anthropic?.stopSequence;
      return typeof stopSequence === 'string' && stopSequence.length > 0 ? 'stop-sequence' : 'stop';
    }
    case 'length':
      return 'length';
    case 'content-filter':
      return 'content-filter';
    case 'error':
      return 'error';
    default:
      return 'other';
  }
}

function warningText(warning: ProviderWarning): string {
  switch (warning.type) {
    case 'unsupported-setting':
      return `ignored setting ${warning.setting}${warning.details ? `: ${warning.details}` : ' (not supported by this provider)'}`;
    case 'unsupported-tool':
      return `ignored a tool${warning.details ? `: ${warning.details}` : ''}`;
    case 'other':
      return warning.message;
  }
}

/** A listener that throws must not end the generation. */
function deliver(onDelta: (text: string) => void, text: string, warn: (message: string) => void): void {
  try {
    onDelta(text);
  } catch (error) {
    warn(`an onDelta listener threw: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
