import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface GgufScanResult {
  /** GGUF model files, sorted; for a split model only its first part. */
  files: string[];
  /** Folders or files that could not be read, with why; the scan goes on without them. */
  skipped: { path: string; reason: string }[];
}

// Parts 2..n of a split model are loaded through part 1; listing them would add broken entries.
const laterSplitPart = /-(\d{5})-of-\d{5}\.gguf$/i;

/**
 * A GGUF file, or every GGUF file under a folder (recursive, following links once). A file
 * given by name is returned whatever its extension: the user picked it, inspection judges it.
 */
export async function scanForGguf(pathOrDir: string): Promise<GgufScanResult> {
  const result: GgufScanResult = { files: [], skipped: [] };
  let stats;
  try {
    stats = await stat(pathOrDir);
  } catch (error) {
    result.skipped.push({ path: pathOrDir, reason: reasonOf(error) });
    return result;
  }
  if (!stats.isDirectory()) {
    result.files.push(pathOrDir);
    return result;
  }
  await walk(pathOrDir, new Set(), result);
  result.files.sort();
  return result;
}

async function walk(dir: string, visited: Set<string>, result: GgufScanResult): Promise<void> {
  let entries: Dirent[];
  try {
    // A link cycle (a folder linking to its parent) would otherwise never end.
    const real = await realpath(dir);
    if (visited.has(real)) return;
    visited.add(real);
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    result.skipped.push({ path: dir, reason: reasonOf(error) });
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = await stat(path);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        result.skipped.push({ path, reason: reasonOf(error) });
        continue;
      }
    }
    if (isDirectory) await walk(path, visited, result);
    else if (isFile && isGgufName(entry.name)) result.files.push(path);
  }
}

function isGgufName(name: string): boolean {
  if (!name.toLowerCase().endsWith('.gguf')) return false;
  const part = laterSplitPart.exec(name);
  return !part || Number(part[1]) === 1;
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
