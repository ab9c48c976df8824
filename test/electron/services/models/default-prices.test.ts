// default-prices lives in electron/services/models/; tested here beside the providers that charge by it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultPrices } from '../../../../electron/services/models/default-prices.js';

const price = (input: number, output: number) => ({ inputPerMillion: input, outputPerMillion: output });
const unknown = { inputPerMillion: null, outputPerMillion: null };

test('exact names and dated snapshots get the family’s list price', () => {
  assert.deepEqual(defaultPrices('openai', 'gpt-4o'), price(2.5, 10));
  assert.deepEqual(defaultPrices('openai', 'gpt-4o-mini-2024-07-18'), price(0.15, 0.6));
  assert.deepEqual(defaultPrices('openai', 'gpt-4o-2024-05-13'), price(5, 15));
  assert.deepEqual(defaultPrices('openai', 'gpt-4.1-nano-2025-04-14'), price(0.1, 0.4));
  assert.deepEqual(defaultPrices('openai', 'o3-mini'), price(1.1, 4.4));
  assert.deepEqual(defaultPrices('openai', 'o1-2024-12-17'), price(15, 60));
  assert.deepEqual(defaultPrices('anthropic', 'claude-sonnet-4-5-20250929'), price(3, 15));
  assert.deepEqual(defaultPrices('anthropic', 'claude-opus-4-1-20250805'), price(15, 75));
  assert.deepEqual(defaultPrices('anthropic', 'claude-3-5-haiku-latest'), price(0.8, 4));
  assert.deepEqual(defaultPrices('anthropic', 'claude-sonnet-4@20250514'), price(3, 15));
  assert.deepEqual(defaultPrices('google', 'gemini-2.5-flash-lite'), price(0.1, 0.4));
  assert.deepEqual(defaultPrices('google', 'models/gemini-2.5-pro'), price(1.25, 10));
  assert.deepEqual(defaultPrices('google', 'gemini-2.0-flash-001'), price(0.1, 0.4));
});

test('a newer minor version or a different family is not guessed', () => {
  assert.deepEqual(defaultPrices('anthropic', 'claude-opus-4-9'), unknown);
  assert.deepEqual(defaultPrices('openai', 'gpt-5.9'), unknown);
  assert.deepEqual(defaultPrices('openai', 'o1x'), unknown);
  assert.deepEqual(defaultPrices('openai', 'claude-sonnet-4-5'), unknown, 'prices belong to their provider');
});

test('OpenAI-compatible routers: vendor prefixes and dotted Claude versions; self-hosted models are unknown', () => {
  assert.deepEqual(defaultPrices('openai-compatible', 'openai/gpt-4o-mini'), price(0.15, 0.6));
  assert.deepEqual(defaultPrices('openai-compatible', 'anthropic/claude-3.5-sonnet'), price(3, 15));
  assert.deepEqual(defaultPrices('openai-compatible', 'google/gemini-2.5-flash'), price(0.3, 2.5));
  assert.deepEqual(defaultPrices('openai-compatible', 'llama-3.1-8b-instruct'), unknown);
  assert.deepEqual(defaultPrices('openai-compatible', 'Qwen/Qwen2.5-7B-Instruct'), unknown);
});
