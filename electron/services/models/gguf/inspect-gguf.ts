import { open, stat } from 'node:fs/promises';
import { readGgufFileInfo, type GgufFileInfo } from 'node-llama-cpp';
import type { GgufHeader } from '../../../../shared/contract/models.js';
import { GgufReadError } from './gguf-read-error.js';
import { quantizationName } from './gguf-quantization.js';
import { minimumFileSize, tensorElements } from './gguf-tensor-sizes.js';

const GGUF_MAGIC = 'GGUF';

export interface InspectedGguf {
  header: GgufHeader;
  /** The parsed header, for callers that go on to estimate memory. */
  info: GgufFileInfo;
}

/**
 * What a GGUF file's header says, read in pure JavaScript (node-llama-cpp's parser; nothing is
 * loaded into llama.cpp), so it is safe in the process that owns the database: a malformed file
 * can throw here but never abort the process. Throws GgufReadError with a message for a person.
 */
export async function inspectGguf(path: string): Promise<GgufHeader> {
  return (await readGguf(path)).header;
}

export async function readGguf(path: string): Promise<InspectedGguf> {
  const fileSizeBytes = await checkedFileSize(path);
  await checkMagic(path, fileSizeBytes);

  let info: GgufFileInfo;
  try {
    // For a split model (…-00001-of-00003.gguf) the parser also reads the other parts' headers,
    // so the parameter count covers the whole model.
    info = await readGgufFileInfo(path, { sourceType: 'filesystem', logWarnings: false });
  } catch (error) {
    throw new GgufReadError('invalid', path, `${path} has a GGUF header that cannot be parsed: ${messageOf(error)}`);
  }

  // The parser reads zeros past the end of a file instead of failing, so a cut-off file parses
  // "fine": compare what the header describes with the bytes that are really there.
  const headerEnd = info.infoEndOffset ?? 0;
  if (headerEnd > fileSizeBytes) {
    throw new GgufReadError('truncated', path, `${path} is truncated: its header alone needs ${headerEnd} bytes but the file has ${fileSizeBytes} (an interrupted download?)`);
  }
  const needed = minimumFileSize(info.tensorInfo ?? [], headerEnd);
  if (needed > fileSizeBytes) {
    throw new GgufReadError('truncated', path, `${path} is truncated: its tensors need ${needed} bytes but the file has ${fileSizeBytes} (an interrupted download?)`);
  }

  const architecture: unknown = info.metadata.general?.architecture;
  if (typeof architecture !== 'string' || architecture === '') {
    throw new GgufReadError('invalid', path, `${path} is a GGUF file without general.architecture, so no runtime can load it`);
  }
  const llm = info.architectureMetadata;
  return {
    info,
    header: {
      architecture,
      modelName: nonEmpty(info.metadata.general?.name),
      parameterCount: parameterCount(info),
      quantization: quantizationName(info),
      fileSizeBytes,
      trainedContextLength: positiveNumber(llm?.context_length),
      hasChatTemplate: nonEmpty(info.metadata.tokenizer?.chat_template) !== null,
      layerCount: positiveNumber(llm?.block_count),
    },
  };
}

async function checkedFileSize(path: string): Promise<number> {
  try {
    const stats = await stat(path);
    if (!stats.isFile()) throw new GgufReadError('unreadable', path, `${path} is not a file`);
    return stats.size;
  } catch (error) {
    if (error instanceof GgufReadError) throw error;
    throw new GgufReadError('unreadable', path, `Cannot read ${path}: ${messageOf(error)}`);
  }
}

async function checkMagic(path: string, size: number): Promise<void> {
  if (size < GGUF_MAGIC.length) throw new GgufReadError('not-gguf', path, `${path} is not a GGUF file (bad magic): it is ${size} bytes long`);
  const buffer = Buffer.alloc(GGUF_MAGIC.length);
  try {
    const file = await open(path, 'r');
    try {
      await file.read(buffer, 0, buffer.length, 0);
    } finally {
      await file.close();
    }
  } catch (error) {
    throw new GgufReadError('unreadable', path, `Cannot read ${path}: ${messageOf(error)}`);
  }
  if (buffer.toString('latin1') !== GGUF_MAGIC) {
    throw new GgufReadError('not-gguf', path, `${path} is not a GGUF file (bad magic: it starts with ${JSON.stringify(buffer.toString('latin1'))}, not "GGUF")`);
  }
}

/** `general.parameter_count` when the converter wrote it, else the sum of the tensors' elements. */
function parameterCount(info: GgufFileInfo): number | null {
  const stated = (info.metadata.general as { parameter_count?: unknown } | undefined)?.parameter_count;
  if (typeof stated === 'number' && stated > 0) return stated;
  if (typeof stated === 'bigint' && stated > 0n) return Number(stated);
  const tensors = info.fullTensorInfo ?? info.tensorInfo ?? [];
  if (tensors.length === 0) return null;
  return tensors.reduce((sum, tensor) => sum + tensorElements(tensor), 0);
}

function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function positiveNumber(value: unknown): number | null {
  if (typeof value === 'bigint') return value > 0n ? Number(value) : null;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
