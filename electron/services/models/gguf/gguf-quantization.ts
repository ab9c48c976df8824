import { GgmlType, GgufFileType, type GgufFileInfo } from 'node-llama-cpp';
import { tensorElements } from './gguf-tensor-sizes.js';

/** "Q4_K_M", "F16", … from `general.file_type` (llama.cpp's LLAMA_FTYPE_* names). */
export function fileTypeName(fileType: number | undefined): string | null {
  if (fileType === undefined) return null;
  const name = GgufFileType[fileType];
  if (name === undefined) return null;
  return name.replace(/^(MOSTLY|ALL)_/, '');
}

/** The ggml type holding most of the weights, for files that do not state `general.file_type`. */
export function dominantTensorTypeName(info: GgufFileInfo): string | null {
  const elementsByType = new Map<GgmlType, number>();
  for (const tensor of info.fullTensorInfo ?? info.tensorInfo ?? []) {
    // 1-D tensors (norms, biases) stay F32 in every quantization; they would skew the vote.
    if (tensor.dimensions.length < 2) continue;
    elementsByType.set(tensor.ggmlType, (elementsByType.get(tensor.ggmlType) ?? 0) + tensorElements(tensor));
  }
  let best: GgmlType | null = null;
  for (const [type, elements] of elementsByType) if (best === null || elements > (elementsByType.get(best) ?? 0)) best = type;
  return best === null ? null : (GgmlType[best] ?? null);
}

export function quantizationName(info: GgufFileInfo): string | null {
  return fileTypeName(info.metadata.general?.file_type) ?? dominantTensorTypeName(info);
}
