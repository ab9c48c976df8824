/** What the scheduler knows of a local model. */
export interface LocalModelFacts {
  modelId: string;
  /** RAM plus VRAM, from the GGUF header and load settings; null when unknown. */
  estimatedMemoryBytes: number | null;
}

export interface LocalMemoryFacts {
  ramFreeBytes: number;
  /** Free GPU memory, when there is a GPU: layers offloaded there need no RAM. */
  gpuFreeBytes: number | null;
  /** Models loaded now (they need no more memory, and no load). */
  loadedModelIds: readonly string[];
}

export interface LocalSchedule {
  /** True: all models generate at once. False: one model after another, each loaded once. */
  concurrent: boolean;
  order: string[];
}

/** RAM kept free for the rest of the machine, as the inference host does. */
const reserveBytes = 512 * 1024 * 1024;

/**
 * Local models run side by side when all of them fit in free memory at once; otherwise one model
 * at a time, those already loaded first, so each model is loaded once per run (loading is the
 * slow part: seconds for a real model, against milliseconds a generation for a small one).
 */
export function planLocalSchedule(models: readonly LocalModelFacts[], memory: LocalMemoryFacts | null): LocalSchedule {
  const loaded = new Set(memory?.loadedModelIds ?? []);
  const order = [...models.filter((m) => loaded.has(m.modelId)), ...models.filter((m) => !loaded.has(m.modelId))].map((m) => m.modelId);
  if (models.length <= 1 || memory === null) return { concurrent: false, order };
  let needed = 0;
  for (const model of models) {
    if (loaded.has(model.modelId)) continue;
    if (model.estimatedMemoryBytes === null) return { concurrent: false, order };
    needed += model.estimatedMemoryBytes;
  }
  return { concurrent: needed <= memory.ramFreeBytes - reserveBytes + (memory.gpuFreeBytes ?? 0), order };
}
