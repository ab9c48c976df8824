// Tiny random-weight llama-architecture GGUF models for the demo workspace and the tests (no
// weights are ever downloaded). They load and generate with node-llama-cpp; their text is word salad.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { GgufWriter, mulberry32, type GgufTensor } from './gguf-writer.js';

/** Bump when the bytes a given set of options produces change, so cached files are regenerated. */
export const TINY_LLAMA_FORMAT = 2;

export const COMMON_WORDS: readonly string[] = [
  'the', 'be', 'to', 'of', 'and', 'a', 'in', 'that', 'have', 'it', 'for', 'not', 'on', 'with', 'he', 'as',
  'you', 'do', 'at', 'this', 'but', 'his', 'by', 'from', 'they', 'we', 'say', 'her', 'she', 'or', 'an',
  'will', 'my', 'one', 'all', 'would', 'there', 'their', 'what', 'so', 'up', 'out', 'if', 'about', 'who',
  'get', 'which', 'go', 'me', 'when', 'make', 'can', 'like', 'time', 'no', 'just', 'him', 'know', 'take',
  'people', 'into', 'year', 'your', 'good', 'some', 'could', 'them', 'see', 'other', 'than', 'then', 'now',
  'look', 'only', 'come', 'its', 'over', 'think', 'also', 'back', 'after', 'use', 'two', 'how', 'our',
  'work', 'first', 'well', 'way', 'even', 'new', 'want', 'because', 'any', 'these', 'give', 'day', 'most',
  'us', 'is', 'are', 'was', 'were', 'has', 'had', 'said', 'did', 'made', 'find', 'long', 'down', 'been',
  'may', 'call', 'water', 'sun', 'moon', 'sky', 'tree', 'river', 'stone', 'light', 'night', 'red', 'blue',
  'green', 'cat', 'dog', 'bird', 'fish', 'hello', 'world', 'yes', 'please', 'thank', 'friend', 'home',
  'house', 'road', 'city', 'book', 'word', 'story', 'song', 'game', 'test', 'model', 'answer', 'question',
];

/** Default vocab: 48 words, which with every prefix and the byte tokens is ~350 tokens. */
export const DEFAULT_VOCAB_WORDS: readonly string[] = [...COMMON_WORDS.slice(0, 40), 'hello', 'world', 'cat', 'dog', 'sun', 'moon', 'water', 'answer'];

/** The ChatML template as published with many Hugging Face models. */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

export type TinyLlamaOptions = {
  seed: number;
  embeddingLength: number;
  blockCount: number;
  headCount: number;
  headCountKv: number;
  feedForwardLength: number;
  contextLength: number;
  /** Each word becomes ▁-prefixed pieces for all of its prefixes, so the whole word is one token. */
  vocabWords: readonly string[];
  name: string;
  chatTemplate?: string;
  /** Extra control tokens (type 3), e.g. ChatML's `<|im_start|>` / `<|im_end|>`. */
  controlTokens?: readonly string[];
  /** Metadata keys to leave out, to produce deliberately broken models. */
  omitKeys?: readonly string[];
};

export const DEFAULT_TINY_LLAMA_OPTIONS: TinyLlamaOptions = {
  seed: 1,
  embeddingLength: 64,
  blockCount: 2,
  headCount: 4,
  headCountKv: 2,
  feedForwardLength: 128,
  contextLength: 512,
  vocabWords: DEFAULT_VOCAB_WORDS,
  name: 'tiny-llama',
};

export const SPM_SPACE = '\u2581'; // ▁, SentencePiece's word-boundary marker

// llama.cpp token types (llama_token_type).
const TOKEN_TYPE = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

export const UNK_ID = 0;
export const BOS_ID = 1;
export const EOS_ID = 2;

export type TinyVocab = {
  tokens: string[];
  scores: number[];
  types: number[];
  /** Ids of pieces that are whole vocab words (not just prefixes of one). */
  wholeWordIds: Set<number>;
};

