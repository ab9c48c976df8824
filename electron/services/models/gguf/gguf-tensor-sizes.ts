import { GgmlType, type GgufTensorInfo } from 'node-llama-cpp';

// Elements per block and bytes per block of the ggml types whose layout is certain (ggml's
// type_traits). Other types are left out on purpose: a wrong entry would call a valid file
// truncated, while a missing one only makes the size check less strict.
const blockLayout: Partial<Record<GgmlType, readonly [elements: number, bytes: number]>> = {
  [GgmlType.F32]: [1, 4],
  [GgmlType.F16]: [1, 2],
  [GgmlType.BF16]: [1, 2],
  [GgmlType.F64]: [1, 8],
  [GgmlType.I8]: [1, 1],
  [GgmlType.I16]: [1, 2],
  [GgmlType.I32]: [1, 4],
  [GgmlType.I64]: [1, 8],
  [GgmlType.Q4_0]: [32, 18],
  [GgmlType.Q4_1]: [32, 20],
  [GgmlType.Q5_0]: [32, 22],
  [GgmlType.Q5_1]: [32, 24],
  [GgmlType.Q8_0]: [32, 34],
  [GgmlType.Q2_K]: [256, 84],
  [GgmlType.Q3_K]: [256, 110],
  [GgmlType.Q4_K]: [256, 144],
  [GgmlType.Q5_K]: [256, 176],
  [GgmlType.Q6_K]: [256, 210],
};

export function tensorElements(tensor: GgufTensorInfo): number {
  return tensor.dimensions.reduce<number>((product, dim) => product * Number(dim), 1);
}

/** Bytes the tensor's data takes in the file, or null for a type not in the table. */
export function tensorDataBytes(tensor: GgufTensorInfo): number | null {
  const layout = blockLayout[tensor.ggmlType];
  if (!layout) return null;
  const [elements, bytes] = layout;
  return Math.ceil(tensorElements(tensor) / elements) * bytes;
}

/**
 * The smallest size a file must have to hold the tensors stored in it (part 1 of a split
 * model): the end of the last tensor when its type is known, else just past its start.
 */
export function minimumFileSize(tensors: readonly GgufTensorInfo[], headerEnd: number): number {
  let end = headerEnd;
  for (const tensor of tensors) {
    if ((tensor.filePart ?? 1) !== 1) continue;
    const start = Number(tensor.fileOffset);
    end = Math.max(end, start + (tensorDataBytes(tensor) ?? 1));
  }
  return end;
}
