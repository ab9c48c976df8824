import { builtinModules } from 'node:module';
import { dirname, join, normalize, relative, sep } from 'node:path';

/** The layers of ../shared/DESIGN.md: which folders and packages each environment may import. */
export interface Layer {
  name: string;
  folder: string;
  mayImportFolders: string[];
  node: boolean;
  electron: boolean;
  /** undefined: any package that is not Node, Electron or denied. */
  packages?: string[];
  deniedPackages?: string[];
}

const backendOnly = ['@duckdb/node-api', 'node-llama-cpp', 'ws', 'conf', 'electron-store', 'sirv'];
const browserOnly = ['react', 'react-dom', 'monaco-editor'];

export const layers: Layer[] = [
  { name: 'shared', folder: 'shared', mayImportFolders: ['shared'], node: false, electron: false, packages: ['zod', '@huggingface/jinja', 'pure-rand'] },
  { name: 'renderer', folder: 'renderer', mayImportFolders: ['renderer', 'shared'], node: false, electron: false, deniedPackages: backendOnly },
  { name: 'preload', folder: 'electron/preload', mayImportFolders: ['electron/preload', 'shared'], node: false, electron: true, packages: ['zod'] },
  { name: 'services', folder: 'electron/services', mayImportFolders: ['electron/services', 'shared'], node: true, electron: false, deniedPackages: browserOnly },
  { name: 'headless', folder: 'electron/headless', mayImportFolders: ['electron/headless', 'electron/services', 'shared'], node: true, electron: false, deniedPackages: browserOnly },
  { name: 'main', folder: 'electron/main', mayImportFolders: ['electron/main', 'electron/services', 'shared'], node: true, electron: true, deniedPackages: browserOnly },
];

const importPattern = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(importPattern)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (specifier) found.push(specifier);
  }
  return found;
}

export function layerOf(file: string): Layer | undefined {
  const path = file.split(sep).join('/');
  return layers.find((layer) => path === layer.folder || path.startsWith(`${layer.folder}/`));
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

const nodeBuiltins = new Set(builtinModules);

/** Problems with one import of `file` (a repo-relative path), or an empty list. */
export function checkImport(file: string, specifier: string): string[] {
  const layer = layerOf(file);
  if (!layer) return [`${file} is in no layer of DESIGN.md; put it in one of ${layers.map((l) => l.folder).join(', ')}`];
  if (specifier.startsWith('.')) {
    const target = normalize(join(dirname(file), specifier)).split(sep).join('/');
    const targetLayer = layerOf(target);
    const allowed = layer.mayImportFolders.some((folder) => target === folder || target.startsWith(`${folder}/`));
    if (allowed) return [];
    return [`${file} (${layer.name}) imports ${specifier} from ${targetLayer?.name ?? relative('.', target)}, which ${layer.name} may not import`];
  }
  if (specifier.startsWith('virtual:') || specifier.startsWith('/')) return [];
  const name = packageName(specifier.split('?')[0] ?? specifier);
  if (specifier.startsWith('node:') || nodeBuiltins.has(name)) {
    return layer.node ? [] : [`${file} (${layer.name}) imports the Node module ${specifier}; ${layer.name} does not run in Node`];
  }
  if (name === 'electron') return layer.electron ? [] : [`${file} (${layer.name}) imports electron; only electron/main and electron/preload may`];
  if (layer.packages && !layer.packages.includes(name)) {
    return [`${file} (${layer.name}) imports ${name}; ${layer.name} may import only ${layer.packages.join(', ')}`];
  }
  if (layer.deniedPackages?.includes(name)) return [`${file} (${layer.name}) imports ${name}, which does not belong in ${layer.name}`];
  return [];
}
