// Downloads a GGUF file from a URL or a Hugging Face `hf:` reference. It is I/O, not llama.cpp,
// so it runs in the backend process. node-llama-cpp's downloader (ipull) does the transfer: it
// resolves `hf:` references, downloads in parallel ranges, and keeps a `.ipull` progress file
// next to the target, so a stopped download resumes where it stopped.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { createModelDownloader, type ModelDownloader } from 'node-llama-cpp';

export type DownloadState = 'downloading' | 'verifying' | 'done';

export interface DownloadProgress {
  state: DownloadState;
  receivedBytes: number;
  totalBytes: number | null;
}

export interface DownloadModelOptions {
  /** `https://…/model.gguf`, `hf:user/repo/file.gguf` or `hf:user/repo:Q4_K_M`. */
  source: string;
  directory: string;
  /** Expected sha256 (hex) of the downloaded file; a mismatch deletes the file and fails. */
  sha256?: string;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** Where `hf:` references resolve. Default: node-llama-cpp's (huggingface.co, or HF_ENDPOINT). */
  huggingFaceEndpoint?: string;
  /** How long to wait for the server's first answer before calling it unreachable. */
  connectTimeoutMs?: number;
}

export interface DownloadedModel {
  path: string;
  sizeBytes: number;
  /** The file's sha256, when it was verified. */
  sha256: string | null;
}

export type DownloadErrorReason = 'offline' | 'http' | 'checksum' | 'cancelled' | 'invalid-source' | 'failed';

export class DownloadError extends Error {
  override name = 'DownloadError';
  constructor(
    readonly reason: DownloadErrorReason,
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_HUGGING_FACE = 'https://huggingface.co/';

export async function downloadModel(options: DownloadModelOptions): Promise<DownloadedModel> {
  const { source, signal } = options;
  const target = reachabilityTarget(source, options.huggingFaceEndpoint);
  // ipull retries an unreachable server for minutes before failing; ask once, briefly, first.
  await preflight(target, options.connectTimeoutMs ?? 10_000, signal);

  let downloader: ModelDownloader;
  try {
    downloader = await createModelDownloader({
      modelUri: source,
      dirPath: options.directory,
      // Keep the partial file and its .ipull progress record: the next attempt resumes from it.
      deleteTempFileOnCancel: false,
      endpoints: options.huggingFaceEndpoint ? { huggingFace: options.huggingFaceEndpoint } : undefined,
      onProgress: ({ downloadedSize, totalSize }) =>
        options.onProgress?.({ state: 'downloading', receivedBytes: downloadedSize, totalBytes: totalSize > 0 ? totalSize : null }),
    });
  } catch (error) {
    throw describeFailure(error, target);
  }
  if (signal?.aborted) throw cancelledError();
  try {
    await downloader.download({ signal });
  } catch (error) {
    if (signal?.aborted) throw cancelledError();
    throw describeFailure(error, target);
  }
  // ipull's cancel makes download() return normally, with the file incomplete.
  if (signal?.aborted) throw cancelledError();

  const path = downloader.entrypointFilePath;
  const sizeBytes = (await stat(path)).size;
  let sha256: string | null = null;
  if (options.sha256) {
    options.onProgress?.({ state: 'verifying', receivedBytes: sizeBytes, totalBytes: sizeBytes });
    sha256 = await sha256Of(path, signal);
    if (sha256 !== options.sha256.toLowerCase()) {
      // A wrong file would otherwise be "already downloaded" next time and never fetched again.
      await rm(path, { force: true });
      throw new DownloadError('checksum', `Checksum mismatch for ${path}: expected sha256 ${options.sha256.toLowerCase()}, got ${sha256}. The file was deleted.`);
    }
  }
  options.onProgress?.({ state: 'done', receivedBytes: sizeBytes, totalBytes: sizeBytes });
  return { path, sizeBytes, sha256 };
}

export async function sha256Of(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { signal, highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The URL whose server must answer: the file's for a URL, the Hugging Face endpoint for `hf:`. */
function reachabilityTarget(source: string, huggingFaceEndpoint: string | undefined): { url: URL; isFile: boolean } {
  if (/^hf:/i.test(source)) {
    return { url: new URL(huggingFaceEndpoint ?? process.env.HF_ENDPOINT ?? DEFAULT_HUGGING_FACE), isFile: false };
  }
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw new DownloadError('invalid-source', `“${source}” is neither a URL nor an hf: reference (like hf:user/repo/model.gguf).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new DownloadError('invalid-source', `Only http(s) URLs and hf: references can be downloaded, not ${url.protocol}`);
  return { url, isFile: true };
}

async function preflight(target: { url: URL; isFile: boolean }, timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
  const signals = [AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])];
  let response: Response;
  try {
    response = await fetch(target.url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.any(signals) });
  } catch (error) {
    if (signal?.aborted) throw cancelledError();
    throw offlineError(target.url, error);
  }
  if (!target.isFile) return;
  if (response.status === 401 || response.status === 403) {
    throw new DownloadError('http', `${target.url.host} refused the download (${response.status}): the file may need an access token.`);
  }
  if (response.status === 404) throw new DownloadError('http', `${target.url.host} has no file at ${target.url.pathname} (404).`);
}

function offlineError(url: URL, error: unknown): DownloadError {
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause?.code;
  const why = cause ? ` (${cause})` : error instanceof Error && error.name === 'TimeoutError' ? ' (no answer)' : '';
  return new DownloadError('offline', `Could not reach ${url.host}: no network?${why}`);
}

function describeFailure(error: unknown, target: { url: URL }): DownloadError {
  const message = error instanceof Error ? error.message : String(error);
  if (/fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET/i.test(message)) return offlineError(target.url, error);
  return new DownloadError('failed', `The download failed: ${message}`);
}

function cancelledError(): DownloadError {
  return new DownloadError('cancelled', 'Download stopped. Starting it again resumes where it stopped.');
}
