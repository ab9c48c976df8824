import type { RemoteProvider } from '../../../shared/contract/models.js';
import { startFakeAnthropic } from './anthropic.js';
import type { FakeProviderServer, FakeServerOptions } from './fake-server.js';
import { startFakeGoogle } from './google.js';
import { startFakeOpenAi } from './openai.js';

export { anthropicDialect, startFakeAnthropic } from './anthropic.js';
export { googleDialect, startFakeGoogle } from './google.js';
export { openAiDialect, startFakeOpenAi } from './openai.js';
export * from './fake-server.js';

/** The fake server that speaks a remote provider's wire format ('openai-compatible' is OpenAI's). */
export function startFakeProvider(provider: RemoteProvider, options: FakeServerOptions = {}): Promise<FakeProviderServer> {
  switch (provider) {
    case 'openai':
    case 'openai-compatible':
      return startFakeOpenAi(options);
    case 'anthropic':
      return startFakeAnthropic(options);
    case 'google':
      return startFakeGoogle(options);
  }
}
