import type { SafeStorage } from 'electron';
import { encryptedFileSecretStore, type SecretStore } from '../services/secrets/index.js';

/** API keys encrypted by the OS keychain (safeStorage), as ciphertext in a file of the user's data. */
export function safeStorageSecrets(safeStorage: Pick<SafeStorage, 'encryptString' | 'decryptString' | 'isEncryptionAvailable'>, file: string): SecretStore {
  return encryptedFileSecretStore({
    file,
    encrypt: (value) => safeStorage.encryptString(value),
    decrypt: (cipher) => safeStorage.decryptString(cipher),
    isAvailable: () => safeStorage.isEncryptionAvailable(),
  });
}
