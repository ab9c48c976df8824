/** The worker's end of the pipe to the host, whichever way it was started. */
export interface HostChannel {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The host is gone (it exited or closed the channel). */
  onDisconnect(listener: () => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function connectToHost(): HostChannel {
  // Electron's utilityProcess gives the child `process.parentPort`; Node's fork gives `process.send`.
  const parentPort = (process as { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
      // A utility process is killed with its parent; there is no disconnect event to watch.
      onDisconnect: () => {},
    };
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('llama-worker must be started by the host (child_process.fork or utilityProcess)');
  return {
    send: (message) => {
      if (process.connected) send(message);
    },
    onMessage: (listener) => void process.on('message', listener),
    onDisconnect: (listener) => void process.once('disconnect', listener),
  };
}