export function buildVocab(words: readonly string[], controlTokens: readonly string[] = []): TinyVocab {
  const tokens = ['<unk>', '<s>', '</s>'];
  const types: number[] = [TOKEN_TYPE.unknown, TOKEN_TYPE.control, TOKEN_TYPE.control];
  for (const t of controlTokens) {
    tokens.push(t);
    types.push(TOKEN_TYPE.control);
  }
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(TOKEN_TYPE.byte);
  }
  const firstWordPieceId = tokens.length;
  const seen = new Set<string>(tokens);
  const pieces = [SPM_SPACE];
  for (const word of words) {
    if (word.length === 0 || /\s/.test(word)) throw new Error(`vocab word must be non-empty without spaces: ${JSON.stringify(word)}`);
    // By code point: SPM starts from UTF-8 characters and merges pairs whose concatenation is a token.
    const chars = Array.from(word);
    for (let i = 1; i <= chars.length; i++) pieces.push(SPM_SPACE + chars.slice(0, i).join(''));
  }
  for (const piece of pieces) {
    if (seen.has(piece)) continue;
    seen.add(piece);
    tokens.push(piece);
    types.push(TOKEN_TYPE.normal);
  }
  const wholeWords = new Set(words.map((word) => SPM_SPACE + word));
  const wholeWordIds = new Set(tokens.flatMap((t, id) => (id >= firstWordPieceId && wholeWords.has(t) ? [id] : [])));
  // SPM merges the highest-scoring pair first; only ▁-prefix extensions exist, so order barely matters.
  const scores = tokens.map((_, id) => (id < firstWordPieceId ? 0 : -(id - firstWordPieceId)));
  return { tokens, scores, types, wholeWordIds };
}

function uniform(rand: () => number, std: number) {
  const a = std * Math.sqrt(3); // uniform(-a, a) has this std
  return (out: Float32Array) => {
    for (let i = 0; i < out.length; i++) out[i] = (rand() * 2 - 1) * a;
  };
}

const ones = (out: Float32Array) => out.fill(1);

function validate(o: TinyLlamaOptions): void {
  const positive = ['embeddingLength', 'blockCount', 'headCount', 'headCountKv', 'feedForwardLength', 'contextLength'] as const;
  for (const key of positive) if (!Number.isInteger(o[key]) || o[key] <= 0) throw new Error(`${key} must be a positive integer`);
  if (o.embeddingLength % o.headCount !== 0) throw new Error('embeddingLength must be divisible by headCount');
  if (o.headCount % o.headCountKv !== 0) throw new Error('headCount must be divisible by headCountKv');
  if ((o.embeddingLength / o.headCount) % 2 !== 0) throw new Error('head size must be even for RoPE');
}

export function resolveTinyLlamaOptions(options: Partial<TinyLlamaOptions> = {}): TinyLlamaOptions {
  const resolved = { ...DEFAULT_TINY_LLAMA_OPTIONS, ...options };
  validate(resolved);
  return resolved;
}

/** Stable name for the file these options produce; the hash makes it a cache key. */
export function tinyLlamaFileName(options: Partial<TinyLlamaOptions> = {}): string {
  const o = resolveTinyLlamaOptions(options);
  const canonical = JSON.stringify([
    TINY_LLAMA_FORMAT, o.seed, o.embeddingLength, o.blockCount, o.headCount, o.headCountKv, o.feedForwardLength,
    o.contextLength, o.vocabWords, o.name, o.chatTemplate ?? null, o.controlTokens ?? [], o.omitKeys ?? [],
  ]);
  const hash = createHash('sha256').update(canonical).digest('hex').slice(0, 12);
  const safeName = o.name.replace(/[^a-zA-Z0-9._-]+/g, '_');
  return `${safeName}-${hash}.gguf`;
}

