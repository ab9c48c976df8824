import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';

/**
 * `arbiter run experiment.yaml --gate gate.yaml`: the thresholds a run must meet, absolute or
 * relative to a baseline experiment. test/fixtures/experiments/gate.yaml is the commented example.
 */

/** Higher is better for these; lower is better for the rest. */
export const higherIsBetter = new Set(['pass-rate', 'mean-score'] as const);
export const gateMetrics = ['pass-rate', 'mean-score', 'cost', 'cost-per-generation', 'latency-p50', 'latency-p95', 'latency-p99', 'ttft-p95', 'error-rate', 'output-tokens'] as const;
export type GateMetric = (typeof gateMetrics)[number];

/** "20%" or 0.2: a share. */
const share = z.union([z.number().min(0), z.string().regex(/^\d+(\.\d+)?%$/, 'a number or a percentage such as "20%"').transform((text) => Number(text.slice(0, -1)) / 100)]);

export const gateCheckSchema = z
  .object({
    metric: z.enum(gateMetrics),
    /** For pass-rate and mean-score: one scorer (its name); absent: every scorer together. */
    scorer: z.string().min(1).max(60).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    /** Higher-is-better metrics: the most it may fall below the baseline, in absolute terms (0.05 = 5 points of pass rate). */
    maxDrop: z.number().min(0).optional(),
    /** Lower-is-better metrics: the most it may rise above the baseline, as a share of it ("20%" or 0.2). */
    maxIncrease: share.optional(),
  })
  .strict()
  .superRefine((check, ctx) => {
    const higher = higherIsBetter.has(check.metric as 'pass-rate');
    if (check.min === undefined && check.max === undefined && check.maxDrop === undefined && check.maxIncrease === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'needs a bound: min, max, maxDrop or maxIncrease' });
    }
    if (check.scorer !== undefined && !higher) ctx.addIssue({ code: 'custom', path: ['scorer'], message: `a scorer applies to pass-rate and mean-score, not ${check.metric}` });
    if (check.maxDrop !== undefined && !higher) ctx.addIssue({ code: 'custom', path: ['maxDrop'], message: `${check.metric} is better lower: use maxIncrease` });
    if (check.maxIncrease !== undefined && higher) ctx.addIssue({ code: 'custom', path: ['maxIncrease'], message: `${check.metric} is better higher: use maxDrop` });
  });
export type GateCheck = z.output<typeof gateCheckSchema>;

export const gateFileSchema = z
  .object({
    /** An experiment's name (its newest run other than this one) or id. Needed by maxDrop and maxIncrease. */
    baseline: z.string().trim().min(1).max(200).optional(),
    checks: z.array(gateCheckSchema).min(1).max(100),
    /** Regressed rows listed in the output (default 20). */
    showRows: z.number().int().min(0).max(1000).optional(),
  })
  .strict()
  .superRefine((gate, ctx) => {
    gate.checks.forEach((check, index) => {
      if ((check.maxDrop !== undefined || check.maxIncrease !== undefined) && gate.baseline === undefined) {
        ctx.addIssue({ code: 'custom', path: ['checks', index], message: 'a relative bound (maxDrop, maxIncrease) needs a baseline experiment: add `baseline: <experiment name>`' });
      }
    });
  });
export type GateFile = z.output<typeof gateFileSchema>;

export class GateFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'GateFileError';
  }
}

export function loadGateFile(file: string): GateFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new GateFileError([`${file}: ${code === 'ENOENT' ? 'no such file' : String(error)}`]);
  }
  return parseGateFile(text, basename(file));
}

export function parseGateFile(text: string, name: string): GateFile {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) throw new GateFileError(doc.errors.slice(0, 5).map((error) => `${name}: YAML: ${error.message.split('\n')[0]}`));
  const parsed = gateFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new GateFileError(
      parsed.error.issues.slice(0, 10).map((issue) => {
        const field = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '');
        return `${name}: ${field ? `${field}: ` : ''}${issue.message.replace(/^Invalid input: /, '')}`;
      }),
    );
  }
  return parsed.data;
}
