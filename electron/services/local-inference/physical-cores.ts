import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * Physical CPU cores, the default llama thread count: llama.cpp slows down badly with more
 * threads than cores (measured here on 2 cores: default threads 4 tokens/s, 1 thread 2,700).
 * Linux: distinct (package, core) pairs in /proc/cpuinfo, capped by the CPUs this process may
 * use. Elsewhere Node cannot tell cores from hardware threads, so logical CPUs it is.
 */
export function physicalCoreCount(): number {
  const logical = Math.max(1, availableParallelism());
  if (process.platform !== 'linux') return logical;
  try {
    const cores = countLinuxCores(readFileSync('/proc/cpuinfo', 'utf8'));
    return cores > 0 ? Math.min(cores, logical) : logical;
  } catch {
    return logical;
  }
}

export function countLinuxCores(cpuinfo: string): number {
  const cores = new Set<string>();
  for (const block of cpuinfo.split(/\n\s*\n/)) {
    const physicalId = /^physical id\s*:\s*(\d+)/m.exec(block)?.[1];
    const coreId = /^core id\s*:\s*(\d+)/m.exec(block)?.[1];
    if (coreId !== undefined) cores.add(`${physicalId ?? 0}:${coreId}`);
  }
  return cores.size;
}
