/** Why a file could not be read as a GGUF model; the message is meant for the person who picked the file. */
export type GgufReadErrorReason = 'not-gguf' | 'truncated' | 'unreadable' | 'invalid';

export class GgufReadError extends Error {
  readonly reason: GgufReadErrorReason;
  readonly path: string;
  constructor(reason: GgufReadErrorReason, path: string, message: string) {
    super(message);
    this.name = 'GgufReadError';
    this.reason = reason;
    this.path = path;
  }
}
