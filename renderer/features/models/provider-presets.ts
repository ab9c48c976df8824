import type { RemoteProvider } from '../../../shared/contract/models.js';

export const providerLabels: Record<RemoteProvider, string> = {
  openai: 'OpenAI',
  'openai-compatible': 'OpenAI-compatible',
  anthropic: 'Anthropic',
  google: 'Google Gemini',
};

export interface ProviderChoice {
  id: string;
  label: string;
  provider: RemoteProvider;
  /** Filled into the base URL field (OpenAI-compatible servers); the user may change host and port. */
  baseUrl?: string;
  /** Where the SDK sends requests when no base URL is given (shown as a placeholder). */
  defaultBaseUrl?: string;
  /** The key name the provider's own docs use; none for servers on this machine. */
  keyName: string | null;
  modelPlaceholder: string;
  hint?: string;
}

/** What the Add remote picker offers: the hosted APIs, and OpenAI-compatible servers with their usual addresses. */
export const providerChoices: readonly ProviderChoice[] = [
  { id: 'openai', label: 'OpenAI', provider: 'openai', defaultBaseUrl: 'https://api.openai.com/v1', keyName: 'OPENAI_API_KEY', modelPlaceholder: 'gpt-4o-mini' },
  {
    id: 'anthropic',
    label: 'Anthropic',
    provider: 'anthropic',
    defaultBaseUrl: 'https://api.anthropic.com/v1',
    keyName: 'ANTHROPIC_API_KEY',
    modelPlaceholder: 'claude-sonnet-4-5',
  },
  {
    id: 'google',
    label: 'Google Gemini',
    provider: 'google',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com/v1beta',
    keyName: 'GOOGLE_GENERATIVE_AI_API_KEY',
    modelPlaceholder: 'gemini-2.5-flash',
  },
  {
    id: 'compatible',
    label: 'OpenAI-compatible (custom)',
    provider: 'openai-compatible',
    baseUrl: 'http://127.0.0.1:8000/v1',
    keyName: 'OPENAI_COMPATIBLE_API_KEY',
    modelPlaceholder: 'the model name the server expects',
  },
  {
    id: 'vllm',
    label: 'vLLM',
    provider: 'openai-compatible',
    baseUrl: 'http://127.0.0.1:8000/v1',
    keyName: null,
    modelPlaceholder: 'meta-llama/Llama-3.1-8B-Instruct',
    hint: 'The model name is the one `vllm serve` was started with.',
  },
  {
    id: 'ollama',
    label: 'Ollama',
    provider: 'openai-compatible',
    baseUrl: 'http://127.0.0.1:11434/v1',
    keyName: null,
    modelPlaceholder: 'llama3.2:3b',
    hint: 'Use a tag from `ollama list`.',
  },
  {
    id: 'lmstudio',
    label: 'LM Studio',
    provider: 'openai-compatible',
    baseUrl: 'http://127.0.0.1:1234/v1',
    keyName: null,
    modelPlaceholder: 'qwen2.5-7b-instruct',
    hint: 'Start the server in LM Studio’s Developer tab; the model name is its API identifier.',
  },
  {
    id: 'llamacpp',
    label: 'llama.cpp server',
    provider: 'openai-compatible',
    baseUrl: 'http://127.0.0.1:8080/v1',
    keyName: null,
    modelPlaceholder: 'any name (the server serves one model)',
  },
  {
    id: 'openrouter',
    label: 'OpenRouter',
    provider: 'openai-compatible',
    baseUrl: 'https://openrouter.ai/api/v1',
    keyName: 'OPENROUTER_API_KEY',
    modelPlaceholder: 'anthropic/claude-3.5-sonnet',
  },
  {
    id: 'together',
    label: 'Together',
    provider: 'openai-compatible',
    baseUrl: 'https://api.together.xyz/v1',
    keyName: 'TOGETHER_API_KEY',
    modelPlaceholder: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
  },
  {
    id: 'groq',
    label: 'Groq',
    provider: 'openai-compatible',
    baseUrl: 'https://api.groq.com/openai/v1',
    keyName: 'GROQ_API_KEY',
    modelPlaceholder: 'llama-3.3-70b-versatile',
  },
];

export const keyNamePattern = /^[A-Z][A-Z0-9_]{1,63}$/;

/** "http://127.0.0.1:8000/v1" → "127.0.0.1:8000/v1": the part that tells endpoints apart. */
export function shortUrl(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/+$/, '');
}
