import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: string };

/** The output as JSON: the whole text, or the inside of one ```json fence (models often add one). */
export function parseJsonOutput(output: string): JsonParse {
  const text = output.trim();
  const fenced = /^```(?:json|JSON)?\s*\n([\s\S]*?)\n?```$/.exec(text);
  try {
    return { ok: true, value: JSON.parse(fenced ? fenced[1]! : text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export interface SchemaCheck {
  (value: unknown): boolean;
  /** The last failure in words: `/age: must be >= 0`. */
  describe(): string;
}

// Draft-07 by default (what most tools write); `$schema` of 2020-12 picks that dialect. allErrors off:
// the first problem is enough to fail a row, and stopping there is much faster.
const draft07 = new Ajv({ allErrors: false, strict: false });
const draft2020 = new Ajv2020({ allErrors: false, strict: false });
const compiled = new Map<string, SchemaCheck | string>();

/** Compiles once per distinct schema; a schema Ajv refuses comes back as the reason in words. */
export function compileJsonSchema(schema: Record<string, unknown>): SchemaCheck | string {
  const key = JSON.stringify(schema);
  let check = compiled.get(key);
  if (check !== undefined) return check;
  try {
    const ajv = typeof schema.$schema === 'string' && schema.$schema.includes('2020-12') ? draft2020 : draft07;
    const validate: ValidateFunction = ajv.compile(schema);
    check = Object.assign((value: unknown) => validate(value), { describe: () => describeErrors(validate.errors) });
  } catch (error) {
    check = `The JSON Schema is invalid: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (compiled.size > 200) compiled.clear();
  compiled.set(key, check);
  return check;
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  const first = errors?.[0];
  if (!first) return 'unknown problem';
  return `${first.instancePath || '(root)'}: ${first.message ?? first.keyword}`;
}
