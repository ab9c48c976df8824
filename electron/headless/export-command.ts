import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApi, buildRawApi, type Api } from '../../shared/contract/api.js';
import { describeSkipped, exportFileTypeSchema, exportFormats, exportFormatSchema, exportOptionsSchema, type ExportOptionsInput } from '../../shared/contract/export.js';
import { AppError } from '../../shared/errors.js';
import { createBackend } from '../services/bootstrap.js';
import type { Backend } from '../services/types.js';
import { confPreferences } from './conf-preferences.js';
import type { TextOut } from './progress-line.js';
import { count } from './run-summary.js';

/** `arbiter export` and `arbiter import-bundle`: 0 written; 1 nothing to write; 2 usage, options, workspace or bundle refused. */
export const exportExitCodes = { ok: 0, empty: 1, usage: 2 } as const;

export interface ExportIo {
  stdout: TextOut;
  stderr: TextOut;
}

export const exportUsage = `Usage:
  arbiter export --task-set <id or name> --format <format> [--out <folder>] [options]
  arbiter export --bundle [--annotator <id or name>] [--task-set …] [--out <folder>]
  arbiter import-bundle <folder>

Writes a folder: data/train.<ext> (and data/test.<ext>), manifest.json and a Hugging Face
dataset card (README.md). The same workspace and options give byte-identical files.

Formats (--format):
${exportFormats.map((format) => `  ${format.id.padEnd(20)}${format.label}`).join('\n')}

Options:
  --data-dir <dir>            Workspace folder
  --task-set <id or name>     A task set to export (repeat for several)
  --file-type <type>          jsonl (default), parquet or csv
  --out <folder>              Where to write (default: <workspace>/exports/<name>)
  --overwrite                 Replace an earlier Arbiter export in that folder
  --resolve <mode>            majority (default), unanimous or per-annotator
  --min-agreement <0-1>       Share of votes that must agree with a row's outcome
  --keep-ties                 Keep ties (marked choice "tie" in the metadata)
  --keep-both-bad             Both-bad as two undesirable rows (KTO) / two losses (SFT); never a pair
  --min-strength <strength>   any (default), slight or much
  --include-llm               Count LLM-judge verdicts as votes
  --test-fraction <0-0.9>     Hold out this share of prompts as the test split
  --split-seed <n>            Seed of the split (default 42)
  --no-dedupe                 Keep duplicate rows and pairs of identical outputs
  --metadata                  Ids, models, prompt versions, annotators, agreement beside the training fields
  --mask <kinds>              Mask PII: emails,phones,cards,ips (or all)
  --mask-pattern <regex>      Mask matches of your own pattern (RE2; repeat for several)
  --rubric-threshold <0-1>    Rubric score above which an output is desirable (default 0.5)
  --json                      Print the result as one JSON object on stdout
  Bundles: --bundle writes judgments.parquet, annotators.parquet and manifest.json;
  --annotator picks whose judgments (default: everyone's).
  Exit code: 0 written, 1 the options leave nothing to write, 2 a usage, option or workspace
  problem, or a bundle that was refused (the workspace is unchanged).
`;

const maskKinds = ['emails', 'phones', 'cards', 'ips'] as const;

