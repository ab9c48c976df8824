// The Electron main process: owns the window, the app:// protocol and the one IPC surface.
// Everything that touches data lives in the backend (electron/services), built once here.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, screen, session, shell, utilityProcess } from 'electron';
import { defaultPreferences, type Preferences } from '../../shared/preferences.js';
import { consoleLogger } from '../services/logger.js';
import { contentSecurityPolicy } from '../services/security/content-security-policy.js';
import type { Backend } from '../services/types.js';
import { openWorkspace } from '../services/workspace/open-workspace.js';
import { openWorkspaceHost } from '../services/workspace/workspace-host.js';
import { demoWorkspaceDirIn, workspaceDirIn } from '../services/workspace-paths.js';
import { buildMenuTemplate } from './app-menu.js';
import { appScheme, rendererLocation } from './app-origin.js';
import { createAppProtocolHandler, privilegedAppScheme } from './app-protocol.js';
import { closeBeforeQuit } from './app-shutdown.js';
import { electronStorePreferences } from './electron-store-preferences.js';
import { forwardBackendEvents } from './event-forwarding.js';
import { registerContractHandlers } from './ipc-handlers.js';
import { createMainWindow } from './main-window.js';
import { safeStorageSecrets } from './safe-storage-secrets.js';
import { utilityProcessLauncher } from './utility-process-launcher.js';
import { restoreBounds, type SavedWindow } from './window-state.js';
import { devContentSecurityPolicy, hardenSession, hardenWebContents } from './window-security.js';

const logger = consoleLogger;
/** dist-electron/: main.js and preload.cjs are built side by side. */
const bundleDir = dirname(fileURLToPath(import.meta.url));

// Both only work before `ready`.
protocol.registerSchemesAsPrivileged([privilegedAppScheme]);
app.enableSandbox();

if (app.requestSingleInstanceLock()) {
  start().catch(failToStart);
} else {
  // Another Arbiter holds the workspace (DuckDB allows one writer); it focuses its own window.
  app.quit();
}

async function start(): Promise<void> {
  const renderer = rendererLocation(process.env);
  /** Our windows by webContents id: the only senders IPC accepts and the only event targets. */
  const windows = new Map<number, BrowserWindow>();

  const openExternal = (url: string) =>
    shell.openExternal(url).catch((error: unknown) => logger.warn('could not open a link', { error: error instanceof Error ? error.message : String(error) }));
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, { trustedOrigin: renderer.origin, openExternal: (url) => void openExternal(url) }));
  app.on('second-instance', () => {
    const window = windows.values().next().value;
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });

  await app.whenReady();
  const dataDir = workspaceDirIn(app.getPath('userData'));
  mkdirSync(dataDir, { recursive: true });
  const secrets = safeStorageSecrets(safeStorage, join(app.getPath('userData'), 'secrets.json'));
  const workerLauncher = utilityProcessLauncher((entry, args, options) => utilityProcess.fork(entry, args, options), join(bundleDir, 'llama-worker.js'));
  // One backend for IPC whose workspace can change: the home screen opens the demo workspace and back.
  const backend = await openWorkspaceHost({
    dataDir,
    defaultDir: dataDir,
    demoDir: demoWorkspaceDirIn(app.getPath('userData')),
    open: (folder, workspaces) =>
      openWorkspace({ dataDir: folder, transport: 'ipc', preferences: electronStorePreferences(folder), logger, appVersion: app.getVersion(), secrets, workerLauncher, workspaces }),
    logger,
  });

  hardenSession(session.defaultSession, {
    trustedOrigin: renderer.origin,
    contentSecurityPolicy: renderer.dev ? devContentSecurityPolicy(contentSecurityPolicy) : contentSecurityPolicy,
  });
  protocol.handle(appScheme, createAppProtocolHandler({ rootDir: join(app.getAppPath(), 'dist', 'renderer'), contentSecurityPolicy }));
  const removeHandlers = registerContractHandlers({
    ipcMain,
    backend,
    logger,
    senders: { trustedOrigin: renderer.origin, isOurWebContents: (id) => windows.has(id) },
  });
  const stopForwarding = forwardBackendEvents(backend, () => [...windows.values()].map((window) => window.webContents), renderer.origin);
  closeBeforeQuit(
    app,
    async () => {
      stopForwarding();
      removeHandlers();
      await backend.close();
    },
    logger,
  );

  app.setAboutPanelOptions({ applicationName: app.getName(), applicationVersion: app.getVersion() });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        appName: app.getName(),
        platform: process.platform,
        dev: renderer.dev,
        showWorkspaceFolder: () => void shell.openPath(backend.dataDir),
      }),
    ),
  );

  const openWindow = async () => {
    const window = createMainWindow({
      url: renderer.url,
      preloadPath: join(bundleDir, 'preload.cjs'),
      bounds: restoreBounds(await savedWindow(backend), screen.getAllDisplays().map((display) => display.workArea)),
      // Through the backend, so the shared schema validates it and the renderer hears of it.
      onBoundsChanged: (bounds) => void backend.dispatch('preferences.update', { window: bounds }),
      logger,
    });
    const id = window.webContents.id;
    windows.set(id, window);
    window.on('closed', () => windows.delete(id));
  };
  await openWindow();

  app.on('activate', () => {
    if (windows.size === 0) void openWindow();
  });
  app.on('window-all-closed', () => {
    // macOS apps stay alive without windows until the user quits them.
    if (process.platform !== 'darwin') app.quit();
  });
  // `electron .` in a terminal: Ctrl+C should close DuckDB cleanly too.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
}

async function savedWindow(backend: Backend): Promise<SavedWindow> {
  const envelope = await backend.dispatch('preferences.get', {});
  return envelope.ok ? (envelope.value as Preferences).window : defaultPreferences.window;
}

function failToStart(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  logger.error('Arbiter could not start', { error: message });
  const hint = /lock/i.test(message) ? '\n\nIs `arbiter serve` already running on this workspace? Stop it and start Arbiter again.' : '';
  dialog.showErrorBox('Arbiter could not start', `${message}${hint}`);
  app.exit(1);
}
