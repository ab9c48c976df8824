import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate } from '../../../electron/main/app-menu.js';

const roles = (items: MenuItemConstructorOptions[]): string[] =>
  items.flatMap((item) => [...(item.role ? [item.role] : []), ...(Array.isArray(item.submenu) ? roles(item.submenu) : [])]);
const labels = (items: MenuItemConstructorOptions[]) => items.map((item) => item.label ?? item.role);
const view = (items: MenuItemConstructorOptions[]) => items.find((item) => item.label === 'View')!.submenu as MenuItemConstructorOptions[];

describe('application menu', () => {
  const options = { appName: 'Arbiter', showWorkspaceFolder: () => {} };

  it('has the standard menus on each platform', () => {
    assert.deepEqual(labels(buildMenuTemplate({ ...options, platform: 'darwin', dev: false })), ['Arbiter', 'File', 'Edit', 'View', 'Window', 'help']);
    assert.deepEqual(labels(buildMenuTemplate({ ...options, platform: 'linux', dev: false })), ['File', 'Edit', 'View', 'Window', 'help']);
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const all = roles(buildMenuTemplate({ ...options, platform, dev: false }));
      for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'quit', 'about', 'minimize']) assert.ok(all.includes(role), `${platform}: ${role}`);
    }
  });

  it('offers reload and the developer tools only in development', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const production = roles(view(buildMenuTemplate({ ...options, platform, dev: false })));
      for (const role of ['reload', 'forceReload', 'toggleDevTools']) assert.ok(!production.includes(role), `${platform}: ${role}`);
      const development = roles(view(buildMenuTemplate({ ...options, platform, dev: true })));
      for (const role of ['reload', 'toggleDevTools']) assert.ok(development.includes(role), `${platform}: ${role}`);
    }
  });

  it('Show Workspace Folder calls back', () => {
    let shown = 0;
    const template = buildMenuTemplate({ appName: 'Arbiter', platform: 'linux', dev: false, showWorkspaceFolder: () => shown++ });
    const file = template.find((item) => item.label === 'File')!.submenu as MenuItemConstructorOptions[];
    (file.find((item) => item.label === 'Show Workspace Folder')!.click as () => void)();
    assert.equal(shown, 1);
  });
});
