import type { RemoteProvider, SecretInfo } from '../../../shared/contract/models.js';
import { AppError } from '../../../shared/errors.js';

/**
 * Where API keys live: the OS keychain (Electron safeStorage) on the desktop, environment
 * variables in headless mode. Values never leave the backend: `list` shows only masks.
 */
export interface SecretStore {
  /** Every key name the user may care about: the well-known ones and those stored or asked for. */
  list(): SecretInfo[];
  /** The key itself, for the backend's own requests. Never send it to the renderer, a log or DuckDB. */
  get(name: string): string | undefined;
  set(name: string, value: string): SecretInfo;
  /** True when something was removed. */
  remove(name: string): boolean;
}

/** The names the official SDKs read by default. */
export const wellKnownKeyNames = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GOOGLE_GENERATIVE_AI_API_KEY'] as const;

const secretNamePattern = /^[A-Z][A-Z0-9_]{1,63}$/;

/** Hosted OpenAI-compatible services and the variable names their own docs use. */
const compatibleHostKeyNames: [RegExp, string][] = [
  [/(^|\.)openrouter\.ai$/, 'OPENROUTER_API_KEY'],
  [/(^|\.)groq\.com$/, 'GROQ_API_KEY'],
  [/(^|\.)together\.(xyz|ai)$/, 'TOGETHER_API_KEY'],
  [/(^|\.)deepseek\.com$/, 'DEEPSEEK_API_KEY'],
  [/(^|\.)mistral\.ai$/, 'MISTRAL_API_KEY'],
  [/(^|\.)fireworks\.ai$/, 'FIREWORKS_API_KEY'],
  [/(^|\.)x\.ai$/, 'XAI_API_KEY'],
  [/(^|\.)openai\.com$/, 'OPENAI_API_KEY'],
];

/** The key name a new model entry gets unless the user picks another. */
export function defaultApiKeyName(provider: RemoteProvider, baseUrl?: string | null): string {
  switch (provider) {
    case 'openai':
      return 'OPENAI_API_KEY';
    case 'anthropic':
      return 'ANTHROPIC_API_KEY';
    case 'google':
      return 'GOOGLE_GENERATIVE_AI_API_KEY';
    case 'openai-compatible': {
      const host = hostOf(baseUrl);
      const known = host ? compatibleHostKeyNames.find(([pattern]) => pattern.test(host)) : undefined;
      return known ? known[1] : 'OPENAI_COMPATIBLE_API_KEY';
    }
  }
}

/** "sk-proj-abc…" → "sk-…c3Fa": enough to tell keys apart, too little to use one. */
export function maskSecret(value: string): string {
  const trimmed = value.trim();
  // Short values would give away too large a share of themselves.
  if (trimmed.length < 12) return '…';
  const prefix = /^[A-Za-z]{2,3}-/.exec(trimmed)?.[0] ?? '';
  return `${prefix}…${trimmed.slice(-4)}`;
}

export function assertSecretName(name: string): void {
  if (!secretNamePattern.test(name)) throw new AppError('INVALID_INPUT', `“${name}” is not a key name: names are like OPENAI_API_KEY.`);
}

function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}
