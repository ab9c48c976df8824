import type { Prices, RemoteProvider } from '../../../shared/contract/models.js';

/**
 * Starting prices for well-known hosted models, in US dollars per million tokens
 * ([input, output]). These are the providers' public list prices as far as we knew when this
 * was written, for standard (non-batch, uncached) requests and the shortest context tier; they
 * change, so every model entry's prices stay editable and these are only a default.
 */
type Table = Record<string, readonly [input: number, output: number]>;

const openai: Table = {
  'gpt-5': [1.25, 10],
  'gpt-5-mini': [0.25, 2],
  'gpt-5-nano': [0.05, 0.4],
  'gpt-4.1': [2, 8],
  'gpt-4.1-mini': [0.4, 1.6],
  'gpt-4.1-nano': [0.1, 0.4],
  'gpt-4o': [2.5, 10],
  'gpt-4o-2024-05-13': [5, 15],
  'gpt-4o-mini': [0.15, 0.6],
  'gpt-4-turbo': [10, 30],
  'gpt-4-1106-preview': [10, 30],
  'gpt-4-0125-preview': [10, 30],
  'gpt-4': [30, 60],
  'gpt-3.5-turbo': [0.5, 1.5],
  o1: [15, 60],
  'o1-mini': [1.1, 4.4],
  'o1-pro': [150, 600],
  o3: [2, 8],
  'o3-mini': [1.1, 4.4],
  'o3-pro': [20, 80],
  'o3-deep-research': [10, 40],
  'o4-mini': [1.1, 4.4],
  'o4-mini-deep-research': [2, 8],
};

const anthropic: Table = {
  'claude-opus-4-5': [5, 25],
  'claude-opus-4-1': [15, 75],
  'claude-opus-4': [15, 75],
  'claude-sonnet-4-5': [3, 15],
  'claude-sonnet-4': [3, 15],
  'claude-haiku-4-5': [1, 5],
  'claude-3-7-sonnet': [3, 15],
  'claude-3-5-sonnet': [3, 15],
  'claude-3-5-haiku': [0.8, 4],
  'claude-3-opus': [15, 75],
  'claude-3-haiku': [0.25, 1.25],
};

// Gemini Pro models cost more for prompts over 200k tokens; these are the lower tier.
const google: Table = {
  'gemini-2.5-pro': [1.25, 10],
  'gemini-2.5-flash': [0.3, 2.5],
  'gemini-2.5-flash-lite': [0.1, 0.4],
  'gemini-2.0-flash': [0.1, 0.4],
  'gemini-2.0-flash-lite': [0.075, 0.3],
  'gemini-1.5-pro': [1.25, 5],
  'gemini-1.5-flash': [0.075, 0.3],
  'gemini-1.5-flash-8b': [0.0375, 0.15],
};

const tables: Record<RemoteProvider, Table[]> = {
  openai: [openai],
  anthropic: [anthropic],
  google: [google],
  // Routers such as OpenRouter serve the same models under "vendor/model"; self-hosted ones have no list price.
  'openai-compatible': [openai, anthropic, google],
};

export const unknownPrices: Prices = { inputPerMillion: null, outputPerMillion: null };

/**
 * The list price of `model`, matching the longest known name it starts with ("gpt-4o-mini-2024-07-18"
 * → "gpt-4o-mini"), as long as what follows is a date, alias or variant and not a newer minor
 * version ("claude-opus-4-6" is not "claude-opus-4"). Unknown models get nulls.
 */
export function defaultPrices(provider: RemoteProvider, model: string): Prices {
  const name = normalize(model);
  let best: { length: number; price: readonly [number, number] } | null = null;
  for (const table of tables[provider]) {
    for (const [key, price] of Object.entries(table)) {
      if (!matches(name, key)) continue;
      if (!best || key.length > best.length) best = { length: key.length, price };
    }
  }
  return best ? { inputPerMillion: best.price[0], outputPerMillion: best.price[1] } : { ...unknownPrices };
}

function normalize(model: string): string {
  let name = model.trim().toLowerCase();
  name = name.replace(/^models\//, ''); // Gemini's resource names
  name = name.replace(/^[a-z0-9._-]+\//, ''); // a router's "vendor/" prefix
  // Routers write Claude versions with dots ("claude-3.5-sonnet"); Anthropic uses dashes.
  if (name.startsWith('claude-')) name = name.replace(/(\d)\.(\d)/g, '$1-$2');
  return name;
}

function matches(name: string, key: string): boolean {
  if (name === key) return true;
  if (!name.startsWith(key)) return false;
  const rest = name.slice(key.length);
  if (!/^[-@:]/.test(rest)) return false; // "gpt-5.1" is not "gpt-5", "o1x" is not "o1"
  return !/^-[1-9](?:$|[-@:])/.test(rest); // a minor version: "-6" in "claude-opus-4-6"
}
