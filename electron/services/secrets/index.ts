export { encryptedFileSecretStore, type EncryptedFileSecretStoreOptions, type SecretCipher } from './encrypted-file-secret-store.js';
export { environmentSecretStore } from './environment-secret-store.js';
export { assertSecretName, defaultApiKeyName, maskSecret, wellKnownKeyNames, type SecretStore } from './secret-store.js';
