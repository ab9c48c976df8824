import { homedir } from 'node:os';
import { join } from 'node:path';

export const productName = 'Arbiter';

/** The same folder Electron's app.getPath('userData') gives, so both modes open one workspace by default. */
export function defaultUserDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', productName);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), productName);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), productName);
}

export function workspaceDirIn(userDataDir: string): string {
  return join(userDataDir, 'workspace');
}

/** The demo workspace's own folder, beside the default workspace (`arbiter demo`, the home screen's button). */
export function demoWorkspaceDirIn(userDataDir: string): string {
  return join(userDataDir, 'demo-workspace');
}
