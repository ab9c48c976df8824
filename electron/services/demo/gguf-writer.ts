// A minimal GGUF v3 writer: typed metadata (scalars, strings, arrays) and f32 tensors.
// Only what the demo workspace and the test fixtures need; no quantized types. Spec: ggml/docs/gguf.md.
// The tests reach it through test/fixtures/gguf/, which re-exports this file: one writer, not two.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';

export const GGUF_MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
export const GGUF_VERSION = 3;
export const GGUF_DEFAULT_ALIGNMENT = 32;

/** GGUF metadata value type ids, as written on disk. */
export const GgufValueType = {
  uint8: 0,
  int8: 1,
  uint16: 2,
  int16: 3,
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
  uint64: 10,
  int64: 11,
  float64: 12,
} as const;

export type GgufScalarType = Exclude<keyof typeof GgufValueType, 'array'>;
type ScalarJs<T extends GgufScalarType> = T extends 'string'
  ? string
  : T extends 'bool'
    ? boolean
    : T extends 'uint64' | 'int64'
      ? bigint | number
      : number;

export type GgufMetadataValue =
  | { [T in GgufScalarType]: { type: T; value: ScalarJs<T> } }[GgufScalarType]
  | { [T in GgufScalarType]: { type: 'array'; itemType: T; values: readonly ScalarJs<T>[] } }[GgufScalarType];

/** ggml tensor type ids; only f32 is produced here. */
export const GgmlType = { f32: 0 } as const;

export type GgufTensor = {
  name: string;
  /** ggml order: dims[0] is ne[0], the contiguous (row length) dimension. */
  dims: readonly number[];
  /** Called once at write time, so large tensors never sit in memory all together. */
  fill: (out: Float32Array) => void;
};

/** mulberry32: tiny, fast, seedable; good enough for random weights. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Growable little-endian byte buffer for the header section. */
class ByteSink {
  private buf = Buffer.alloc(1 << 16);
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = Buffer.alloc(size);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  u8(v: number): void { this.reserve(1); this.buf.writeUInt8(v, this.length); this.length += 1; }
  i8(v: number): void { this.reserve(1); this.buf.writeInt8(v, this.length); this.length += 1; }
  u16(v: number): void { this.reserve(2); this.buf.writeUInt16LE(v, this.length); this.length += 2; }
  i16(v: number): void { this.reserve(2); this.buf.writeInt16LE(v, this.length); this.length += 2; }
  u32(v: number): void { this.reserve(4); this.buf.writeUInt32LE(v, this.length); this.length += 4; }
  i32(v: number): void { this.reserve(4); this.buf.writeInt32LE(v, this.length); this.length += 4; }
  f32(v: number): void { this.reserve(4); this.buf.writeFloatLE(v, this.length); this.length += 4; }
  f64(v: number): void { this.reserve(8); this.buf.writeDoubleLE(v, this.length); this.length += 8; }
  u64(v: bigint | number): void { this.reserve(8); this.buf.writeBigUInt64LE(BigInt(v), this.length); this.length += 8; }
  i64(v: bigint | number): void { this.reserve(8); this.buf.writeBigInt64LE(BigInt(v), this.length); this.length += 8; }
  bytes(b: Uint8Array): void { this.reserve(b.length); this.buf.set(b, this.length); this.length += b.length; }
  string(s: string): void { const b = Buffer.from(s, 'utf8'); this.u64(b.length); this.bytes(b); }
  padTo(alignment: number): void { while (this.length % alignment !== 0) this.u8(0); }
  toBuffer(): Buffer { return this.buf.subarray(0, this.length); }
}

function writeScalar(sink: ByteSink, type: GgufScalarType, value: unknown): void {
  switch (type) {
    case 'uint8': return sink.u8(value as number);
    case 'int8': return sink.i8(value as number);
    case 'uint16': return sink.u16(value as number);
    case 'int16': return sink.i16(value as number);
    case 'uint32': return sink.u32(value as number);
    case 'int32': return sink.i32(value as number);
    case 'float32': return sink.f32(value as number);
    case 'float64': return sink.f64(value as number);
    case 'uint64': return sink.u64(value as bigint | number);
    case 'int64': return sink.i64(value as bigint | number);
    case 'bool': return sink.u8(value ? 1 : 0);
    case 'string': return sink.string(value as string);
  }
}

const alignUp = (n: number, alignment: number) => Math.ceil(n / alignment) * alignment;

export class GgufWriter {
  private readonly metadata = new Map<string, GgufMetadataValue>();
  private readonly tensors: GgufTensor[] = [];

  constructor(readonly alignment = GGUF_DEFAULT_ALIGNMENT) {
    // Written even when it is the default, so no reader has to guess.
    this.set('general.alignment', { type: 'uint32', value: alignment });
  }

  /** Insertion order is kept, so identical calls give identical bytes. */
  set(key: string, value: GgufMetadataValue): this {
    this.metadata.set(key, value);
    return this;
  }

  delete(key: string): this {
    this.metadata.delete(key);
    return this;
  }

  has(key: string): boolean {
    return this.metadata.has(key);
  }

  addTensor(tensor: GgufTensor): this {
    if (this.tensors.some((t) => t.name === tensor.name)) throw new Error(`duplicate tensor ${tensor.name}`);
    this.tensors.push(tensor);
    return this;
  }

  private header(): { header: Buffer; offsets: number[] } {
    const sink = new ByteSink();
    sink.u32(GGUF_MAGIC);
    sink.u32(GGUF_VERSION);
    sink.u64(this.tensors.length);
    sink.u64(this.metadata.size);
    for (const [key, v] of this.metadata) {
      sink.string(key);
      sink.u32(GgufValueType[v.type]);
      if (v.type === 'array') {
        sink.u32(GgufValueType[v.itemType]);
        sink.u64(v.values.length);
        for (const item of v.values) writeScalar(sink, v.itemType, item);
      } else {
        writeScalar(sink, v.type, v.value);
      }
    }
    const offsets: number[] = [];
    let offset = 0;
    for (const t of this.tensors) {
      sink.string(t.name);
      sink.u32(t.dims.length);
      for (const d of t.dims) sink.u64(d);
      sink.u32(GgmlType.f32);
      sink.u64(offset);
      offsets.push(offset);
      offset = alignUp(offset + elementCount(t.dims) * 4, this.alignment);
    }
    sink.padTo(this.alignment);
    return { header: sink.toBuffer(), offsets };
  }

  /** Writes to a temp name and renames, so parallel test processes never see a half-written file. */
  writeFile(path: string): number {
    // Tensor bytes come straight from a Float32Array, which is host-endian.
    if (endianness() !== 'LE') throw new Error('GgufWriter needs a little-endian host');
    const { header, offsets } = this.header();
    const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
    const fd = openSync(tmp, 'w');
    let written = 0;
    try {
      written += writeSync(fd, header);
      this.tensors.forEach((t, i) => {
        const start = header.length + (offsets[i] ?? 0);
        if (written < start) written += writeSync(fd, Buffer.alloc(start - written));
        const data = new Float32Array(elementCount(t.dims));
        t.fill(data);
        written += writeSync(fd, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      });
      const end = alignUp(written, this.alignment);
      if (written < end) written += writeSync(fd, Buffer.alloc(end - written));
    } catch (error) {
      closeSync(fd);
      rmSync(tmp, { force: true });
      throw error;
    }
    closeSync(fd);
    renameSync(tmp, path);
    return written;
  }
}

export function elementCount(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}
