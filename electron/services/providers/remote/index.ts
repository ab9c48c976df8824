export { defaultBaseUrls, endpointLabel, remoteProviderId, resolveBaseUrl } from './endpoint.js';
export { parseRetryAfter, scrubSecrets, toGenerationError } from './remote-errors.js';
export { createRemoteProvider, defaultRemoteTimeoutMs, type RemoteModelProvider, type RemoteProviderOptions } from './remote-provider.js';
export { retryDelay, type RetryDelayOptions } from './retry-delay.js';
export { testConnection, type ConnectionCheck } from './test-connection.js';
export { preloadClient } from './language-model.js';
