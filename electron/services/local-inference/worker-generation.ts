import { LlamaChat, type ChatWrapper, type LlamaChatResponse, type LlamaContextSequence, type LlamaModel } from 'node-llama-cpp';
import type { FinishReason, SamplingParams } from '../../../shared/contract/generation.js';
import type { ChatMessage } from '../../../shared/contract/prompts.js';
import { toChatHistory } from './chat-history.js';
import { DeltaCoalescer } from './delta-coalescer.js';
import type { WorkerGeneration } from './worker-protocol.js';

export class PromptTooLongError extends Error {
  override name = 'PromptTooLongError';
}

export interface GenerationTarget {
  model: LlamaModel;
  chatWrapper: ChatWrapper;
  contextSize: number;
}

/** The formatted prompt's token count: exactly the tokens llama.cpp evaluates before generating. */
export function promptTokenCount(target: GenerationTarget, messages: readonly ChatMessage[]): number {
  const { contextText } = target.chatWrapper.generateContextState({ chatHistory: toChatHistory(messages) });
  return contextText.tokenize(target.model.tokenizer).length;
}

/** One chat completion on a sequence this call owns until it returns. Runs inside the worker. */
export async function generateOnSequence(
  target: GenerationTarget,
  sequence: LlamaContextSequence,
  messages: readonly ChatMessage[],
  params: SamplingParams,
  signal: AbortSignal,
  onDelta: (text: string) => void,
): Promise<WorkerGeneration> {
  // A cold sequence each time: reusing a cached prefix would make a seeded run depend on what
  // ran before it (different batch splits give slightly different logits).
  await sequence.clearHistory();
  const history = toChatHistory(messages);
  const inputTokens = promptTokenCount(target, messages);
  const room = target.contextSize - inputTokens;
  if (room <= 0) {
    throw new PromptTooLongError(
      `The prompt is ${inputTokens} tokens but the model’s context holds ${target.contextSize}; raise the context size or shorten the prompt.`,
    );
  }

  const chat = new LlamaChat({ contextSequence: sequence, chatWrapper: target.chatWrapper });
  const deltas = new DeltaCoalescer(onDelta);
  // Output tokens are what the model sampled, read from the sequence's token meter. onToken's
  // tokens are not: around a stop trigger (custom or the chat wrapper's own) LlamaChat re-tokenizes
  // the text it keeps (getQueuedTokensBeforeStopTrigger, ignore-start-text), so their count can
  // fall short of what was generated, or pass it, up to more than the max tokens asked for (the
  // Playground once showed 62 for 60). The meter counts each sampled token once.
  const meterBefore = sequence.tokenMeter.getState();
  let firstTokenAt: number | null = null;
  let response: LlamaChatResponse;
  try {
    response = await chat.generateResponse(history, {
      // Never more than the context holds: past that node-llama-cpp would shift the context and
      // silently drop the start of the prompt, which makes an A/B comparison meaningless.
      maxTokens: Math.min(params.maxTokens, room),
      temperature: params.temperature,
      topP: params.topP,
      topK: params.topK,
      seed: params.seed,
      customStopTriggers: params.stop.length > 0 ? params.stop : undefined,
      // The contract has no repeat penalty; LlamaChat's default one would change every output.
      repeatPenalty: false,
      signal,
      stopOnAbortSignal: true,
      onToken: () => {
        firstTokenAt ??= performance.now();
      },
      onTextChunk: (text) => deltas.push(text),
    });
  } finally {
    deltas.flush();
    chat.dispose({ disposeSequence: false });
  }
  const finishedAt = performance.now();
  const outputTokens = sequence.tokenMeter.diff(meterBefore).usedOutputTokens;
  const started: number | null = firstTokenAt;
  const tokensPerSecond = started !== null && outputTokens > 1 && finishedAt > started ? (outputTokens - 1) / ((finishedAt - started) / 1000) : null;
  return {
    output: response.response,
    finishReason: finishReasonOf(response, signal),
    inputTokens,
    outputTokens,
    tokensPerSecond,
  };
}

function finishReasonOf(response: LlamaChatResponse, signal: AbortSignal): FinishReason {
  switch (response.metadata.stopReason) {
    case 'eogToken':
    case 'stopGenerationTrigger':
      return 'stop';
    case 'customStopTrigger':
      return 'stop-sequence';
    case 'maxTokens':
      return 'length';
    case 'abort':
      return 'cancelled';
    case 'functionCalls':
      return 'other';
    default:
      return signal.aborted ? 'cancelled' : 'other';
  }
}
