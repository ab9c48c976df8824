import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretInfo } from '../../../shared/contract/models.js';
import { AppError } from '../../../shared/errors.js';
import { assertSecretName, maskSecret, wellKnownKeyNames, type SecretStore } from './secret-store.js';

/** The OS-backed cipher: Electron's safeStorage in the app, injected so this file stays Electron-free. */
export interface SecretCipher {
  encrypt(plaintext: string): Buffer;
  decrypt(ciphertext: Buffer): string;
  isAvailable(): boolean;
}

export interface EncryptedFileSecretStoreOptions extends SecretCipher {
  /** A JSON file of name → base64 ciphertext; created with 0600 permissions. */
  file: string;
}

interface SecretFile {
  version: 1;
  secrets: Record<string, string>;
}

/**
 * Desktop mode: each key encrypted by the OS keychain, only ciphertext on disk.
 * A key that no longer decrypts (the keychain was reset) reads as an error that asks for it again.
 */
export function encryptedFileSecretStore(options: EncryptedFileSecretStoreOptions): SecretStore {
  const { file } = options;

  const read = (): SecretFile => {
    if (!existsSync(file)) return { version: 1, secrets: {} };
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      throw new AppError('INTERNAL', `The key file ${file} is damaged; remove it and enter the keys again.`);
    }
    const secrets = (parsed as Partial<SecretFile> | null)?.secrets;
    if (!secrets || typeof secrets !== 'object') return { version: 1, secrets: {} };
    return { version: 1, secrets: Object.fromEntries(Object.entries(secrets).filter(([, v]) => typeof v === 'string')) };
  };

  const write = (content: SecretFile): void => {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // Write then rename, so a crash never leaves half a file; chmod because umask may loosen `mode`.
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, file);
  };

  const decrypt = (name: string, ciphertext: string): string => {
    try {
      return options.decrypt(Buffer.from(ciphertext, 'base64'));
    } catch {
      throw new AppError('INTERNAL', `The saved key ${name} could not be decrypted (was the system keychain reset?). Enter it again.`);
    }
  };

  const info = (name: string, secrets: Record<string, string>): SecretInfo => {
    const ciphertext = secrets[name];
    let masked: string | null = null;
    if (ciphertext !== undefined) {
      try {
        masked = maskSecret(decrypt(name, ciphertext));
      } catch {
        masked = null;
      }
    }
    return { name, isSet: ciphertext !== undefined, masked, source: 'keychain', writable: options.isAvailable() };
  };

  return {
    list() {
      const { secrets } = read();
      const names = new Set<string>([...wellKnownKeyNames, ...Object.keys(secrets)]);
      return [...names].sort().map((name) => info(name, secrets));
    },
    get(name) {
      const ciphertext = read().secrets[name];
      return ciphertext === undefined ? undefined : decrypt(name, ciphertext);
    },
    set(name, value) {
      assertSecretName(name);
      const trimmed = value.trim();
      if (trimmed.length === 0) throw new AppError('INVALID_INPUT', 'The key is empty.');
      if (!options.isAvailable()) {
        throw new AppError('INTERNAL', 'The system keychain is not available, so the key cannot be stored safely. Set it as an environment variable instead.');
      }
      const content = read();
      content.secrets[name] = options.encrypt(trimmed).toString('base64');
      write(content);
      return info(name, content.secrets);
    },
    remove(name) {
      const content = read();
      if (!(name in content.secrets)) return false;
      delete content.secrets[name];
      write(content);
      return true;
    },
  };
}
