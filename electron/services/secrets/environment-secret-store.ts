import type { SecretInfo } from '../../../shared/contract/models.js';
import { AppError } from '../../../shared/errors.js';
import { maskSecret, wellKnownKeyNames, type SecretStore } from './secret-store.js';

/**
 * Headless mode: keys come from environment variables and cannot be changed from the app.
 * Lists the well-known names, every `*_API_KEY` variable that is set, and any name asked for.
 */
export function environmentSecretStore(env: Record<string, string | undefined> = process.env): SecretStore {
  const asked = new Set<string>();
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw ? raw : undefined;
  };
  const info = (name: string): SecretInfo => {
    const current = value(name);
    return { name, isSet: current !== undefined, masked: current === undefined ? null : maskSecret(current), source: 'environment', writable: false };
  };
  const readOnly = (name: string): AppError =>
    new AppError('INVALID_INPUT', `In headless mode API keys come from environment variables: set ${name} before \`arbiter serve\`.`);

  return {
    list() {
      const fromEnv = Object.keys(env).filter((name) => /^[A-Z][A-Z0-9_]*_API_KEY$/.test(name) && value(name) !== undefined);
      const names = new Set<string>([...wellKnownKeyNames, ...asked, ...fromEnv]);
      return [...names].sort().map(info);
    },
    get(name) {
      asked.add(name);
      return value(name);
    },
    set(name) {
      throw readOnly(name);
    },
    remove(name) {
      throw readOnly(name);
    },
  };
}
