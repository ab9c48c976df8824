import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  appName: string;
  platform: NodeJS.Platform;
  /** Reload and the developer tools exist only in development. */
  dev: boolean;
  showWorkspaceFolder(): void;
}

/** The application menu as data, so it can be checked without Electron. */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  const showWorkspace: MenuItemConstructorOptions = { label: 'Show Workspace Folder', click: () => options.showWorkspaceFolder() };

  const appMenu: MenuItemConstructorOptions = {
    label: options.appName,
    submenu: [
      { role: 'about' },
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  };
  const fileMenu: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [showWorkspace, separator, mac ? { role: 'close' } : { role: 'quit' }],
  };
  const editMenu: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? ([{ role: 'pasteAndMatchStyle' }, { role: 'delete' }] as const) : []),
      { role: 'selectAll' },
    ],
  };
  const devItems: MenuItemConstructorOptions[] = options.dev ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, separator] : [];
  const viewMenu: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [...devItems, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, separator, { role: 'togglefullscreen' }],
  };
  const windowMenu: MenuItemConstructorOptions = {
    label: 'Window',
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  };
  const helpMenu: MenuItemConstructorOptions = {
    role: 'help',
    submenu: mac ? [showWorkspace] : [showWorkspace, separator, { role: 'about', label: `About ${options.appName}` }],
  };
  return [...(mac ? [appMenu] : []), fileMenu, editMenu, viewMenu, windowMenu, helpMenu];
}
