import { AppError, type Envelope } from '../errors.js';
import { methodEntries, type EventName, type EventPayload, type MethodInput, type MethodOf, type MethodOutput, type Namespace } from './index.js';

// `{}` extends the input when every field is optional: then the argument may be left out.
type Call<N extends Namespace, M extends MethodOf<N>> = {} extends MethodInput<N, M>
  ? (input?: MethodInput<N, M>) => Promise<MethodOutput<N, M>>
  : (input: MethodInput<N, M>) => Promise<MethodOutput<N, M>>;

/** What the renderer uses: one typed method per contract entry; failures reject with AppError. */
export type Api = { readonly [N in Namespace]: { readonly [M in MethodOf<N>]: Call<N, M> } };

/** What a transport exposes: the same methods, answering with envelopes (errors as data). */
export type RawApi = {
  readonly [N in Namespace]: { readonly [M in MethodOf<N>]: (input: unknown) => Promise<Envelope<unknown>> };
};

export type Unsubscribe = () => void;
export interface EventSubscriber {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
}

type Invoke = (channel: string, input: unknown) => Promise<Envelope<unknown>>;

/** One function per contract entry, each bound to its own channel (no generic invoke is exposed). */
export function buildRawApi(invoke: Invoke): RawApi {
  const api: Record<string, Record<string, (input: unknown) => Promise<Envelope<unknown>>>> = {};
  for (const entry of methodEntries) {
    const group = (api[entry.namespace] ??= {});
    group[entry.method] = (input: unknown) => invoke(entry.channel, input ?? {});
  }
  for (const group of Object.values(api)) Object.freeze(group);
  return Object.freeze(api) as unknown as RawApi;
}

/** Wraps a RawApi so that calls resolve with values and reject with AppError. */
export function buildApi(raw: RawApi): Api {
  const api: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  const rawGroups = raw as unknown as Record<string, Record<string, (input: unknown) => Promise<Envelope<unknown>>>>;
  for (const entry of methodEntries) {
    const group = (api[entry.namespace] ??= {});
    const rawMethod = rawGroups[entry.namespace]?.[entry.method];
    group[entry.method] = async (input?: unknown) => {
      if (!rawMethod) throw new AppError('UNKNOWN_METHOD', `The backend does not offer ${entry.channel}.`);
      const envelope = await rawMethod(input ?? {});
      if (envelope.ok) return envelope.value;
      throw new AppError(envelope.error.code, envelope.error.message);
    };
  }
  return Object.freeze(api) as unknown as Api;
}
