import type { z } from 'zod';
import { findMethod } from '../../shared/contract/index.js';
import { AppError, type Envelope } from '../../shared/errors.js';
import type { Handlers } from './handlers.js';
import type { Logger } from './types.js';

type AnyHandler = (input: unknown) => unknown;

/** The one place where contract input is parsed, a handler runs, and its output is checked. */
export function createDispatcher(handlers: Handlers, logger: Logger) {
  const table = handlers as unknown as Record<string, Record<string, AnyHandler>>;

  return async function dispatch(channel: string, input: unknown): Promise<Envelope<unknown>> {
    const entry = findMethod(channel);
    const handler = entry && table[entry.namespace]?.[entry.method];
    if (!entry || !handler) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `There is no method called “${channel}”.` } };
    }
    const parsedInput = entry.spec.input.safeParse(input ?? {});
    if (!parsedInput.success) {
      return { ok: false, error: { code: 'INVALID_INPUT', message: `${channel}: ${describeZodError(parsedInput.error)}` } };
    }
    try {
      const value = await handler(parsedInput.data);
      // Parsing the output also strips fields the contract does not name, so nothing extra leaks out.
      const parsedOutput = entry.spec.output.safeParse(value);
      if (!parsedOutput.success) {
        logger.error('handler output does not match the contract', { channel, problem: describeZodError(parsedOutput.error) });
        return { ok: false, error: { code: 'INTERNAL', message: `${channel} produced a malformed answer.` } };
      }
      return { ok: true, value: parsedOutput.data };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toData() };
      logger.error('handler failed', { channel, error: error instanceof Error ? error.message : String(error) });
      return { ok: false, error: { code: 'INTERNAL', message: `${channel} failed: ${error instanceof Error ? error.message : String(error)}` } };
    }
  };
}

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'input'}: ${issue.message}`)
    .join('; ');
}
