import type { LocalModel, RemoteModel, SecretInfo } from '../../../shared/contract/models.js';
import { formatBytes, formatParameterCount } from '../../ui/format.js';
import { providerLabels, shortUrl } from './provider-presets.js';

/** "llama · 1.2M · Q8_0 · 3.4 MB": what the GGUF header says, in the order model cards use. */
export function localSummary(model: LocalModel): string {
  const header = model.header;
  if (!header) return 'GGUF header not readable';
  return [header.architecture, formatParameterCount(header.parameterCount), header.quantization ?? 'unknown quant', formatBytes(header.fileSizeBytes)].join(' · ');
}

export function contextLabel(tokens: number | null | undefined): string {
  if (tokens === null || tokens === undefined) return 'unknown';
  return tokens >= 1024 && tokens % 1024 === 0 ? `${tokens / 1024}K` : tokens.toLocaleString();
}

export function remoteSummary(model: RemoteModel): string {
  return `${providerLabels[model.provider]} · ${model.model}`;
}

export function endpointLabel(model: RemoteModel): string {
  if (model.baseUrl) return shortUrl(model.baseUrl);
  return 'default endpoint';
}

/** How a model entry's key stands, from the secrets list (masked) or the entry's own flag. */
export function keyState(model: RemoteModel, secrets: readonly SecretInfo[] | undefined): { isSet: boolean; masked: string | null } {
  const secret = secrets?.find((candidate) => candidate.name === model.apiKeyName);
  return { isSet: secret?.isSet ?? model.apiKeySet, masked: secret?.masked ?? null };
}

/** Servers on this machine usually need no key; a missing key there is not a problem to flag. */
export function isLocalEndpoint(model: RemoteModel): boolean {
  if (!model.baseUrl) return false;
  try {
    const host = new URL(model.baseUrl).hostname;
    return host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '[::1]' || host.endsWith('.local');
  } catch {
    return false;
  }
}
