import { buildDemoWorkspace } from '../services/demo/build-demo.js';
import { DemoFolderError } from '../services/demo/demo-marker.js';
import type { Logger } from '../services/types.js';
import { openWorkspace } from '../services/workspace/open-workspace.js';
import { confPreferences } from './conf-preferences.js';
import type { TextOut } from './progress-line.js';

export interface DemoOptions {
  /** The demo's own folder. */
  dataDir: string;
  /** Build again even when a finished demo is there. */
  fresh: boolean;
  appVersion: string;
}

/**
 * `arbiter demo`: builds the demo workspace (or finds it built) and closes it again; the CLI then
 * serves it unless --build-only. 0 ready; 2 the folder is not the demo's or is in use; 1 a step failed.
 */
export async function demoCommand(options: DemoOptions, io: { stderr: TextOut }): Promise<number> {
  const say = (text: string) => io.stderr.write(`${text}\n`);
  const quiet: Logger = { info: () => {}, warn: (message) => say(`warning: ${message}`), error: (message) => say(`error: ${message}`) };
  say(`Demo workspace: ${options.dataDir}`);
  try {
    const result = await buildDemoWorkspace({
      dataDir: options.dataDir,
      fresh: options.fresh,
      open: (dataDir) => openWorkspace({ dataDir, transport: 'http', preferences: confPreferences(dataDir), appVersion: options.appVersion, logger: quiet }),
      onStep: (text) => say(`  ${text}`),
    });
    await result.backend.close();
    const { summary } = result;
    say(
      `${result.built ? `Built in ${(result.ms / 1000).toFixed(1)} s` : 'Ready'}: ${summary.models} models, ${summary.generations} generations, ` +
        `${summary.taskSetItems} blind comparisons with ${summary.humanJudgments} votes (half of what they need).`,
    );
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof DemoFolderError) {
      say(`arbiter demo: ${message}`);
      return 2;
    }
    if (/already open in another Arbiter process|Could not set lock/i.test(message)) {
      say(`arbiter demo: the demo workspace ${options.dataDir} is open in another Arbiter process; use that one, or stop it and run this again.`);
      return 2;
    }
    say(`arbiter demo: building the demo failed: ${message}`);
    return 1;
  }
}