/** Writes a random-weight llama model; same options → byte-identical file. Returns the byte size. */
export function writeTinyLlama(path: string, options: Partial<TinyLlamaOptions> = {}): number {
  const o = resolveTinyLlamaOptions(options);
  const vocab = buildVocab(o.vocabWords, o.controlTokens);
  const nVocab = vocab.tokens.length;
  const nEmbd = o.embeddingLength;
  const headDim = nEmbd / o.headCount;
  const nEmbdKv = headDim * o.headCountKv;
  const nFf = o.feedForwardLength;

  const w = new GgufWriter();
  w.set('general.architecture', { type: 'string', value: 'llama' });
  w.set('general.name', { type: 'string', value: o.name });
  w.set('general.file_type', { type: 'uint32', value: 0 }); // LLAMA_FTYPE_ALL_F32
  w.set('llama.context_length', { type: 'uint32', value: o.contextLength });
  w.set('llama.embedding_length', { type: 'uint32', value: nEmbd });
  w.set('llama.block_count', { type: 'uint32', value: o.blockCount });
  w.set('llama.feed_forward_length', { type: 'uint32', value: nFf });
  w.set('llama.attention.head_count', { type: 'uint32', value: o.headCount });
  w.set('llama.attention.head_count_kv', { type: 'uint32', value: o.headCountKv });
  w.set('llama.attention.layer_norm_rms_epsilon', { type: 'float32', value: 1e-5 });
  w.set('llama.rope.dimension_count', { type: 'uint32', value: headDim });
  w.set('llama.rope.freq_base', { type: 'float32', value: 10000 });
  w.set('llama.vocab_size', { type: 'uint32', value: nVocab });
  w.set('tokenizer.ggml.model', { type: 'string', value: 'llama' });
  w.set('tokenizer.ggml.tokens', { type: 'array', itemType: 'string', values: vocab.tokens });
  w.set('tokenizer.ggml.scores', { type: 'array', itemType: 'float32', values: vocab.scores });
  w.set('tokenizer.ggml.token_type', { type: 'array', itemType: 'int32', values: vocab.types });
  w.set('tokenizer.ggml.bos_token_id', { type: 'uint32', value: BOS_ID });
  w.set('tokenizer.ggml.eos_token_id', { type: 'uint32', value: EOS_ID });
  w.set('tokenizer.ggml.unknown_token_id', { type: 'uint32', value: UNK_ID });
  w.set('tokenizer.ggml.add_bos_token', { type: 'bool', value: true });
  w.set('tokenizer.ggml.add_eos_token', { type: 'bool', value: false });
  if (o.chatTemplate !== undefined) w.set('tokenizer.chat_template', { type: 'string', value: o.chatTemplate });
  for (const key of o.omitKeys ?? []) w.delete(key);

  // One PRNG stream in tensor order keeps the file a pure function of the options.
  const rand = mulberry32(o.seed);
  const matrix = (name: string, inDim: number, outDim: number): GgufTensor =>
    // ggml dims are [ne0, ne1] = [input (row length), output]; llama.cpp checks these exact shapes.
    ({ name, dims: [inDim, outDim], fill: uniform(rand, 1 / Math.sqrt(inDim)) });

  w.addTensor({ name: 'token_embd.weight', dims: [nEmbd, nVocab], fill: uniform(rand, 1) });
  for (let i = 0; i < o.blockCount; i++) {
    const p = `blk.${i}`;
    w.addTensor({ name: `${p}.attn_norm.weight`, dims: [nEmbd], fill: ones });
    w.addTensor(matrix(`${p}.attn_q.weight`, nEmbd, nEmbd));
    w.addTensor(matrix(`${p}.attn_k.weight`, nEmbd, nEmbdKv));
    w.addTensor(matrix(`${p}.attn_v.weight`, nEmbd, nEmbdKv));
    w.addTensor(matrix(`${p}.attn_output.weight`, nEmbd, nEmbd));
    w.addTensor({ name: `${p}.ffn_norm.weight`, dims: [nEmbd], fill: ones });
    w.addTensor(matrix(`${p}.ffn_gate.weight`, nEmbd, nFf));
    w.addTensor(matrix(`${p}.ffn_up.weight`, nEmbd, nFf));
    w.addTensor(matrix(`${p}.ffn_down.weight`, nFf, nEmbd));
  }
  w.addTensor({ name: 'output_norm.weight', dims: [nEmbd], fill: ones });
  w.addTensor({
    name: 'output.weight',
    dims: [nEmbd, nVocab],
    fill: (out) => {
      // Zero rows for all but whole words: generation then samples words (readable salad, valid
      // UTF-8) and rarely hits EOS, so short runs are never empty.
      uniform(rand, 0.5)(out);
      for (let id = 0; id < nVocab; id++) if (!vocab.wholeWordIds.has(id)) out.fill(0, id * nEmbd, (id + 1) * nEmbd);
    },
  });
  return w.writeFile(path);
}

