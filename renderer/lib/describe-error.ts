import { isAppError } from '../../shared/errors.js';

/** Words for the user from whatever a call rejected with. */
export function describeError(error: unknown): string {
  if (isAppError(error)) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
