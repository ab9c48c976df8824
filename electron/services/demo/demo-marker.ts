// `arbiter-demo.json` in a workspace folder says: this is the demo workspace. Whoever opens the
// folder (serve, the desktop app, `arbiter run`) then starts the demo server, and the marker keeps
// the port it last listened on, which the demo's remote models point at.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const demoMarkerFileName = 'arbiter-demo.json';

/** A refusal in words: the folder holds something that is not the demo, so building there could destroy it. */
export class DemoFolderError extends Error {}

const demoMarkerSchema = z.object({
  arbiterDemo: z.literal(1),
  /** 'building' until every step succeeded: a half-built demo is rebuilt, never shown. */
  state: z.enum(['building', 'ready']),
  /** The demo server's last port; null before it first started. */
  port: z.number().int().min(0).max(65535).nullable(),
  /** The remote models served by the demo server, repointed when its port changes. */
  modelIds: z.array(z.string()),
  builtAt: z.string().nullable(),
});
export type DemoMarker = z.infer<typeof demoMarkerSchema>;

export function demoMarkerPath(dataDir: string): string {
  return join(dataDir, demoMarkerFileName);
}

/** The marker, or undefined when the folder is not a demo workspace (or the marker is unreadable). */
export function readDemoMarker(dataDir: string): DemoMarker | undefined {
  const path = demoMarkerPath(dataDir);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = demoMarkerSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function writeDemoMarker(dataDir: string, marker: DemoMarker): void {
  const path = demoMarkerPath(dataDir);
  // Write then rename, so a crash never leaves half a marker.
  writeFileSync(`${path}.tmp`, `${JSON.stringify(marker, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

export function updateDemoMarker(dataDir: string, patch: Partial<DemoMarker>): DemoMarker | undefined {
  const current = readDemoMarker(dataDir);
  if (!current) return undefined;
  const next = { ...current, ...patch };
  writeDemoMarker(dataDir, next);
  return next;
}
