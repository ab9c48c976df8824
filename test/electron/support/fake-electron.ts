// A stand-in for the `electron` module, bundled into the main process in place of the real one
// (which would try to download the Electron binary). Each evaluation builds fresh fakes and puts
// them on globalThis, where the test, which loads the bundle, reads them.
import { EventEmitter } from 'node:events';

export interface FakeElectronConfig {
  userDataDir: string;
  appPath: string;
  singleInstance: boolean;
}

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export interface FakeElectronState extends FakeElectronConfig {
  /** Calls in the order they happened: "protocol.registerSchemesAsPrivileged", "app.whenReady", ... */
  log: string[];
  app: FakeApp;
  windows: FakeBrowserWindow[];
  ipcHandlers: Map<string, Handler>;
  privilegedSchemes: unknown[];
  protocolHandlers: Map<string, (request: { url: string; method: string }) => Promise<Response>>;
  session: FakeSession;
  menuTemplate?: unknown[];
  openedExternally: string[];
  errorBoxes: { title: string; content: string }[];
  exitCode?: number;
  exited: Promise<number>;
}

const key = '__arbiterFakeElectron';

export function fakeElectronState(): FakeElectronState {
  const state = (globalThis as Record<string, unknown>)[key] as FakeElectronState | undefined;
  if (!state) throw new Error('Configure the fake electron (configureFakeElectron) before loading the bundle.');
  return state;
}

/** Called by the test before it imports a bundle; the bundle's copy of this module fills in the rest. */
export function configureFakeElectron(config: FakeElectronConfig): void {
  (globalThis as Record<string, unknown>)[key] = { ...config };
}

const state = ((globalThis as Record<string, unknown>)[key] ?? {}) as FakeElectronState;
let resolveExit: (code: number) => void = () => {};
Object.assign(state, {
  log: [],
  windows: [],
  ipcHandlers: new Map(),
  privilegedSchemes: [],
  protocolHandlers: new Map(),
  openedExternally: [],
  errorBoxes: [],
  exited: new Promise<number>((resolve) => (resolveExit = resolve)),
});

let nextId = 1;

class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  url = '';
  destroyed = false;
  readonly sent: unknown[][] = [];
  windowOpenHandler?: (details: { url: string }) => unknown;
  get mainFrame() {
    return { url: this.url, parent: null };
  }
  isDestroyed() {
    return this.destroyed;
  }
  getURL() {
    return this.url;
  }
  send(...args: unknown[]) {
    this.sent.push(args);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => unknown) {
    this.windowOpenHandler = handler;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  destroyed = false;
  shown = false;
  focused = 0;
  constructor(readonly options: { width: number; height: number; x?: number; y?: number; webPreferences?: Record<string, unknown> }) {
    super();
    state.log.push('new BrowserWindow');
    state.windows.push(this);
    state.app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string) {
    state.log.push(`loadURL ${url}`);
    this.webContents.url = url;
    setImmediate(() => this.emit('ready-to-show'));
  }
  show() {
    this.shown = true;
  }
  focus() {
    this.focused++;
  }
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getNormalBounds() {
    return { x: this.options.x ?? 100, y: this.options.y ?? 50, width: this.options.width, height: this.options.height };
  }
  /** What Electron does when the user closes the window. */
  close() {
    this.emit('close', { preventDefault() {} });
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
    if (state.windows.every((window) => window.destroyed)) state.app.emit('window-all-closed');
  }
}

class FakeApp extends EventEmitter {
  whenReady() {
    state.log.push('app.whenReady');
    return Promise.resolve();
  }
  enableSandbox() {
    state.log.push('app.enableSandbox');
  }
  requestSingleInstanceLock() {
    state.log.push('app.requestSingleInstanceLock');
    return state.singleInstance;
  }
  getPath(name: string) {
    if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
    return state.userDataDir;
  }
  getAppPath() {
    return state.appPath;
  }
  getName() {
    return 'Arbiter';
  }
  getVersion() {
    return '0.1.0-test';
  }
  setAboutPanelOptions() {}
  /** Electron's order: will-quit, which a listener may hold back with preventDefault. */
  quit() {
    state.log.push('app.quit');
    let prevented = false;
    this.emit('will-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.exit(0);
  }
  exit(code = 0) {
    state.log.push(`app.exit ${code}`);
    state.exitCode = code;
    resolveExit(code);
  }
}

class FakeSession {
  permissionRequestHandler?: (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void;
  permissionCheckHandler?: (contents: unknown, permission: string, origin: string) => boolean;
  headersHandler?: (details: { responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void;
  readonly webRequest = { onHeadersReceived: (handler: FakeSession['headersHandler']) => void (this.headersHandler = handler) };
  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']) {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']) {
    this.permissionCheckHandler = handler;
  }
}

state.app = new FakeApp();
state.session = new FakeSession();

export const app = state.app;
export const BrowserWindow = FakeBrowserWindow;
export const session = { defaultSession: state.session };
export const ipcMain = {
  handle: (channel: string, handler: Handler) => {
    if (state.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    state.ipcHandlers.set(channel, handler);
  },
  removeHandler: (channel: string) => void state.ipcHandlers.delete(channel),
  // electron-store listens here for renderer-side stores.
  on: () => ipcMain,
};
export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown[]) => {
    state.log.push('protocol.registerSchemesAsPrivileged');
    state.privilegedSchemes.push(...schemes);
  },
  handle: (scheme: string, handler: (request: { url: string; method: string }) => Promise<Response>) => {
    state.log.push(`protocol.handle ${scheme}`);
    state.protocolHandlers.set(scheme, handler);
  },
};
export const shell = {
  openExternal: async (url: string) => void state.openedExternally.push(url),
  openPath: async () => '',
};
export const Menu = {
  buildFromTemplate: (template: unknown[]) => ({ template }),
  setApplicationMenu: (menu: { template: unknown[] }) => void (state.menuTemplate = menu.template),
};
export const dialog = {
  showErrorBox: (title: string, content: string) => void state.errorBoxes.push({ title, content }),
};
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };

// electron-store does `import electron from 'electron'`.
/** A keychain that is not available: the secret store must say so, never store plaintext. */
export const safeStorage = {
  isEncryptionAvailable: () => false,
  encryptString: (): Buffer => {
    throw new Error('safeStorage is not available in tests');
  },
  decryptString: (): string => {
    throw new Error('safeStorage is not available in tests');
  },
};
export const utilityProcess = {
  fork: (): never => {
    throw new Error('utilityProcess is not available in tests');
  },
};
export default { app, BrowserWindow, session, ipcMain, protocol, shell, Menu, dialog, screen, safeStorage, utilityProcess };
