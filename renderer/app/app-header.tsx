import type { AppInfo } from '../../shared/contract/index.js';
import { AnnotatorPicker } from '../features/annotators/annotator-picker.js';
import { useConnectionStatus } from '../transport/index.js';
import { Icon } from '../ui/icon.js';
import { ThemeSwitch } from './theme-switch.js';

export function AppHeader({ title, info }: { title: string; info: AppInfo }) {
  return (
    <header className="app-header">
      <h1 className="screen-title">{title}</h1>
      <div className="header-spacer" />
      <ConnectionBadge />
      <AnnotatorPicker />
      <div className="workspace" data-testid="workspace-info" title={`Workspace: ${info.dataDir}\nDatabase: ${info.databaseFile}`}>
        <Icon name="folder" size={14} />
        <span className="workspace-path">{shortPath(info.dataDir)}</span>
        <span className="workspace-meta">
          {info.transport === 'ipc' ? 'Desktop' : 'Headless'} · v{info.version} · schema {info.schemaVersion}
        </span>
      </div>
      <ThemeSwitch />
    </header>
  );
}

function ConnectionBadge() {
  const status = useConnectionStatus();
  if (status === 'open' || status === 'connecting') return null;
  const text = {
    connecting: 'Connecting…',
    reconnecting: 'Reconnecting to the server…',
    'signed-out': 'Signed out: open the address `arbiter serve` printed',
  }[status];
  return (
    <span className="connection-badge" role="status" data-testid="connection-status" data-status={status}>
      <span className="connection-dot" aria-hidden="true" />
      {text}
    </span>
  );
}

/** The last two folders are what tells workspaces apart. */
function shortPath(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts.length <= 2 ? path : `…/${parts.slice(-2).join('/')}`;
}