export type TinyModelPaths = { tinyA: string; tinyB: string };
export type BrokenTinyModelPaths = {
  /** Aborts the whole process on load (GGML_ASSERT): load it only in a child process. */
  missingHeadCount: string;
  /** Fails to load with a catchable error. */
  missingContextLength: string;
};

export const TINY_A_OPTIONS: TinyLlamaOptions = { ...DEFAULT_TINY_LLAMA_OPTIONS, seed: 1, name: 'tiny-a' };

export const TINY_B_OPTIONS: TinyLlamaOptions = {
  ...DEFAULT_TINY_LLAMA_OPTIONS,
  seed: 2,
  name: 'tiny-b',
  embeddingLength: 96,
  blockCount: 3,
  headCount: 4,
  headCountKv: 4,
  feedForwardLength: 192,
  vocabWords: [...COMMON_WORDS.slice(40, 100), 'hello', 'world', 'bird', 'fish', 'river', 'stone', 'answer'],
  chatTemplate: CHATML_TEMPLATE,
  controlTokens: ['<|im_start|>', '<|im_end|>'],
};

/** Demo-only: a bigger sibling (~12 MB), for demos where generation should take visibly longer than tiny-a/b. */
export const SMALL_C_OPTIONS: TinyLlamaOptions = {
  ...TINY_A_OPTIONS,
  seed: 3,
  name: 'small-c',
  embeddingLength: 256,
  blockCount: 4,
  headCount: 8,
  headCountKv: 4,
  feedForwardLength: 688,
  contextLength: 2048,
  vocabWords: COMMON_WORDS,
};

export const BROKEN_MISSING_HEAD_COUNT_OPTIONS: TinyLlamaOptions = {
  ...TINY_A_OPTIONS,
  name: 'tiny-broken-no-head-count',
  omitKeys: ['llama.attention.head_count'],
};

export const BROKEN_MISSING_CONTEXT_LENGTH_OPTIONS: TinyLlamaOptions = {
  ...TINY_A_OPTIONS,
  name: 'tiny-broken-no-context-length',
  omitKeys: ['llama.context_length'],
};

/** Path of the model for these options in dir, written only if it is not there yet. */
export function ensureTinyLlama(dir: string, options: Partial<TinyLlamaOptions>): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, tinyLlamaFileName(options));
  if (!existsSync(path)) writeTinyLlama(path, options);
  return path;
}

export function ensureTinyModels(dir: string): TinyModelPaths;
export function ensureTinyModels(dir: string, options: { broken: true }): TinyModelPaths & { broken: BrokenTinyModelPaths };
export function ensureTinyModels(dir: string, options: { broken?: boolean } = {}): TinyModelPaths & { broken?: BrokenTinyModelPaths } {
  const paths = { tinyA: ensureTinyLlama(dir, TINY_A_OPTIONS), tinyB: ensureTinyLlama(dir, TINY_B_OPTIONS) };
  if (!options.broken) return paths;
  return {
    ...paths,
    broken: {
      missingHeadCount: ensureTinyLlama(dir, BROKEN_MISSING_HEAD_COUNT_OPTIONS),
      missingContextLength: ensureTinyLlama(dir, BROKEN_MISSING_CONTEXT_LENGTH_OPTIONS),
    },
  };
}
