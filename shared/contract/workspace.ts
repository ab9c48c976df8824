import { z } from 'zod';
import { method } from './define.js';

export const workspaceStatusSchema = z.object({
  /** The folder open now. */
  dataDir: z.string(),
  /** 'demo': the demo workspace (built by `arbiter demo` or the home screen's button). */
  kind: z.enum(['regular', 'demo']),
  /** Whether this app can switch workspaces (serve and the desktop app can; `arbiter run` cannot). */
  canSwitch: z.boolean(),
  /** Where the demo workspace is built and opened; null when the app cannot switch. */
  demoDir: z.string().nullable(),
  /** The workspace the app opened first, where "Open your workspace" goes; null when the app cannot switch. */
  defaultDir: z.string().nullable(),
  /** Whether a finished demo is waiting in demoDir (opening it is then instant). */
  demoBuilt: z.boolean(),
});
export type WorkspaceStatus = z.infer<typeof workspaceStatusSchema>;

export const workspaceMethods = {
  status: method({ summary: 'Which workspace is open, whether it is the demo, and where the demo lives.', input: z.object({}), output: workspaceStatusSchema }),
  openDemo: method({
    summary:
      'Build the demo workspace in its own folder if it is not there yet (tiny local models, a demo server, two prompt versions, a dataset, a run experiment, half-labeled comparisons; nothing is downloaded), then make it the open workspace. Reload the page afterwards.',
    input: z.object({}),
    output: z.object({ dataDir: z.string(), built: z.boolean(), seconds: z.number().nonnegative() }),
  }),
  openDefault: method({
    summary: 'Make the workspace the app opened first the open one again. Reload the page afterwards.',
    input: z.object({}),
    output: z.object({ dataDir: z.string() }),
  }),
};
