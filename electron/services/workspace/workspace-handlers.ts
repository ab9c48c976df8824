import { AppError } from '../../../shared/errors.js';
import { DemoFolderError, readDemoMarker } from '../demo/demo-marker.js';
import type { Handlers } from '../handlers.js';
import type { WorkspaceSwitcher } from '../types.js';

/** The workspace.* methods of one open workspace; switching goes through the transport's host. */
export function workspaceHandlers(dataDir: string, switcher: WorkspaceSwitcher | undefined): Handlers['workspace'] {
  const requireSwitcher = (): WorkspaceSwitcher => {
    if (!switcher) throw new AppError('CONFLICT', 'This Arbiter process serves one workspace and cannot switch. Start `npm run demo` to open the demo workspace.');
    return switcher;
  };
  return {
    status: () => ({
      dataDir,
      kind: readDemoMarker(dataDir) ? 'demo' : 'regular',
      canSwitch: switcher !== undefined,
      demoDir: switcher?.demoDir ?? null,
      defaultDir: switcher?.defaultDir ?? null,
      demoBuilt: switcher ? readDemoMarker(switcher.demoDir)?.state === 'ready' : false,
    }),
    openDemo: async () => {
      try {
        return await requireSwitcher().openDemo();
      } catch (error) {
        if (error instanceof DemoFolderError) throw new AppError('CONFLICT', error.message);
        if (error instanceof Error && /already open in another Arbiter process|Could not set lock/i.test(error.message)) {
          throw new AppError('CONFLICT', `The demo workspace is open in another Arbiter process (\`npm run demo\` or the desktop app). Use that one, or close it and try again.`);
        }
        throw error;
      }
    },
    openDefault: () => requireSwitcher().openDefault(),
  };
}
