import { describeSkipped, exportFormatInfo, type ExportManifest } from '../../../shared/contract/export.js';

/**
 * README.md in the Hugging Face dataset card layout: YAML front matter whose `configs` name the
 * data file of each split, so the folder loads with `datasets.load_dataset(folder)` and can be
 * pushed to the Hub as it is. Built from the manifest only, so it is as reproducible as the data.
 */
export function datasetCard(manifest: Omit<ExportManifest, 'files'>, dataFiles: { split: 'train' | 'test'; path: string; rows: number }[]): string {
  const info = exportFormatInfo(manifest.format);
  const total = manifest.counts.rows;
  const name = `${manifest.taskSets.map((set) => set.name).join(', ')} · ${info.label}`;
  const yaml = [
    '---',
    `pretty_name: ${JSON.stringify(name)}`,
    'tags:',
    ...['arbiter', ...info.tags].map((tag) => `- ${tag}`),
    'task_categories:',
    '- text-generation',
    'size_categories:',
    `- ${sizeCategory(total)}`,
    'configs:',
    '- config_name: default',
    '  data_files:',
    ...dataFiles.flatMap((file) => [`  - split: ${file.split}`, `    path: ${file.path}`]),
    '---',
  ];
  const filters = manifest.filters;
  const masks = (['emails', 'phones', 'cards', 'ips'] as const).filter((kind) => filters.mask[kind]);
  const skipped = describeSkipped(manifest.counts.skipped);
  const lines = [
    ...yaml,
    '',
    `# ${name}`,
    '',
    `Human preference data exported from Arbiter ${manifest.tool.version}: ${count(total)} rows from ${count(manifest.counts.judgments)} judgments of ${count(manifest.counts.items)} items.`,
    '',
    '## Format',
    '',
    `**${info.label}**, for ${info.consumer}. Each row:`,
    '',
    '```json',
    info.shape,
    '```',
    '',
    `Files are ${manifest.fileType === 'jsonl' ? 'JSON Lines' : manifest.fileType === 'parquet' ? 'Parquet' : 'CSV (lists and objects as JSON text)'}; columns: ${manifest.columns.map((column) => `\`${column}\``).join(', ')}.`,
    '',
    '## Splits',
    '',
    '| split | rows | prompts | file |',
    '| --- | --- | --- | --- |',
    ...dataFiles.map((file) => `| ${file.split} | ${count(file.rows)} | ${count(file.split === 'train' ? manifest.counts.trainPrompts : manifest.counts.testPrompts)} | \`${file.path}\` |`),
    '',
    manifest.counts.test > 0
      ? `The test split holds ${Math.round(filters.testFraction * 100)}% of the prompts (seed ${filters.splitSeed}); a prompt (a dataset row, with every prompt version's rendering of it) is never in both splits.`
      : 'One split: no rows were held out.',
    '',
    '## How the rows were chosen',
    '',
    `- Several annotators on one item: ${resolveText(filters.resolve)}${filters.minAgreement > 0 ? `; at least ${Math.round(filters.minAgreement * 100)}% agreement` : ''}.`,
    `- Ties ${filters.dropTies ? 'left out' : 'kept (metadata `choice` says "tie")'}; both-bad never made a pair${filters.dropBothBad ? ' and was left out' : ', and made undesirable rows'}.`,
    `- Strength: ${filters.minStrength === 'any' ? 'any' : `at least “${filters.minStrength}”`}. LLM-judge verdicts ${filters.includeLlm ? 'counted as votes' : 'left out'}.`,
    `- Duplicates ${filters.dedupe ? 'removed (and pairs with identical outputs)' : 'kept'}.`,
    `- PII masking: ${masks.length === 0 && filters.mask.customPatterns === 0 ? 'off' : [...masks, ...(filters.mask.customPatterns > 0 ? [`${filters.mask.customPatterns} custom pattern${filters.mask.customPatterns === 1 ? '' : 's'}`] : [])].join(', ')}. API keys, local model paths and the home folder are always removed.`,
    ...(skipped ? ['', `Left out: ${skipped}.`] : []),
    '',
    '## Lineage',
    '',
    `- Experiments: ${list(manifest.experiments.map((experiment) => experiment.name))}`,
    `- Task sets: ${list(manifest.taskSets.map((set) => `${set.name} (${set.kind})`))}`,
    `- Models: ${list(manifest.models.map((model) => (model.kind === 'remote' && model.provider ? `${model.name} (${model.provider}${model.model ? ` ${model.model}` : ''})` : `${model.name} (local)`)))}`,
    `- Prompt versions: ${list(manifest.promptVersions.map((version) => `${version.prompt} v${version.number}`))}`,
    `- Annotators: ${list(manifest.annotators.map((annotator) => `${annotator.name}${annotator.kind === 'llm' ? ' (LLM judge)' : ''}: ${count(annotator.judgments)}`))}`,
    '',
    '`manifest.json` has every id, the filters, the counts and the sha256 of each file.',
    '',
    '## Loading',
    '',
    '```python',
    'from datasets import load_dataset',
    '',
    'dataset = load_dataset("path/to/this/folder")',
    '```',
    '',
  ];
  return lines.join('\n');
}


function resolveText(resolve: string): string {
  if (resolve === 'unanimous') return 'only items on which everyone agreed';
  if (resolve === 'per-annotator') return 'one row per annotator';
  return 'the majority outcome (items without a majority left out)';
}

function list(values: string[]): string {
  return values.length === 0 ? '—' : values.join('; ');
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function sizeCategory(rows: number): string {
  if (rows < 1_000) return 'n<1K';
  if (rows < 10_000) return '1K<n<10K';
  if (rows < 100_000) return '10K<n<100K';
  if (rows < 1_000_000) return '100K<n<1M';
  if (rows < 10_000_000) return '1M<n<10M';
  return '10M<n<100M';
}
