import { buildRawApi, type RawApi } from '../../shared/contract/api.js';
import type { ApiErrorData, Envelope } from '../../shared/errors.js';

/**
 * The contract over same-origin HTTP: `POST /api/<namespace>.<method>` with the input as JSON,
 * answered by an envelope. The HttpOnly session cookie travels by itself.
 */
export function createHttpRawApi(origin: string, onSignedOut: () => void = () => {}): RawApi {
  return buildRawApi(async (channel, input) => {
    let response: Response;
    try {
      response = await fetch(new URL(`/api/${channel}`, origin), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input ?? {}),
        credentials: 'same-origin',
      });
    } catch {
      return failure('INTERNAL', 'The Arbiter server did not answer. Check that `arbiter serve` is still running, then try again.');
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (response.status === 401) onSignedOut();
    if (isEnvelope(body)) return body;
    if (response.status === 401 || response.status === 403) {
      return failure('UNAUTHORIZED', 'This page is not signed in to the server. Open the address with ?token= that `arbiter serve` printed.');
    }
    return failure('INTERNAL', `The server answered ${response.status} ${response.statusText} instead of a result.`);
  });
}

function failure(code: ApiErrorData['code'], message: string): Envelope<unknown> {
  return { ok: false, error: { code, message } };
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const envelope = value as { ok: unknown; error?: { code?: unknown; message?: unknown } };
  if (envelope.ok === true) return 'value' in value;
  return envelope.ok === false && typeof envelope.error?.code === 'string' && typeof envelope.error.message === 'string';
}
