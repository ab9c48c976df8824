import { z } from 'zod';

/** Every failure that crosses a transport is one of these codes, never a raw Error. */
export const errorCodes = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'TEMPLATE_INVALID',
  'UNAUTHORIZED',
  'UNKNOWN_METHOD',
  'INTERNAL',
] as const;

export const errorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const apiErrorSchema = z.object({ code: errorCodeSchema, message: z.string() });
export type ApiErrorData = z.infer<typeof apiErrorSchema>;

/** Thrown by services for expected failures; transports turn it into `{ code, message }`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }

  toData(): ApiErrorData {
    return { code: this.code, message: this.message };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** What every method call returns over the wire. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorData };

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
