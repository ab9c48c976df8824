import type { RemoteProvider } from '../../../../shared/contract/models.js';
import { AppError } from '../../../../shared/errors.js';

/** Where each hosted API lives when the model entry gives no base URL (the SDKs' own defaults). */
export const defaultBaseUrls: Record<Exclude<RemoteProvider, 'openai-compatible'>, string> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com/v1',
  google: 'https://generativelanguage.googleapis.com/v1beta',
};

const providerNames: Record<RemoteProvider, string> = {
  openai: 'OpenAI',
  'openai-compatible': 'the server',
  anthropic: 'Anthropic',
  google: 'Google Gemini',
};

/** The base URL a request goes to: the entry's own, else the provider's default, without trailing slashes. */
export function resolveBaseUrl(provider: RemoteProvider, baseUrl: string | null | undefined): string {
  const given = baseUrl?.trim();
  if (!given) {
    if (provider === 'openai-compatible') {
      throw new AppError('INVALID_INPUT', 'An OpenAI-compatible endpoint needs a base URL, such as http://127.0.0.1:8000/v1.');
    }
    return defaultBaseUrls[provider];
  }
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new AppError('INVALID_INPUT', `“${given}” is not a URL; a base URL looks like http://127.0.0.1:8000/v1.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('INVALID_INPUT', `A base URL starts with http:// or https://, not ${url.protocol}//.`);
  }
  return given.replace(/\/+$/, '');
}

/** Identity for cache keys: provider, endpoint and model; never a key (user:password in a URL is dropped). */
export function remoteProviderId(provider: RemoteProvider, baseUrl: string, model: string): string {
  return `${provider}|${withoutCredentials(baseUrl)}|${model}`;
}

/** Who we talked to, in words for error messages. */
export function endpointLabel(provider: RemoteProvider, baseUrl: string): string {
  const shown = withoutCredentials(baseUrl);
  if (provider === 'openai-compatible') return `the server at ${shown}`;
  return baseUrl === defaultBaseUrls[provider] ? providerNames[provider] : `${providerNames[provider]} at ${shown}`;
}

function withoutCredentials(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    if (!url.username && !url.password && !url.search) return baseUrl;
    url.username = '';
    url.password = '';
    url.search = '';
    return url.toString().replace(/\/+$/, '');
  } catch {
    return baseUrl;
  }
}
