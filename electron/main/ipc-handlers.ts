import type { IpcMain } from 'electron';
import { methodEntries } from '../../shared/contract/index.js';
import type { Envelope } from '../../shared/errors.js';
import type { Backend, Logger } from '../services/types.js';
import { senderProblem, type SenderPolicy } from './ipc-sender.js';

export interface ContractHandlerOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  backend: Pick<Backend, 'dispatch'>;
  senders: SenderPolicy;
  logger: Logger;
}

const refused: Envelope<never> = {
  ok: false,
  error: { code: 'UNAUTHORIZED', message: 'Refused: this call did not come from the Arbiter window.' },
};

/**
 * The only place main listens to the renderer: one handler per contract method, each checking
 * its sender before the backend sees the input (the backend then validates the input itself).
 * Answers are envelopes, because Electron keeps only the message of an Error thrown across IPC.
 * Returns a function that removes the handlers again.
 */
export function registerContractHandlers(options: ContractHandlerOptions): () => void {
  const { ipcMain, backend, senders, logger } = options;
  for (const { channel } of methodEntries) {
    ipcMain.handle(channel, async (event, input: unknown): Promise<Envelope<unknown>> => {
      const problem = senderProblem(event, senders);
      if (problem) {
        logger.warn('refused an IPC call', { channel, problem });
        return refused;
      }
      try {
        return await backend.dispatch(channel, input);
      } catch (error) {
        // dispatch promises never to throw; if it ever does, the renderer still gets data.
        logger.error('dispatch threw', { channel, error: error instanceof Error ? error.message : String(error) });
        return { ok: false, error: { code: 'INTERNAL', message: `${channel} failed unexpectedly.` } };
      }
    });
  }
  return () => {
    for (const { channel } of methodEntries) ipcMain.removeHandler(channel);
  };
}