export async function exportCommand(argv: string[], defaultDataDir: string, appVersion: string, io: ExportIo): Promise<number> {
  const say = (text: string) => io.stderr.write(`${text}\n`);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        'task-set': { type: 'string', multiple: true },
        format: { type: 'string' },
        'file-type': { type: 'string' },
        out: { type: 'string' },
        overwrite: { type: 'boolean' },
        resolve: { type: 'string' },
        'min-agreement': { type: 'string' },
        'keep-ties': { type: 'boolean' },
        'keep-both-bad': { type: 'boolean' },
        'min-strength': { type: 'string' },
        'include-llm': { type: 'boolean' },
        'test-fraction': { type: 'string' },
        'split-seed': { type: 'string' },
        'no-dedupe': { type: 'boolean' },
        metadata: { type: 'boolean' },
        mask: { type: 'string' },
        'mask-pattern': { type: 'string', multiple: true },
        'rubric-threshold': { type: 'string' },
        bundle: { type: 'boolean' },
        annotator: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    say(`${error instanceof Error ? error.message : String(error)}\n\n${exportUsage}`);
    return exportExitCodes.usage;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help) {
    io.stdout.write(exportUsage);
    return exportExitCodes.ok;
  }
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir);
  const out = values.out === undefined ? null : resolve(values.out);

  if (command === 'import-bundle') {
    const [folder, ...extra] = positionals.slice(1);
    if (!folder || extra.length > 0) {
      say(`${folder ? `Unexpected argument “${extra[0]}”.` : 'Which bundle folder? e.g. `arbiter import-bundle ./bundle-ana-1a2b3c4d`.'}\n\n${exportUsage}`);
      return exportExitCodes.usage;
    }
    return withApi(dataDir, appVersion, say, async (api) => {
      const result = await api.export.importBundle({ folder: resolve(folder) });
      if (values.json) {
        io.stdout.write(`${JSON.stringify(result)}\n`);
      } else {
        io.stdout.write(
          `Imported ${count(result.added)} of ${count(result.inBundle)} judgments into ${dataDir}` +
            ` (${count(result.duplicates)} already here${result.conflicts > 0 ? `, ${count(result.conflicts)} edited in both workspaces: ${count(result.conflictsWonByBundle)} taken from the bundle, the rest kept, both in the audit log` : ''}).\n` +
            (result.annotatorsAdded.length > 0 ? `New annotators: ${result.annotatorsAdded.join(', ')}.\n` : '') +
            result.warnings.map((warning) => `${warning}\n`).join(''),
        );
      }
      return exportExitCodes.ok;
    });
  }
  if (positionals.length > 1) {
    say(`Unexpected argument “${positionals[1]}”.\n\n${exportUsage}`);
    return exportExitCodes.usage;
  }

  if (values.bundle) {
    return withApi(dataDir, appVersion, say, async (api) => {
      const sources = await api.export.sources();
      const annotator = values.annotator === undefined ? null : findByIdOrName(sources.annotators, values.annotator, 'annotator');
      const taskSetIds = (values['task-set'] ?? []).map((value) => findByIdOrName(sources.taskSets, value, 'task set').id);
      const result = await api.export.writeBundle({ annotatorId: annotator?.id ?? null, taskSetIds, folder: out, overwrite: values.overwrite === true });
      if (values.json) io.stdout.write(`${JSON.stringify(result)}\n`);
      else io.stdout.write(`Wrote a bundle of ${count(result.judgments)} judgments (${result.annotators.join(', ')}; ${result.taskSets.join(', ')}) to ${result.folder}\n`);
      return exportExitCodes.ok;
    });
  }

  if (!values.format) {
    say(`Which format? --format ${exportFormatSchema.options.join(' | ')}\n\n${exportUsage}`);
    return exportExitCodes.usage;
  }
  if (!values['task-set'] || values['task-set'].length === 0) {
    say(`Which task set? --task-set <id or name> (repeat for several).\n\n${exportUsage}`);
    return exportExitCodes.usage;
  }
  let mask: ExportOptionsInput['mask'];
  try {
    mask = parseMask(values.mask, values['mask-pattern'] ?? []);
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
    return exportExitCodes.usage;
  }
  const draft = {
    taskSetIds: values['task-set'],
    format: values.format,
    fileType: values['file-type'] ?? 'jsonl',
    resolve: values.resolve ?? 'majority',
    minAgreement: numberOption(values['min-agreement'], 0),
    dropTies: values['keep-ties'] !== true,
    dropBothBad: values['keep-both-bad'] !== true,
    minStrength: values['min-strength'] ?? 'any',
    includeLlm: values['include-llm'] === true,
    testFraction: numberOption(values['test-fraction'], 0),
    splitSeed: numberOption(values['split-seed'], 42),
    dedupe: values['no-dedupe'] !== true,
    metadata: values.metadata === true,
    mask,
    rubricThreshold: numberOption(values['rubric-threshold'], 0.5),
  };
  // Checked here first, so a mistyped option is named as the option the user typed.
  const check = exportOptionsSchema.safeParse({ ...draft, taskSetIds: ['x'] });
  if (!check.success) {
    const issue = check.error.issues[0]!;
    const flag = optionFlags[String(issue.path[0])] ?? String(issue.path[0]);
    const hint = issue.path[0] === 'format' ? ` (one of ${exportFormatSchema.options.join(', ')})` : issue.path[0] === 'fileType' ? ` (one of ${exportFileTypeSchema.options.join(', ')})` : '';
    say(`arbiter export: ${flag}: ${issue.message}${hint}.`);
    return exportExitCodes.usage;
  }

  return withApi(dataDir, appVersion, say, async (api) => {
    const sources = await api.export.sources();
    const taskSetIds = draft.taskSetIds.map((value) => findByIdOrName(sources.taskSets, value, 'task set').id);
    const result = await api.export.write({ options: { ...check.data, taskSetIds }, folder: out, overwrite: values.overwrite === true });
    const manifest = result.manifest;
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ exportId: result.exportId, folder: result.folder, manifest })}\n`);
      return exportExitCodes.ok;
    }
    const skipped = describeSkipped(manifest.counts.skipped);
    const lines = [
      `Wrote ${count(manifest.counts.rows)} rows of ${manifest.formatLabel} (${manifest.fileType}) to ${result.folder}`,
      ...manifest.files.map((file) => `  ${file.path.padEnd(22)}${file.rows === null ? ''.padEnd(14) : `${count(file.rows)} rows`.padEnd(14)}sha256 ${file.sha256}`),
      '  manifest.json',
      `From ${count(manifest.counts.judgments)} judgments of ${count(manifest.counts.items)} items by ${manifest.annotators.map((annotator) => annotator.name).join(', ') || 'nobody'}.`,
    ];
    if (skipped) lines.push(`Left out: ${skipped}.`);
    io.stdout.write(`${lines.join('\n')}\n`);
    return exportExitCodes.ok;
  });
}

const optionFlags: Record<string, string> = {
  format: '--format',
  fileType: '--file-type',
  resolve: '--resolve',
  minAgreement: '--min-agreement',
  minStrength: '--min-strength',
  testFraction: '--test-fraction',
  splitSeed: '--split-seed',
  rubricThreshold: '--rubric-threshold',
  mask: '--mask-pattern',
};

function numberOption(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  return value.trim() === '' ? Number.NaN : parsed;
}

function parseMask(kinds: string | undefined, patterns: string[]): ExportOptionsInput['mask'] {
  const wanted = kinds === undefined ? [] : kinds === 'all' ? [...maskKinds] : kinds.split(',').map((kind) => kind.trim()).filter(Boolean);
  const unknown = wanted.filter((kind) => !(maskKinds as readonly string[]).includes(kind));
  if (unknown.length > 0) throw new Error(`arbiter export: --mask: unknown kind “${unknown[0]}” (use ${maskKinds.join(', ')} or all).`);
  return {
    emails: wanted.includes('emails'),
    phones: wanted.includes('phones'),
    cards: wanted.includes('cards'),
    ips: wanted.includes('ips'),
    patterns,
  };
}

function findByIdOrName<T extends { id: string; name: string }>(rows: readonly T[], value: string, what: string): T {
  const byId = rows.find((row) => row.id === value);
  if (byId) return byId;
  const byName = rows.filter((row) => row.name.toLowerCase() === value.toLowerCase());
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) throw new AppError('INVALID_INPUT', `Several ${what}s are called “${value}”; give the id: ${byName.map((row) => row.id).join(', ')}.`);
  throw new AppError('NOT_FOUND', `No ${what} “${value}” in this workspace${rows.length > 0 ? ` (there ${rows.length === 1 ? 'is' : 'are'}: ${rows.slice(0, 8).map((row) => `“${row.name}”`).join(', ')}${rows.length > 8 ? ', …' : ''})` : ''}.`);
}

/** Opens the workspace (refusing politely when another process has it), runs `work`, closes. */
async function withApi(dataDir: string, appVersion: string, say: (text: string) => void, work: (api: Api) => Promise<number>): Promise<number> {
  let backend: Backend;
  try {
    backend = await createBackend({
      dataDir,
      transport: 'http',
      preferences: confPreferences(dataDir),
      appVersion,
      logger: { info: () => {}, warn: (message) => say(message), error: (message) => say(message) },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.includes('already open in another Arbiter process')) {
      say(`arbiter: the workspace ${dataDir} is open in another Arbiter process (the desktop app or \`arbiter serve\`). Close it, or use the Export screen there.`);
    } else {
      say(`arbiter: could not open the workspace ${dataDir}: ${message}`);
    }
    return exportExitCodes.usage;
  }
  try {
    return await work(buildApi(buildRawApi((channel, input) => backend.dispatch(channel, input))));
  } catch (error) {
    if (error instanceof AppError && error.code !== 'INTERNAL') {
      say(`arbiter: ${error.message}`);
      return error.message.startsWith('Nothing to export') ? exportExitCodes.empty : exportExitCodes.usage;
    }
    throw error;
  } finally {
    await backend.close();
  }
}
