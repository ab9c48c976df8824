import type { MethodOf, MethodOutput, Namespace, ParsedInput } from '../../shared/contract/index.js';

/** One handler per contract method: a method without a handler does not compile. */
export type Handlers = {
  readonly [N in Namespace]: {
    readonly [M in MethodOf<N>]: (input: ParsedInput<N, M>) => Promise<MethodOutput<N, M>> | MethodOutput<N, M>;
  };
};
