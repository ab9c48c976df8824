import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { AppError } from '../../../shared/errors.js';

/** The kinds of manifest.json an Arbiter folder holds; only such a folder is ever replaced. */
const ownKinds = new Set(['arbiter-preference-export', 'arbiter-annotation-bundle']);

/** An absolute folder: relative paths are read from the workspace folder. */
export function resolveFolder(folder: string, workspaceDir: string): string {
  return isAbsolute(folder) ? resolve(folder) : resolve(workspaceDir, folder);
}

/**
 * Files are written into a sibling `<folder>.partial-…` and renamed into place at the end, so a
 * failed or interrupted export never leaves a half-written folder under the name asked for.
 */
export class StagingFolder {
  readonly target: string;
  readonly path: string;

  private constructor(target: string) {
    this.target = target;
    this.path = join(dirname(target), `.${basename(target)}.partial-${randomUUID().slice(0, 8)}`);
  }

  static open(target: string, overwrite: boolean): StagingFolder {
    if (existsSync(target)) {
      if (!statSync(target).isDirectory()) throw new AppError('CONFLICT', `${target} is a file, not a folder.`);
      const entries = readdirSync(target);
      if (entries.length > 0) {
        if (!overwrite) throw new AppError('CONFLICT', `The folder ${target} already holds files. Pick another folder, or overwrite it.`);
        if (!isArbiterFolder(target)) {
          throw new AppError('CONFLICT', `The folder ${target} holds files Arbiter did not write; it is left alone. Pick another folder.`);
        }
      }
    }
    const staging = new StagingFolder(target);
    try {
      mkdirSync(staging.path, { recursive: true });
    } catch (error) {
      throw new AppError('INVALID_INPUT', `Cannot write to ${dirname(target)}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return staging;
  }

  file(relativePath: string): string {
    const path = join(this.path, ...relativePath.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    return path;
  }

  /** Moves the finished folder into place (replacing an earlier Arbiter folder there). */
  commit(): void {
    if (existsSync(this.target)) rmSync(this.target, { recursive: true, force: true });
    renameSync(this.path, this.target);
  }

  discard(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

function isArbiterFolder(folder: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as { kind?: unknown };
    return typeof manifest.kind === 'string' && ownKinds.has(manifest.kind);
  } catch {
    return false;
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function sha256Text(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A folder name from free text: lower case, letters and digits, dashes between. */
export function slug(text: string, max = 48): string {
  const value = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '');
  return value || 'export';
}
