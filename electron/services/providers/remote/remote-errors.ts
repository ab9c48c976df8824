import type { GenerationError } from '../../../../shared/contract/generation.js';

/** What the error words need to know about the call that failed. */
export interface ErrorContext {
  /** Who we talked to, in words: "OpenAI", "the server at http://127.0.0.1:8000". */
  label: string;
  /** Values to scrub from every message (the API key). */
  secrets: readonly string[];
  timeoutMs: number;
  /** Set when our own signal stopped the call, so the SDK's abort error reads as what it was. */
  stoppedBy?: 'cancelled' | 'timeout' | null;
}

/** An HTTP error status from a client other than the AI SDK (see openai-compatible-model.ts): what the words need. */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  constructor(
    readonly statusCode: number,
    readonly responseHeaders: Record<string, string>,
    /** What the provider said, if anything. */
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A response this app cannot read, from a client other than the AI SDK. */
export class BadResponseError extends Error {
  override readonly name = 'BadResponseError';
  readonly invalidJson: boolean;
  constructor(message: string, options?: { invalidJson?: boolean; cause?: unknown }) {
    super(message, options);
    this.invalidJson = options?.invalidJson ?? false;
  }
}

// AI SDK errors are matched by name rather than `instanceof`, so this module needs no import of
// the SDK (it loads lazily) and works across the duplicate copies npm may install.
const badResponseErrors = new Set([
  'AI_JSONParseError',
  'AI_TypeValidationError',
  'AI_InvalidResponseDataError',
  'AI_EmptyResponseBodyError',
  'AI_NoContentGeneratedError',
  'AI_NoOutputGeneratedError',
  'BadResponseError',
]);
const badRequestErrors = new Set(['AI_InvalidPromptError', 'AI_InvalidArgumentError', 'AI_UnsupportedFunctionalityError', 'AI_InvalidMessageRoleError']);
const refusedCodes = new Set(['ECONNREFUSED', 'ConnectionRefused', 'FailedToOpenSocket']);
const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN']);
const timeoutCodes = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const droppedCodes = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ConnectionClosed', 'UND_ERR_CLOSED', 'ERR_STREAM_PREMATURE_CLOSE']);
const droppedMessages = /terminated|other side closed|socket hang up|premature close|ECONNRESET/i;

const maxProviderMessage = 300;

/** Turns anything the SDK or fetch threw into an error a user can act on. The key never survives. */
export function toGenerationError(error: unknown, context: ErrorContext): GenerationError {
  const mapped = classify(error, context);
  return { ...mapped, message: scrubSecrets(mapped.message, context.secrets) };
}

function classify(error: unknown, context: ErrorContext): GenerationError {
  if (context.stoppedBy === 'cancelled') return cancelled();
  if (context.stoppedBy === 'timeout') return timeout(context);

  const chain = causeChain(error);
  const apiCall = chain.find((e) => nameOf(e) === 'AI_APICallError' || e instanceof HttpStatusError) as ApiCallErrorLike | undefined;
  const status = apiCall?.statusCode;
  if (status !== undefined && (status < 200 || status >= 300)) return fromStatus(status, providerMessage(apiCall), apiCall?.responseHeaders, context.label);

  if (chain.some((e) => badResponseErrors.has(nameOf(e)))) {
    const invalidJson = chain.some((e) => nameOf(e) === 'AI_JSONParseError' || (e instanceof BadResponseError && e.invalidJson));
    return {
      code: 'BAD_RESPONSE',
      message: invalidJson
        ? `${capitalize(context.label)} sent a response that is not valid JSON. Check that the base URL points at the API.`
        : `${capitalize(context.label)} sent a response in a shape this app does not understand${detail(chain)}.`,
      retryable: false,
    };
  }

  const network = networkProblem(chain);
  if (network === 'refused') {
    return { code: 'NETWORK', message: `Could not connect to ${context.label}: the connection was refused. Is the server running at that address?`, retryable: true };
  }
  if (network === 'dns') return { code: 'NETWORK', message: `Could not find the host of ${context.label}. Check the base URL and your connection.`, retryable: true };
  if (network === 'timeout') return timeout(context);
  if (network === 'dropped') {
    return { code: 'NETWORK', message: `The connection to ${context.label} dropped before the response was complete.`, retryable: true };
  }
  if (apiCall && status === undefined) {
    return { code: 'NETWORK', message: `Could not reach ${context.label}: ${clip(apiCall.message)}`, retryable: true };
  }

  if (chain.some((e) => nameOf(e) === 'AbortError')) return cancelled();
  if (chain.some((e) => nameOf(e) === 'TimeoutError')) return timeout(context);
  if (chain.some((e) => nameOf(e) === 'AI_LoadAPIKeyError')) {
    return { code: 'AUTH', message: `No API key is set for ${context.label}.`, retryable: false };
  }
  const badRequest = chain.find((e) => badRequestErrors.has(nameOf(e)));
  if (badRequest) return { code: 'BAD_REQUEST', message: `The request is not valid for ${context.label}: ${clip(messageOf(badRequest))}`, retryable: false };

  const streamed = streamedErrorObject(error);
  if (streamed) return fromStreamedError(streamed, context.label);

  return { code: 'UNKNOWN', message: `Unexpected error from ${context.label}: ${clip(messageOf(error))}`, retryable: false };
}

function fromStatus(status: number, message: string, headers: Record<string, string> | undefined, label: string): GenerationError {
  const who = capitalize(label);
  const said = message ? `: ${message}` : '';
  if (status === 401 || status === 403) return { code: 'AUTH', message: `The API key was rejected (${status})${said}`, retryable: false };
  // Gemini answers a bad key with 400 INVALID_ARGUMENT.
  if (status === 400 && /API[ _]key not valid|API_KEY_INVALID/i.test(message)) {
    return { code: 'AUTH', message: `The API key was rejected (${status})${said}`, retryable: false };
  }
  if (status === 429) {
    const retryAfterSeconds = headers ? parseRetryAfter(headers) : undefined;
    const wait = retryAfterSeconds === undefined ? '' : ` It asked to wait ${formatSeconds(retryAfterSeconds)}.`;
    return {
      code: 'RATE_LIMITED',
      message: `${who} is limiting requests (429)${said}${wait}`,
      retryable: true,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    };
  }
  if (status === 408) return { code: 'TIMEOUT', message: `${who} timed out (408)${said}`, retryable: true };
  if (status >= 500) {
    const retryAfterSeconds = headers ? parseRetryAfter(headers) : undefined;
    return {
      code: 'SERVER',
      message: `${who} had a server error (${status})${said}`,
      retryable: true,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    };
  }
  if (status === 404) {
    return { code: 'BAD_REQUEST', message: `Not found (404)${said}. Check the base URL and the model name.`, retryable: false };
  }
  return { code: 'BAD_REQUEST', message: `The request was rejected (${status})${said}`, retryable: false };
}

/** Errors a server sends inside a stream after it accepted the request (Anthropic's `event: error`, an OpenAI-style `{ error }` chunk). */
function fromStreamedError(streamed: { type: string | undefined; message: string }, label: string): GenerationError {
  const who = capitalize(label);
  const said = streamed.message ? `: ${clip(streamed.message)}` : '';
  switch (streamed.type) {
    case 'rate_limit_error':
      return { code: 'RATE_LIMITED', message: `${who} is limiting requests${said}`, retryable: true };
    case 'authentication_error':
    case 'permission_error':
      return { code: 'AUTH', message: `The API key was rejected${said}`, retryable: false };
    case 'invalid_request_error':
    case 'not_found_error':
    case 'request_too_large':
      return { code: 'BAD_REQUEST', message: `The request was rejected${said}`, retryable: false };
    default:
      return { code: 'SERVER', message: `${who} reported an error while streaming${said}`, retryable: true };
  }
}

/**
 * Seconds from a Retry-After header (delta-seconds or an HTTP date), or OpenAI's
 * `retry-after-ms`. Undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: Record<string, string | undefined>, now: number = Date.now()): number | undefined {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const ms = lower['retry-after-ms'];
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return round(Number(ms) / 1000);
  const value = lower['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return round(Number(value));
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return round(Math.max(0, (date - now) / 1000));
}

/** Removes each secret, and anything shaped like a well-known key, from a message. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  for (const secret of secrets) {
    if (secret.length >= 4) scrubbed = scrubbed.split(secret).join('[redacted]');
  }
  return scrubbed
    .replace(/\b(?:sk|pk|rk)-[A-Za-z0-9_-]{12,}/g, '[redacted]')
    .replace(/\bAIza[0-9A-Za-z_-]{20,}/g, '[redacted]')
    .replace(/\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi, 'Bearer [redacted]');
}

interface ApiCallErrorLike {
  message: string;
  statusCode?: number;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
}

function providerMessage(error: ApiCallErrorLike | undefined): string {
  if (!error) return '';
  const message = error.message?.trim() ?? '';
  // The SDK falls back to the HTTP status text; the body may say more.
  if ((!message || /^Request failed with status/i.test(message) || /^(Bad Request|Unauthorized|Forbidden|Not Found|Internal Server Error)$/i.test(message)) && error.responseBody) {
    const fromBody = messageInBody(error.responseBody);
    if (fromBody) return clip(fromBody);
  }
  return clip(message);
}

function messageInBody(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown; detail?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
    if (typeof parsed.error?.message === 'string') return parsed.error.message;
    if (typeof parsed.message === 'string') return parsed.message;
    if (typeof parsed.detail === 'string') return parsed.detail;
  } catch {
    // Not JSON (an HTML error page): its text is no use to a person.
  }
  return undefined;
}

function networkProblem(chain: unknown[]): 'refused' | 'dns' | 'timeout' | 'dropped' | null {
  const codes = chain.map((e) => (e as { code?: unknown } | null)?.code).filter((c): c is string => typeof c === 'string');
  if (codes.some((c) => refusedCodes.has(c))) return 'refused';
  if (codes.some((c) => dnsCodes.has(c))) return 'dns';
  if (codes.some((c) => timeoutCodes.has(c))) return 'timeout';
  if (codes.some((c) => droppedCodes.has(c))) return 'dropped';
  if (chain.some((e) => droppedMessages.test(messageOf(e)) && nameOf(e) !== 'AI_APICallError')) return 'dropped';
  return null;
}

function streamedErrorObject(error: unknown): { type: string | undefined; message: string } | null {
  if (error === null || typeof error !== 'object' || error instanceof Error) return null;
  const candidate = error as { type?: unknown; message?: unknown; error?: { type?: unknown; message?: unknown } };
  const inner = candidate.error && typeof candidate.error === 'object' ? candidate.error : candidate;
  if (typeof inner.message !== 'string') return null;
  return { type: typeof inner.type === 'string' ? inner.type : undefined, message: inner.message };
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && !chain.includes(current) && chain.length < 10) {
    chain.push(current);
    const next = current as { cause?: unknown; lastError?: unknown };
    // A RetryError (from SDK retries we turn off, but still) carries the real error as lastError.
    current = next.lastError ?? next.cause;
  }
  return chain;
}

function detail(chain: unknown[]): string {
  const validation = chain.find((e) => nameOf(e) === 'AI_InvalidResponseDataError' || nameOf(e) === 'AI_NoContentGeneratedError');
  return validation ? ` (${clip(messageOf(validation), 120)})` : '';
}

function cancelled(): GenerationError {
  return { code: 'CANCELLED', message: 'Cancelled.', retryable: false };
}

function timeout(context: ErrorContext): GenerationError {
  return { code: 'TIMEOUT', message: `No response from ${context.label} within ${formatSeconds(context.timeoutMs / 1000)}.`, retryable: true };
}

function nameOf(error: unknown): string {
  return error !== null && typeof error === 'object' && typeof (error as { name?: unknown }).name === 'string' ? (error as { name: string }).name : '';
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error !== null && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message;
  return String(error);
}

function clip(text: string, max = maxProviderMessage): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function formatSeconds(seconds: number): string {
  return Number.isInteger(seconds) ? `${seconds} s` : `${seconds.toFixed(1)} s`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
