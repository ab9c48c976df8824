/**
 * Sample values are typed as text. Text that is valid JSON for a list or an object is passed as
 * that value, so `{% for item in items %}` can be previewed too. An empty field is no value at all,
 * so `| default(...)` applies.
 */
export function toSampleValues(samples: Readonly<Record<string, string>>, variables: readonly string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const name of variables) {
    const text = samples[name] ?? '';
    if (text !== '') values[name] = parseStructured(text) ?? text;
  }
  return values;
}

function parseStructured(text: string): unknown {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('[') || trimmed.startsWith('{'))) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}
