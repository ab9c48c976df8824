import { isSameOrigin } from './app-origin.js';

/** The parts of an IpcMainInvokeEvent the check reads (a structural subset, so tests can fake it). */
export interface InvokeSender {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

export interface SenderPolicy {
  /** app://arbiter, or the dev server's origin. */
  trustedOrigin: string;
  /** Whether a webContents id is one of our windows. */
  isOurWebContents(id: number): boolean;
}

/**
 * Why a call must be refused, or undefined when it comes from the top frame of one of our
 * windows showing our own page. An iframe, a page that navigated elsewhere, or any other
 * webContents never reaches the backend.
 */
export function senderProblem(event: InvokeSender, policy: SenderPolicy): string | undefined {
  if (!policy.isOurWebContents(event.sender.id)) return 'the sender is not an Arbiter window';
  let frame: InvokeSender['senderFrame'];
  try {
    frame = event.senderFrame;
  } catch {
    // Reading senderFrame of a frame that is being torn down can throw.
    frame = null;
  }
  if (!frame) return 'the sending frame is gone';
  if (frame.parent !== null) return 'the sender is a subframe';
  if (!isSameOrigin(frame.url, policy.trustedOrigin)) return `the sender's origin is not ${policy.trustedOrigin}`;
  return undefined;
}
